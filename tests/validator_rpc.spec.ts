/**
 * The local validator's JSON-RPC: basic methods, transfers, subscriptions, concurrency, ledger
 * seeding, standard errors, airdrop checks, malformed transactions, the program's bytecode with
 * its logs and metered compute units, blockhash validity and signature verification.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROGRAM_ID } from "@loss-mutualization/sdk";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { funded, localnet, PORT } from "./env";

let net: Localnet;
let connection: Connection;

before(async () => {
  ({ net, connection } = await localnet());
});

async function rpc(method: string, params: unknown[] = [], url = net.url): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return response.json();
}

describe("local validator RPC", () => {
  it("answers the basic methods", async () => {
    // The program's bytecode runs in agave 4.3's runtime (`--native`: the host build in 3.1's bank).
    assert.equal((await connection.getVersion())["solana-core"], "4.3.2");
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

    // The address's history, newest first, paged with limit / before.
    const second = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: 2_000_000 }));
    const sig2 = await connection.sendTransaction(second, [from]);
    await connection.confirmTransaction(sig2, "confirmed");
    const history = await connection.getSignaturesForAddress(to);
    assert.deepEqual(history.map((h) => h.signature), [sig2, sig]);
    assert.ok(history.every((h) => h.err === null && h.slot > 0));
    assert.deepEqual((await connection.getSignaturesForAddress(to, { limit: 1 })).map((h) => h.signature), [sig2]);
    assert.deepEqual((await connection.getSignaturesForAddress(to, { before: sig2 })).map((h) => h.signature), [sig]);
    assert.deepEqual(await connection.getSignaturesForAddress(Keypair.generate().publicKey), []);
    assert.equal((await rpc("getSignaturesForAddress", [to.toBase58(), { limit: 1001 }])).error.code, -32602);
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
    const post = async (body: BodyInit) => {
      const response = await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      assert.match(response.headers.get("content-type") ?? "", /application\/json/);
      return response.json();
    };
    assert.equal((await post("{oops")).error.code, -32700);
    // HTTP-level problems get JSON-RPC error objects too: invalid UTF-8, an oversized body, a
    // body cut short, an empty batch.
    assert.equal((await post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).error.code, -32700);
    const huge = await post(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getHealth", params: ["x".repeat(3_000_000)] }));
    assert.deepEqual([huge.error.code, huge.id], [-32600, null]);
    const cut = await new Promise<any>((done, fail) => {
      const socket = require("node:net").connect(new URL(net.url).port, "127.0.0.1", () => {
        socket.end('POST / HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"jsonrpc":"2.0"');
      });
      let text = "";
      socket.on("data", (d: Buffer) => (text += d.toString()));
      socket.on("end", () => done(JSON.parse(text.slice(text.indexOf("\r\n\r\n") + 4))));
      socket.on("error", fail);
    });
    assert.equal(cut.error.code, -32700);
    const empty = await post("[]");
    assert.deepEqual([Array.isArray(empty), empty.error?.code], [false, -32600]);
    // A batch answers each request in turn; the well-formed single request works.
    const batch = await post(JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "getHealth" }, { jsonrpc: "2.0", id: 2, method: "nope" }]));
    assert.deepEqual(batch.map((r: any) => [r.id, r.result ?? r.error.code]), [[1, "ok"], [2, -32601]]);
    assert.equal((await post(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "getHealth" }))).result, "ok");
  });

  it("caps the inputs of one request as agave does: 100 keys to getMultipleAccounts, 256 signatures to getSignatureStatuses", async () => {
    // Without a cap one request made the node read and encode any number of accounts (issue 21).
    const keys = (n: number) => Array.from({ length: n }, () => Keypair.generate().publicKey.toBase58());
    const tooMany = await rpc("getMultipleAccounts", [keys(101), { encoding: "base64" }]);
    assert.deepEqual([tooMany.error?.code, tooMany.error?.message], [-32602, "Too many inputs provided; max 100"]);
    const hundred = await rpc("getMultipleAccounts", [keys(100), { encoding: "base64" }]);
    assert.equal(hundred.result.value.length, 100);
    const signature = "1".repeat(64);
    const statuses = await rpc("getSignatureStatuses", [Array(257).fill(signature)]);
    assert.deepEqual([statuses.error?.code, statuses.error?.message], [-32602, "Too many inputs provided; max 256"]);
    assert.equal((await rpc("getSignatureStatuses", [Array(256).fill(signature)])).result.value.length, 256);
  });

  it("requestAirdrop validates its amount and never returns a signature for a transfer that did not happen", async () => {
    const to = Keypair.generate().publicKey;
    assert.equal((await rpc("requestAirdrop", [to.toBase58(), null])).error.code, -32602);
    assert.equal((await rpc("requestAirdrop", [to.toBase58(), 0])).error.code, -32602);
    const tooMuch = await rpc("requestAirdrop", [to.toBase58(), "18446744073709551615"]);
    assert.equal(tooMuch.error.code, -32602, "a string is not an amount");
    const max = await rpc("requestAirdrop", [to.toBase58(), Number.MAX_SAFE_INTEGER]);
    assert.ok(max.error && !max.result, JSON.stringify(max));
    assert.equal(await connection.getBalance(to), 0);
    // The well-formed twin.
    const ok = await rpc("requestAirdrop", [to.toBase58(), 1_000_000_000]);
    await connection.confirmTransaction(ok.result, "confirmed");
    assert.equal(await connection.getBalance(to), 1_000_000_000);
  });

  it("rejects a malformed transaction without harm", async () => {
    const payer = await funded(1);
    const balance = await connection.getBalance(payer.publicKey);
    const garbage = await rpc("sendTransaction", [Buffer.from("definitely not a transaction").toString("base64"), { encoding: "base64" }]);
    assert.equal(garbage.error.code, -32602);
    assert.equal(await connection.getBalance(payer.publicKey), balance);
    assert.equal((await rpc("getSlot")).result > 0, true, "the validator is still serving");
  });

  it("serves the program's bytecode: its own logs and metered compute units in getTransaction", async () => {
    const payer = await funded(1);
    const balance = await connection.getBalance(payer.publicKey);
    // Data the program has no handler for: Anchor's InstructionFallbackNotFound (101), raised by
    // the bytecode. Sent without preflight so that the failed transaction lands and pays its fee.
    const tx = new Transaction().add(new TransactionInstruction({ programId: PROGRAM_ID, keys: [], data: Buffer.alloc(0) }));
    tx.feePayer = payer.publicKey;
    tx.recentBlockhash = (await connection.getLatestBlockhash()).blockhash;
    tx.sign(payer);
    const sig = await connection.sendRawTransaction(tx.serialize(), { skipPreflight: true });
    await connection.confirmTransaction(sig, "confirmed").catch(() => undefined);
    const fetched = await connection.getTransaction(sig, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const logs = fetched?.meta?.logMessages ?? [];
    assert.deepEqual(fetched?.meta?.err, { InstructionError: [0, { Custom: 101 }] });
    assert.ok(logs.includes(`Program ${PROGRAM_ID.toBase58()} invoke [1]`), logs.join("\n"));
    assert.ok(logs.some((l) => l.startsWith("Program log: AnchorError occurred. Error Code: InstructionFallbackNotFound. Error Number: 101.")));
    const consumed = logs.map((l) => l.match(new RegExp(`^Program ${PROGRAM_ID.toBase58()} consumed (\\d+) of 200000 compute units$`))).find(Boolean);
    assert.ok(consumed, logs.join("\n"));
    assert.equal(fetched?.meta?.computeUnitsConsumed, Number(consumed[1]));
    assert.ok(Number(consumed[1]) > 1_000, "metered SBF execution, not a native call");
    assert.equal(await connection.getBalance(payer.publicKey), balance - 5_000);
  });

  // A transfer signed 30 s before it is sent lands: tests/localnet.spec.ts, on whichever validator runs.

  it("refuses a blockhash past its last valid block height, exactly when isBlockhashValid turns false", async function () {
    this.timeout(60_000);
    // 10 ms slots: the 150 blocks pass in about 1.5 s.
    const fast = await startLocalnet(PORT + 200, false, ["--slot-ms", "10"]);
    try {
      const other = new Connection(fast.url, "confirmed");
      const send = (bytes: Buffer, config: object = {}) =>
        rpc("sendTransaction", [bytes.toString("base64"), { encoding: "base64", ...config }], fast.url);
      const payer = Keypair.generate();
      await other.confirmTransaction(await other.requestAirdrop(payer.publicKey, LAMPORTS_PER_SOL), "confirmed");
      const to = Keypair.generate().publicKey;
      const transfer = (lamports: number, blockhash: string) => {
        const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports }));
        tx.feePayer = payer.publicKey;
        tx.recentBlockhash = blockhash;
        tx.sign(payer);
        return tx.serialize();
      };
      const { blockhash, lastValidBlockHeight } = await other.getLatestBlockhash();
      const stale = [transfer(1_000_000, blockhash), transfer(2_000_000, blockhash)];
      // The height read before and after each validity check brackets the height it saw (reading
      // only one of them races the 10 ms slots on a loaded machine): valid means not yet past
      // the last valid height before the check, invalid means past it after the check.
      for (;;) {
        const before = await other.getBlockHeight();
        const valid = (await other.isBlockhashValid(blockhash)).value;
        const after = await other.getBlockHeight();
        if (valid) {
          assert.ok(before <= lastValidBlockHeight, `valid at block height ${before}, past its last valid height ${lastValidBlockHeight}`);
        } else {
          assert.ok(after > lastValidBlockHeight, `invalid at block height ${after}, before its last valid height ${lastValidBlockHeight}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok((await other.getBlockHeight()) > lastValidBlockHeight);
      const balance = await other.getBalance(payer.publicKey);
      // With preflight: the cluster's simulation error. Without: the signature comes back and the
      // transaction never lands.
      const refused = await send(stale[0]);
      assert.equal(refused.error?.code, -32002);
      assert.match(refused.error?.message, /Blockhash not found/);
      const dropped = await send(stale[1], { skipPreflight: true });
      assert.equal(typeof dropped.result, "string");
      await new Promise((r) => setTimeout(r, 200));
      assert.equal((await other.getSignatureStatuses([dropped.result])).value[0], null);
      assert.equal(await other.getBalance(payer.publicKey), balance);
      assert.equal(await other.getBalance(to), 0);
      // The well-formed twin, under a current blockhash, lands.
      const fresh = await other.getLatestBlockhash();
      const sig = await other.sendRawTransaction(transfer(1_000_000, fresh.blockhash));
      await other.confirmTransaction({ signature: sig, ...fresh }, "confirmed");
      assert.equal(await other.getBalance(to), 1_000_000);
    } finally {
      await fast.stop();
    }
  });

  it("verifies every signature like a cluster; the correctly signed twin lands", async () => {
    const thief = await funded(2);
    const victim = await funded(20);
    const to = Keypair.generate().publicKey;
    const blockhash = (await connection.getLatestBlockhash()).blockhash;
    // The victim's 12 SOL, moved by the thief who pays the fee: needs the victim's signature.
    const transfer = () => {
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: victim.publicKey, toPubkey: to, lamports: 12 * LAMPORTS_PER_SOL }));
      tx.feePayer = thief.publicKey;
      tx.recentBlockhash = blockhash;
      return tx;
    };
    const balances = async () => [await connection.getBalance(thief.publicKey), await connection.getBalance(victim.publicKey), await connection.getBalance(to)];
    const before = await balances();
    const send = (bytes: Buffer) => rpc("sendTransaction", [bytes.toString("base64"), { encoding: "base64" }]);

    // 1. The victim's signature is all zeros.
    const zeroed = transfer();
    zeroed.partialSign(thief);
    zeroed.addSignature(victim.publicKey, Buffer.alloc(64));
    const noVictim = await send(zeroed.serialize({ requireAllSignatures: false, verifySignatures: false }));
    assert.deepEqual([noVictim.error?.code, noVictim.error?.message], [-32003, "Transaction signature verification failure"]);
    // 2. Both signed, then one byte of the fee payer's signature flipped.
    const flipped = transfer();
    flipped.sign(thief, victim);
    const bytes = flipped.serialize();
    bytes[5] ^= 0xff;
    assert.equal((await send(bytes)).error?.code, -32003);
    // 3. simulateTransaction honours sigVerify (and refuses it with replaceRecentBlockhash).
    const simulate = (config: object) => rpc("simulateTransaction", [bytes.toString("base64"), { encoding: "base64", ...config }]);
    assert.equal((await simulate({ sigVerify: true })).error?.code, -32003);
    assert.equal((await simulate({ sigVerify: true, replaceRecentBlockhash: true })).error?.code, -32602);
    assert.equal((await simulate({ sigVerify: false })).result?.value?.err, null, "without sigVerify it simulates");
    assert.deepEqual(await balances(), before, "no refused transaction moved a lamport");

    // The well-formed twin: the same transfer, correctly signed by both, lands.
    const good = transfer();
    good.sign(thief, victim);
    const landed = await send(good.serialize());
    assert.ok(landed.result, JSON.stringify(landed.error));
    await connection.confirmTransaction({ signature: landed.result, blockhash, lastValidBlockHeight: (await connection.getLatestBlockhash()).lastValidBlockHeight });
    const after = await balances();
    assert.deepEqual(after, [before[0] - 10_000, before[1] - 12 * LAMPORTS_PER_SOL, before[2] + 12 * LAMPORTS_PER_SOL]);
  });

});
