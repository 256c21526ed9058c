/**
 * TypeScript tests, as `anchor test` runs them: against the native local validator (started
 * here), or the validator at ANCHOR_PROVIDER_URL. The waterfall with wallet-signed transactions
 * from several keypairs, events decoded from logs, the SDK's prediction equal to the charge;
 * and the validator's RPC methods, bad params and a malformed transaction.
 */
import assert from "node:assert/strict";
import {
  Connection,
  Keypair,
  LAMPORTS_PER_SOL,
  PublicKey,
  SystemProgram,
  Transaction,
} from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { AnchorProvider, Wallet } from "@anchor-lang/core";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { LossMutualizationClient, marketKeys, pdas, programError, PROGRAM_ID } from "../app/src/client";
import { Localnet, startLocalnet } from "../app/src/localnet";

const PORT = Number(process.env.LM_TEST_RPC_PORT ?? 18899);
let net: Localnet;
let connection: Connection;

async function rpc(method: string, params: unknown[] = []): Promise<any> {
  const response = await fetch(net.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return response.json();
}

async function funded(sol = 10): Promise<Keypair> {
  const keypair = Keypair.generate();
  const sig = await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL);
  await connection.confirmTransaction(sig, "confirmed");
  return keypair;
}

before(async () => {
  net = await startLocalnet(PORT);
  connection = new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl });
});

after(async () => {
  (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();
  await net?.stop();
});

describe("loss mutualization over JSON-RPC", () => {
  let admin: Keypair, risk: Keypair, clearing: Keypair;
  let client: LossMutualizationClient;
  let mint: PublicKey;
  const traders: Record<string, Keypair> = {};
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);
  const as = (who: Keypair) => new LossMutualizationClient(connection, who, client.keys);

  before(async () => {
    [admin, risk, clearing] = await Promise.all([funded(100), funded(), funded()]);
    const mintKeypair = Keypair.generate();
    mint = mintKeypair.publicKey;
    client = new LossMutualizationClient(connection, admin, marketKeys(mint, 1));
    const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
    await client.send(
      [
        SystemProgram.createAccount({ fromPubkey: admin.publicKey, newAccountPubkey: mint, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint, 6, admin.publicKey, null),
      ],
      [mintKeypair],
    );
    await client.send([
      await client.initializeMarketIx(admin.publicKey, 1, risk.publicKey, clearing.publicKey, {
        profitMaturitySecs: 3600,
        maxDrawPerEvent: 1_000_000_000n,
        drawWindowCap: 5_000_000_000n,
        drawWindowSecs: 86_400,
        unstakeDelaySecs: 0,
      }),
    ]);
    for (const [name, deposit] of [["alice", 1_000_000n], ["bob", 2_000_000n], ["carol", 3_000_000n], ["dave", 1_000_000n], ["staker", 0n]] as const) {
      const wallet = await funded();
      traders[name] = wallet;
      const account = ata(wallet.publicKey);
      await client.send([
        createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, account, wallet.publicKey, mint),
        createMintToInstruction(mint, account, admin.publicKey, 5_000_000n),
      ]);
      if (deposit > 0n) {
        const me = as(wallet);
        await me.send([await me.openPositionIx(wallet.publicKey), await me.depositIx(wallet.publicKey, account, deposit)]);
      }
    }
  });

  it("runs the waterfall: bankruptcy, partial insurance draw, proportional clawback, settlements", async () => {
    const { alice, bob, carol, dave, staker } = traders;
    const st = as(staker);
    await st.send([await st.stakeIx(staker.publicKey, ata(staker.publicKey), 300_000n)]);
    const clear = as(clearing);
    for (const [winner, amount] of [[alice, 500_000n], [bob, 700_000n], [carol, 1_100_000n]] as const) {
      await clear.send([await clear.applyPnlIx(clearing.publicKey, winner.publicKey, dave.publicKey, amount)]);
    }
    const daveBefore = await client.position(dave.publicKey);
    assert.equal(daveBefore?.realizedPnl, -1_300_000n);
    assert.equal(daveBefore?.bankrupt, true);

    // One transaction, signed by the risk authority; its events decoded from the logs.
    const { seq, signature } = await as(risk).resolveShortfall(risk, dave.publicKey);
    const events = await client.events(signature);
    const names = events.map((e) => e.name);
    assert.deepEqual(names.filter((n) => /shortfallRecorded|insuranceDrawn|lossSocialized/i.test(n)).length, 3, `events: ${names}`);
    const drawn = events.find((e) => /insuranceDrawn/i.test(e.name))!.data;
    const socialized = events.find((e) => /lossSocialized/i.test(e.name))!.data;
    assert.equal(drawn.amount.toString(), "300000");
    assert.equal(socialized.clawback.toString(), "1000000");
    const record = await client.record(seq);
    assert.equal(record.insurancePaid.toString(), "300000");
    assert.equal(record.socialized.toString(), "1000000");
    assert.equal((await client.lossEvents()).length, 1);

    // Withdraw refused with the named error before settling.
    const a = as(alice);
    await assert.rejects(
      a.send([await a.withdrawIx(alice.publicKey, ata(alice.publicKey), 1n)]),
      (err) => programError(err)?.name === "ClawbackPending",
    );

    // Each winner settles; the SDK's prediction is what the program charges.
    let total = 0n;
    for (const [wallet, expected] of [[alice, 217_392n], [bob, 304_348n], [carol, 478_261n]] as const) {
      const me = as(wallet);
      const exposure = await me.exposure(wallet.publicKey);
      assert.equal(exposure?.pendingClawback, expected);
      assert.equal(exposure?.withdrawable, 0n);
      const sig = await me.send([await me.settleIx(wallet.publicKey)]);
      const settled = (await me.events(sig)).find((e) => /positionSettled/i.test(e.name))!.data;
      assert.equal(BigInt(settled.clawbackCharged.toString()), exposure?.pendingClawback);
      total += expected;
    }
    assert.equal(total, 1_000_001n);

    // Accepted after settling, with real tokens.
    const before = BigInt((await connection.getTokenAccountBalance(ata(alice.publicKey))).value.amount);
    await a.send([await a.withdrawIx(alice.publicKey, ata(alice.publicKey), 1_000_000n)]);
    const after = BigInt((await connection.getTokenAccountBalance(ata(alice.publicKey))).value.amount);
    assert.equal(after - before, 1_000_000n);

    const riskView = await client.risk();
    assert.equal(riskView.unassignedShortfall, 0n);
    assert.equal(riskView.dustPending, 1n);
  });

  it("streams program events over logsSubscribe", async () => {
    const seen: string[] = [];
    const listener = client.onEvent("insuranceFunded", (event) => seen.push(`${event.funder.toBase58()}:${event.amount}`));
    await new Promise((r) => setTimeout(r, 200));
    const staker = traders.staker;
    const me = as(staker);
    await me.send([await me.fundInsuranceIx(staker.publicKey, ata(staker.publicKey), 7n)]);
    for (let i = 0; i < 50 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await client.program.removeEventListener(listener);
    assert.deepEqual(seen, [`${staker.publicKey.toBase58()}:7`]);
  });

  it("migrations/deploy.ts initializes a market the way anchor migrate calls it", async () => {
    const deployer = await funded(10);
    const provider = new AnchorProvider(connection, new Wallet(deployer), { commitment: "confirmed" });
    process.env.LM_COLLATERAL_MINT = mint.toBase58();
    process.env.LM_MARKET_ID = "42";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    await require("../migrations/deploy")(provider);
    const deployed = new LossMutualizationClient(connection, deployer, marketKeys(mint, 42));
    const market = await deployed.market();
    assert.ok(market.admin.equals(deployer.publicKey));
    assert.equal(market.profitMaturitySecs, 3600);
  });

  it("the lm CLI runs operator commands and shows the program's named errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lm-cli-"));
    const write = (name: string, k: Keypair) => {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify([...k.secretKey]));
      return path;
    };
    const adminFile = write("admin", admin);
    const alice = traders.alice;
    const aliceFile = write("alice", alice);
    const lm = (file: string, args: string[]) => {
      try {
        return { ok: true, out: execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", net.url, "-k", file, "--market", client.keys.market.toBase58(), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
      } catch (err: any) {
        return { ok: false, out: String(err.stderr) };
      }
    };
    assert.ok(lm(adminFile, ["pause", "deposit"]).ok);
    const refused = lm(aliceFile, ["deposit", "1"]);
    assert.equal(refused.ok, false);
    assert.match(refused.out, /error: OperationPaused \(6020\): This operation is paused/);
    assert.ok(lm(adminFile, ["pause", "none"]).ok);
    assert.ok(lm(aliceFile, ["deposit", "1"]).ok);
    assert.match(lm(aliceFile, ["pause", "withdraw"]).out, /error: NotAdmin/);
    assert.ok(lm(adminFile, ["update-params", "--maturity", "60"]).ok);
    assert.equal((await client.market()).profitMaturitySecs, 60);
    const status = JSON.parse(lm(aliceFile, ["--json", "status"]).out);
    assert.equal(status.pendingClawback, "0");
    assert.ok(lm(adminFile, ["transfer-admin", alice.publicKey.toBase58()]).ok);
    assert.ok(lm(aliceFile, ["accept-admin"]).ok);
    assert.ok((await client.market()).admin.equals(alice.publicKey));
    assert.ok(lm(aliceFile, ["transfer-admin", admin.publicKey.toBase58()]).ok);
    assert.ok(lm(adminFile, ["accept-admin"]).ok);
  });

  it("finds positions with getProgramAccounts filters", async () => {
    const positions = await connection.getProgramAccounts(PROGRAM_ID, {
      filters: [{ dataSize: 162 }, { memcmp: { offset: 8 + 32, bytes: traders.carol.publicKey.toBase58() } }],
    });
    assert.equal(positions.length, 1);
    assert.ok(positions[0].pubkey.equals(pdas.position(client.keys.market, traders.carol.publicKey)));
    const all = await connection.getProgramAccounts(PROGRAM_ID, { filters: [{ dataSize: 162 }] });
    assert.equal(all.length, 4);
  });
});

describe("native local validator RPC", () => {
  it("answers the basic methods", async () => {
    assert.match((await connection.getVersion())["solana-core"], /^3\./);
    assert.equal((await rpc("getGenesisHash")).result.length > 30, true);
    const slot = await connection.getSlot();
    await new Promise((r) => setTimeout(r, 900));
    assert.ok((await connection.getSlot()) > slot, "slots advance on their own");
    assert.ok((await connection.getBlockHeight()) > 0);
    const epoch = await connection.getEpochInfo();
    assert.equal(typeof epoch.epoch, "number");
    const { blockhash } = await connection.getLatestBlockhash();
    assert.equal((await connection.isBlockhashValid(blockhash)).value, true);
    assert.equal((await connection.isBlockhashValid(Keypair.generate().publicKey.toBase58())).value, false);
    assert.ok((await connection.getMinimumBalanceForRentExemption(165)) > 0);
    assert.equal((await rpc("getHealth")).result, "ok");
  });

  it("moves lamports and reports them", async () => {
    const from = await funded(2);
    const to = Keypair.generate().publicKey;
    assert.equal(await connection.getBalance(from.publicKey), 2 * LAMPORTS_PER_SOL);
    assert.equal(await connection.getAccountInfo(to), null);
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: 1_000_000 }));
    tx.feePayer = from.publicKey;
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    const fee = await connection.getFeeForMessage(tx.compileMessage());
    assert.equal(fee.value, 5000);
    const simulated = await connection.simulateTransaction(tx, [from]);
    assert.equal(simulated.value.err, null);
    const sig = await connection.sendTransaction(tx, [from]);
    await connection.confirmTransaction(sig, "confirmed");
    assert.equal(await connection.getBalance(to), 1_000_000);
    const [status] = (await connection.getSignatureStatuses([sig])).value;
    assert.equal(status?.err, null);
    const fetched = await connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    assert.ok(fetched?.meta?.logMessages?.some((l) => l.includes("11111111111111111111111111111111 success")));
    assert.equal(fetched!.meta!.preBalances[0] - fetched!.meta!.postBalances[0], 1_000_000 + 5000);
    assert.equal(fetched!.meta!.postBalances[1], 1_000_000);
    const many = await connection.getMultipleAccountsInfo([to, Keypair.generate().publicKey]);
    assert.equal(many[0]?.lamports, 1_000_000);
    assert.equal(many[1], null);
  });

  it("notifies account subscribers", async () => {
    const watched = Keypair.generate().publicKey;
    const seen = new Promise<number>((done) => {
      const id = connection.onAccountChange(watched, (info) => {
        connection.removeAccountChangeListener(id);
        done(info.lamports);
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    await connection.confirmTransaction(await connection.requestAirdrop(watched, LAMPORTS_PER_SOL), "confirmed");
    assert.equal(await seen, LAMPORTS_PER_SOL);
  });

  it("serves concurrent clients", async () => {
    const wallets = Array.from({ length: 12 }, () => Keypair.generate().publicKey);
    const other = new Connection(net.url, "confirmed");
    const sigs = await Promise.all(wallets.map((w, i) => (i % 2 ? connection : other).requestAirdrop(w, LAMPORTS_PER_SOL + i)));
    await Promise.all(sigs.map((s) => connection.confirmTransaction(s, "confirmed")));
    const balances = await Promise.all(wallets.map((w, i) => (i % 2 ? other : connection).getBalance(w)));
    assert.deepEqual(balances, wallets.map((_, i) => LAMPORTS_PER_SOL + i));
  });

  it("seeds the ledger with accounts and funded keypairs from flags", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lm-ledger-"));
    const address = Keypair.generate().publicKey;
    const owner = Keypair.generate().publicKey;
    const keypair = Keypair.generate();
    const dump = { pubkey: address.toBase58(), account: { lamports: 5_000_000, data: [Buffer.from("seeded").toString("base64"), "base64"], owner: owner.toBase58(), executable: false, rentEpoch: 0, space: 6 } };
    writeFileSync(join(dir, "account.json"), JSON.stringify(dump));
    writeFileSync(join(dir, "id.json"), JSON.stringify([...keypair.secretKey]));
    const second = await startLocalnet(PORT + 100, false, ["--account", address.toBase58(), join(dir, "account.json"), "--fund", join(dir, "id.json")]);
    try {
      const other = new Connection(second.url, "confirmed");
      const info = await other.getAccountInfo(address);
      assert.equal(info?.data.toString(), "seeded");
      assert.ok(info?.owner.equals(owner));
      assert.equal(await other.getBalance(keypair.publicKey), 1_000 * LAMPORTS_PER_SOL);
      assert.equal((await other.getProgramAccounts(owner)).length, 1);
    } finally {
      await second.stop();
    }
  });

  it("returns standard errors for unknown methods and bad params", async () => {
    assert.equal((await rpc("noSuchMethod")).error.code, -32601);
    assert.equal((await rpc("getBalance", ["not-a-key"])).error.code, -32602);
    assert.equal((await rpc("getTokenAccountBalance", [Keypair.generate().publicKey.toBase58()])).error.code, -32602);
    const parse = await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    assert.equal((await parse.json()).error.code, -32700);
  });

  it("rejects a malformed transaction without harm", async () => {
    const payer = await funded(1);
    const balance = await connection.getBalance(payer.publicKey);
    const garbage = await rpc("sendTransaction", [Buffer.from("definitely not a transaction").toString("base64"), { encoding: "base64" }]);
    assert.equal(garbage.error.code, -32602);
    // A well-formed transaction with a bad signature is refused too.
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: Keypair.generate().publicKey, lamports: 1 }));
    tx.feePayer = payer.publicKey;
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    tx.sign(payer);
    const bytes = tx.serialize();
    bytes[5] ^= 0xff; // corrupt the signature
    const forged = await rpc("sendTransaction", [bytes.toString("base64"), { encoding: "base64" }]);
    assert.ok(forged.error, "a forged signature must be refused");
    assert.equal(await connection.getBalance(payer.publicKey), balance);
    assert.equal((await rpc("getSlot")).result > 0, true, "the validator is still serving");
  });
});
