/**
 * TypeScript tests, as `anchor test` runs them: against the local validator (started
 * here), or the validator at ANCHOR_PROVIDER_URL. The waterfall with wallet-signed transactions
 * from several keypairs (the loss assigned by a wallet with no authority), events decoded from
 * logs, the SDK's prediction equal to the charge, the idempotent resolve, the SDK resolving a
 * pending loss in front of a bystander's withdrawal; and the validator's RPC methods, bad params
 * and a malformed transaction.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { Keeper, KeeperLogLine } from "../app/src/keeper";
import { errorCode, LAYOUT, LossMutualizationClient, MarketParams, PAUSE, pdas, PROGRAM_ID } from "../app/src/client";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { pendingCharge, refilledAllowance, resolveShortfall, valueOfShares } from "../app/src/math";
import { launchChromium, refreshes, rows, startDashboardCli, text, value, waitForValue } from "./dashboard";
import { createMint, funded, localnet, named, PORT, setupMarket, TEST_PARAMS, until } from "./env";

let net: Localnet;
let connection: Connection;

async function rpc(method: string, params: unknown[] = [], url = net.url): Promise<any> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return response.json();
}

/** Lamports, owner and data of each account (null when it does not exist), to compare states. */
async function snapshot(keys: PublicKey[]) {
  const infos = await connection.getMultipleAccountsInfo(keys, "confirmed");
  return infos.map((i) => (i ? { lamports: i.lamports, owner: i.owner.toBase58(), data: i.data.toString("base64") } : null));
}

before(async () => {
  ({ net, connection } = await localnet());
});

describe("loss mutualization over JSON-RPC", () => {
  let admin: Keypair, risk: Keypair, clearing: Keypair, keeper: Keypair;
  let client: LossMutualizationClient;
  let mint: PublicKey;
  let traders: Record<string, Keypair> = {};
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);
  const as = (who: Keypair) => new LossMutualizationClient(connection, who, client.keys);

  before(async () => {
    // keeper: a plain wallet with no authority and no position.
    [admin, risk, clearing, keeper] = await Promise.all([funded(100), funded(), funded(), funded()]);
    mint = await createMint(admin);
    const setup = await setupMarket({
      admin,
      risk: risk.publicKey,
      clearing: clearing.publicKey,
      mint,
      marketId: 1,
      // Long enough for dave's three fills to book into one liquidation.
      params: { liquidationWindowSecs: 6 },
      deposits: { alice: 1_000_000n, bob: 2_000_000n, carol: 3_000_000n, dave: 1_000_000n, staker: 0n },
    });
    client = setup.client;
    traders = setup.wallets;
  });

  /**
   * Another market on the same mint (admin, risk and clearing as in market 1), with fresh wallets
   * that each hold 5 tokens, deposit `deposits[name]` (when > 0) and stake `stakes[name]`.
   */
  async function newMarket(marketId: number, deposits: Record<string, bigint>, stakes: Record<string, bigint> = {}, params: Partial<MarketParams> = {}) {
    return await setupMarket({ admin, risk: risk.publicKey, clearing: clearing.publicKey, mint, marketId, deposits, stakes, params });
  }

  it("runs the waterfall: a liquidation in parts, insurance, proportional clawback, settlements", async () => {
    const { alice, bob, carol, dave, staker } = traders;
    const st = as(staker);
    await st.stake(staker, ata(staker.publicKey), 300_000n);
    const clear = as(clearing);
    const davePosition = pdas.position(client.keys.market, dave.publicKey);

    // Two fills: the second leaves dave 200_000 short, and the loss is pending.
    for (const [winner, amount] of [[alice, 500_000n], [bob, 700_000n]] as const) {
      const sent = await clear.applyPnl(clearing, winner.publicKey, dave.publicKey, amount);
      assert.equal(sent.resolved.length, 0, "nothing pending before dave's bankruptcy");
    }
    let daveNow = await client.position(dave.publicKey);
    assert.equal(daveNow?.realizedPnl, -200_000n);
    assert.equal(daveNow?.bankrupt, true);
    assert.equal(daveNow?.shortfallCount, 0n);
    assert.equal((await client.market()).pendingShortfall, 200_000n);
    assert.deepEqual((await client.bankruptPositions()).map((p) => p.owner.toBase58()), [dave.publicKey.toBase58()]);

    // The third fill books into the same liquidation (its window is still open): nothing is
    // resolved in front, and dave's one loss event grows to 1_300_000, within its bound.
    const third = await clear.applyPnl(clearing, carol.publicKey, dave.publicKey, 1_100_000n);
    assert.deepEqual(third.resolved, []);
    const applied = (await client.events(third.signature)).find((e) => e.name === "pnlApplied")!.data;
    const market = await client.market();
    assert.deepEqual(
      [applied.loserShortfall, applied.liquidationShortfall, applied.liquidationShortfallBound, applied.liquidationEndsAt].map(String),
      ["1100000", "1300000", String(market.liquidation!.bound), String(market.liquidationEndsAt)],
    );
    // Dave held 1_000_000 when his loss window opened (the first fill): the bound is 100x that.
    assert.deepEqual([market.pendingCollateral, market.liquidation!.bound], [1_000_000n, 100_000_000n]);
    assert.deepEqual((await client.position(dave.publicKey))!.lossWindow.shortfall, 1_300_000n);
    daveNow = await client.position(dave.publicKey);
    assert.equal(daveNow?.realizedPnl, -1_300_000n);
    assert.equal(daveNow?.shortfallCount, 0n);
    assert.equal(market.pendingShortfall, 1_300_000n);
    assert.ok(market.pendingPosition.equals(davePosition));

    // While it is pending the SDK predicts each winner's charge once it is resolved.
    const predicted = await Promise.all([alice, bob, carol].map(async (w) => (await as(w).exposure(w.publicKey))?.afterResolution?.pendingClawback));
    assert.deepEqual(predicted, [217_392n, 304_348n, 478_261n]);

    // A wallet with no authority and no position resolves it once the window has ended (the SDK
    // waits for it): one instruction, one loss event.
    for (const authority of [admin, risk, clearing]) assert.ok(!keeper.publicKey.equals(authority.publicKey));
    const resolved = await as(keeper).resolveShortfall(keeper, dave.publicKey);
    assert.equal(resolved.resolved, true);
    assert.ok(resolved.resolver.equals(keeper.publicKey));
    assert.ok(resolved.record?.equals(pdas.shortfallRecord(davePosition, 0)));
    assert.equal(resolved.seq, 0n);
    assert.deepEqual(resolved.split, {
      shortfall: 1_300_000n,
      insurancePaid: 300_000n,
      clawback: 1_000_000n,
      haircut: 0n,
      atRiskProfitBefore: 2_300_000n,
      principalBefore: 6_000_000n,
    });
    const record = await client.recordAt(resolved.record!);
    assert.ok(record?.resolver.equals(keeper.publicKey));
    assert.ok(record?.owner.equals(dave.publicKey));
    assert.equal(record?.positionSeq, 0n);
    assert.equal(record?.insurancePaid, 300_000n);
    assert.equal(record?.clawback, 1_000_000n);
    const history = await client.lossEvents();
    assert.deepEqual(history.map((e) => [e.seq, e.shortfall, e.resolver.toBase58()]), [[0n, 1_300_000n, keeper.publicKey.toBase58()]]);
    assert.equal((await client.market()).pendingShortfall, 0n);
    assert.equal((await client.fund()).lifetimeDrawn, 300_000n);

    // Withdraw refused with the named error before settling.
    const a = as(alice);
    await assert.rejects(a.withdraw(alice, ata(alice.publicKey), 1n), named("ClawbackPending"));

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
    await a.withdraw(alice, ata(alice.publicKey), 1_000_000n);
    const after = BigInt((await connection.getTokenAccountBalance(ata(alice.publicKey))).value.amount);
    assert.equal(after - before, 1_000_000n);

    const riskView = await client.risk();
    assert.equal(riskView.pendingShortfall, 0n);
    assert.equal(riskView.bankruptPositions, 0);
    assert.equal(riskView.dustPending, 1n);
  });

  it("a wallet with no authority resolves a loss; resolving it again changes no account", async () => {
    const { client: m, on, wallets } = await newMarket(2, { winner: 1_000_000n, loser: 500_000n }, { staker: 100_000n });
    const { winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 800_000n);
    const position = pdas.position(m.keys.market, loser.publicKey);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    const k = on(keeper);
    // Built now, sent after the keeper resolved: a transaction someone else beat must still succeed.
    const stale = await on(winner).resolveShortfallIx(winner.publicKey, loser.publicKey);

    // The risk authority keeps an emergency brake only: it may pause resolving, not lift the pause.
    await on(risk).send([await on(risk).setPauseIx(risk.publicKey, PAUSE.resolve)], [risk]);
    await assert.rejects(k.resolveShortfall(keeper, loser.publicKey), named("OperationPaused"));
    await assert.rejects(on(risk).send([await on(risk).setPauseIx(risk.publicKey, 0)], [risk]), named("UnpauseNotAllowed"));
    await m.send([await m.setPauseIx(admin.publicKey, 0)]);

    // A record address other than the position's next one is refused, and so is a bump that
    // gives no address with the position's seeds...
    const [, bump] = pdas.shortfallRecordWithBump(position, 0);
    const wrong = await k.resolveShortfallIxAt(keeper.publicKey, position, 0, { record: pdas.shortfallRecord(position, 1), recordBump: bump });
    await assert.rejects(k.send([wrong]), named("WrongShortfallRecord"));
    const seeds = (b: number) => [Buffer.from("shortfall"), position.toBuffer(), Buffer.alloc(8), Buffer.from([b])];
    const invalid = [...Array(256).keys()].find((b) => {
      try {
        PublicKey.createProgramAddressSync(seeds(b), PROGRAM_ID);
        return false;
      } catch {
        return true;
      }
    })!;
    await assert.rejects(k.send([await k.resolveShortfallIxAt(keeper.publicKey, position, 0, { recordBump: invalid })]), named("InvalidRecordBump"));
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    // ...and the well-formed one, signed by the keeper, succeeds; the record's rent comes from the
    // market's rent reserve, so the keeper pays the fee only.
    const keeperBeforeResolve = await connection.getBalance(keeper.publicKey);
    const reserveBefore = await m.rentReserve();
    const resolved = await k.resolveShortfall(keeper, loser.publicKey);
    assert.equal(resolved.resolved, true);
    const recordRent = BigInt(await connection.getMinimumBalanceForRentExemption(LAYOUT.shortfallRecord.size));
    assert.deepEqual(resolved.recordRent, { fromReserve: recordRent, fromResolver: 0n });
    assert.equal(reserveBefore - (await m.rentReserve()), recordRent);
    assert.equal(keeperBeforeResolve - (await connection.getBalance(keeper.publicKey)), 5_000);
    assert.ok(resolved.record?.equals(pdas.shortfallRecord(position, 0)));
    assert.deepEqual(resolved.split && [resolved.split.shortfall, resolved.split.insurancePaid, resolved.split.clawback, resolved.split.haircut], [300_000n, 100_000n, 200_000n, 0n]);
    assert.ok((await m.recordAt(resolved.record!))?.resolver.equals(keeper.publicKey));
    assert.equal((await m.market()).pendingShortfall, 0n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, false);

    // Again, by the keeper through the SDK and by the stale instruction: both succeed and change nothing.
    const accounts = [
      m.keys.market,
      position,
      pdas.shortfallRecord(position, 0),
      pdas.shortfallRecord(position, 1),
      m.keys.insuranceFund,
      m.keys.insuranceVault,
      m.keys.collateralVault,
      pdas.position(m.keys.market, winner.publicKey),
    ];
    const before = await snapshot(accounts);
    assert.equal(before[3], null);
    const keeperBefore = await connection.getBalance(keeper.publicKey);
    const again = await k.resolveShortfall(keeper, loser.publicKey);
    assert.equal(again.resolved, false);
    assert.equal(again.record, null);
    assert.deepEqual((await k.events(again.signature)).filter((e) => e.name === "shortfallResolved"), []);
    assert.deepEqual(await snapshot(accounts), before);
    assert.equal(keeperBefore - (await connection.getBalance(keeper.publicKey)), 5_000, "the keeper paid the fee and nothing else");
    await on(winner).send([stale], [winner]);
    assert.deepEqual(await snapshot(accounts), before);
  });

  it("the SDK resolves a pending loss in front of a bystander's withdrawal; the bare withdrawal is refused", async () => {
    const { client: m, on, wallets } = await newMarket(3, { bystander: 1_000_000n, winner: 1_000_000n, loser: 200_000n }, { staker: 100_000n });
    const { bystander, winner, loser } = wallets;
    await on(clearing).applyPnl(clearing, winner.publicKey, loser.publicKey, 500_000n);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    const by = on(bystander);
    const account = ata(bystander.publicKey);
    const tokens = async () => BigInt((await connection.getTokenAccountBalance(account)).value.amount);
    const start = await tokens();

    // The bystander holds no at-risk profit and the loss stays within the winner's: no charge.
    const exposure = await by.exposure(bystander.publicKey);
    assert.equal(exposure?.lossPending, true);
    assert.deepEqual(exposure?.afterResolution, { pendingClawback: 0n, pendingHaircut: 0n });
    assert.equal(exposure?.withdrawable, 1_000_000n);

    // The withdraw instruction alone: refused while the loss is pending, and nothing moves.
    await assert.rejects(by.send([await by.withdrawIx(bystander.publicKey, account, 400_000n)]), named("LossResolutionPending"));
    assert.equal(await tokens(), start);
    assert.equal((await m.market()).pendingShortfall, 300_000n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, true);

    // The same withdrawal through the SDK: the resolution goes in front, in the same transaction.
    const sent = await by.withdraw(bystander, account, 400_000n);
    assert.deepEqual(sent.resolved.map((p) => p.owner.toBase58()), [loser.publicKey.toBase58()]);
    const names = (await by.events(sent.signature)).map((e) => e.name);
    assert.ok(names.indexOf("shortfallResolved") >= 0 && names.indexOf("shortfallResolved") < names.indexOf("withdrawn"), `events: ${names}`);
    assert.equal(await tokens(), start + 400_000n);
    assert.equal((await m.market()).pendingShortfall, 0n);
    assert.equal((await m.position(loser.publicKey))?.bankrupt, false);
    const [event] = await m.lossEvents();
    assert.ok(event.resolver.equals(bystander.publicKey));
    assert.deepEqual([event.shortfall, event.insurancePaid, event.clawback, event.haircut], [300_000n, 100_000n, 200_000n, 0n]);
    assert.equal((await m.position(bystander.publicKey))?.principal, 600_000n);

    // The clearing authority locks 500_000 behind the bystander's open exposure: the SDK's
    // withdrawable says 100_000, a larger withdrawal is refused, that amount goes through.
    await assert.rejects(by.send([await by.setMarginIx(bystander.publicKey, bystander.publicKey, 1n)]), named("NotClearingAuthority"));
    await on(clearing).send([await m.setMarginIx(clearing.publicKey, bystander.publicKey, 500_000n)], [clearing]);
    assert.equal((await by.exposure(bystander.publicKey))?.withdrawable, 100_000n);
    await assert.rejects(by.withdraw(bystander, account, 100_001n), named("MarginLocked"));
    await by.withdraw(bystander, account, 100_000n);
    assert.equal(await tokens(), start + 500_000n);
    assert.equal((await m.position(bystander.publicKey))?.lockedMargin, 500_000n);
  });

  it("two keepers resolve every bankruptcy by themselves once its window ends and race without errors; measured bankruptcy-to-resolution time", async () => {
    const { client: m, on, wallets } = await newMarket(4, { winner: 1_000_000n, loser: 0n }, { staker: 50_000n });
    const loser = on(wallets.loser);
    const keepers = [await funded(), await funded()];
    const logs: KeeperLogLine[][] = [[], []];
    const running = keepers.map((k, i) => new Keeper(on(k), { intervalMs: 500, log: (line) => logs[i].push(line) }));
    running.forEach((k) => k.start());
    const latencies: number[] = [];
    try {
      const clearingClient = on(clearing);
      for (let i = 0; i < 4; i++) {
        // A position can only go bankrupt with collateral behind it (its shortfall bound).
        await loser.deposit(wallets.loser, ata(wallets.loser.publicKey), 10_000n);
        // The bare instruction (not the SDK's send path, which would resolve it first).
        // Distinct amounts: identical transactions under one blockhash would be duplicates.
        const signature = await clearingClient.send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 40_000n + BigInt(i))], [clearing]);
        // The trade made the loser bankrupt (the keepers resolve it once its window has ended).
        const applied = (await m.events(signature)).find((e) => e.name === "pnlApplied")?.data;
        assert.equal(BigInt(applied.loserShortfall.toString()), 30_000n + BigInt(i));
        latencies.push(await until(async () => (await m.market()).pendingShortfall === 0n, 10_000, "a keeper to resolve"));
      }
    } finally {
      await Promise.all(running.map((k) => k.stop()));
    }
    const events = await m.lossEvents();
    assert.equal(events.length, 4, "each bankruptcy resolved exactly once");
    assert.ok(events.every((e) => keepers.some((k) => e.resolver.equals(k.publicKey))), "resolved by the keepers");
    assert.deepEqual(events.map((e) => [e.shortfall, e.insurancePaid + e.clawback + e.haircut]), [0n, 1n, 2n, 3n].map((i) => [30_000n + i, 30_000n + i]));
    const stats = running.map((k) => k.stats);
    assert.equal(stats[0].resolved + stats[1].resolved, 4, JSON.stringify(logs.flat().filter((l) => l.msg !== "keeper started")));
    // Each liquidation was seen while its window was open: deferred, never counted as an error.
    assert.equal(stats[0].errors + stats[1].errors, 0, JSON.stringify(logs.flat().filter((l) => l.level !== "info")));
    assert.ok(stats[0].deferred > 0 && stats[1].deferred > 0, JSON.stringify(stats));
    assert.ok(logs.flat().some((l) => l.msg.startsWith("liquidation in progress") && typeof l.liquidationEndsAt === "number"));
    assert.ok(logs.flat().some((l) => l.msg === "resolved" && typeof l.latencyMs === "number"));
    const sorted = [...latencies].sort((a, b) => a - b);
    const inKeeper = stats.flatMap((st) => st.latenciesMs);
    console.log(
      `      bankruptcy -> resolution: after the trade's confirmation ${latencies.join(", ")} ms (median ${sorted[Math.floor(sorted.length / 2)]}); ` +
        `keeper, first sight -> confirmed resolution: ${inKeeper.join(", ")} ms`,
    );
    // The 2 s window, then the keeper's wake-up and transaction.
    assert.ok(sorted[sorted.length - 1] < 6_000);
  });

  it("a keeper survives an RPC that errors and resolves once it answers again; lm keeper --once", async () => {
    const { client: m, on, wallets } = await newMarket(5, { winner: 1_000_000n, loser: 10_000n });
    let down = false;
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (down) {
        res.writeHead(503).end("unavailable");
        return;
      }
      const upstream = await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as { port: number }).port;
    const keeperWallet = await funded();
    const viaProxy = new LossMutualizationClient(new Connection(`http://127.0.0.1:${port}`, { commitment: "confirmed", wsEndpoint: net.wsUrl }), keeperWallet, m.keys);
    const lines: KeeperLogLine[] = [];
    const keeper = new Keeper(viaProxy, { intervalMs: 200, subscribe: false, log: (l) => lines.push(l) });
    try {
      down = true;
      keeper.start();
      await on(clearing).send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 20_000n)], [clearing]);
      await until(async () => keeper.stats.errors >= 2, 5_000, "the keeper to meet the failing RPC");
      assert.equal((await m.market()).pendingShortfall, 10_000n, "nothing resolved while the RPC is down");
      down = false;
      await until(async () => (await m.market()).pendingShortfall === 0n, 10_000, "the keeper to recover");
    } finally {
      await keeper.stop();
      proxy.close();
    }
    assert.ok(lines.some((l) => l.level === "error" && l.msg.startsWith("pass failed")));
    const [event] = await m.lossEvents();
    assert.ok(event.resolver.equals(keeperWallet.publicKey));

    // The cron mode: one pass through the CLI waits for the liquidation's window, resolves what is
    // pending and exits 0.
    await on(wallets.loser).deposit(wallets.loser, ata(wallets.loser.publicKey), 5_000n);
    await on(clearing).send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 12_000n)], [clearing]);
    const dir = mkdtempSync(join(tmpdir(), "lm-keeper-"));
    const file = join(dir, "keeper.json");
    writeFileSync(file, JSON.stringify(Array.from(keeperWallet.secretKey)));
    const out = execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", net.url, "-k", file, "--market", m.keys.market.toBase58(), "keeper", "--once", "--remind"], { encoding: "utf8" });
    const logged = out.trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(logged.some((l) => l.msg === "resolved" && l.shortfall === "7000"), out);
    // --remind: the winner, who now owes clawbacks, is reminded with its exact pending charge.
    const winnerExposure = await m.exposure(wallets.winner.publicKey);
    const reminder = logged.find((l) => l.msg.startsWith("pending charge") && l.owner === wallets.winner.publicKey.toBase58());
    assert.ok(reminder, out);
    assert.deepEqual([reminder.pendingClawback, reminder.pendingHaircut], [String(winnerExposure!.pendingClawback), String(winnerExposure!.pendingHaircut)]);
    assert.ok(winnerExposure!.pendingClawback > 0n);
    assert.equal((await m.market()).pendingShortfall, 0n);
    // Nothing pending: a second pass is a quiet success.
    const again = execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", net.url, "-k", file, "--market", m.keys.market.toBase58(), "keeper", "--once"], { encoding: "utf8" });
    assert.equal(again.trim(), "");
  });

  it("the SDK sends an identical request twice when asked twice (a duplicate under one blockhash is sent again, and reported)", async () => {
    const { client: m, on, wallets } = await newMarket(6, { saver: 1_000n });
    const saver = on(wallets.saver);
    const retries: string[] = [];
    saver.onRetry = (message) => retries.push(message);
    const account = ata(wallets.saver.publicKey);
    const before = (await m.position(wallets.saver.publicKey))!.principal;
    // Two identical deposits at once: the same instruction under the same blockhash, so the
    // cluster takes one and drops the other as a duplicate; the SDK sends that one again.
    const deposit = await saver.depositIx(wallets.saver.publicKey, account, 7n);
    await Promise.all([saver.send([deposit], [wallets.saver]), saver.send([deposit], [wallets.saver])]);
    assert.equal((await m.position(wallets.saver.publicKey))!.principal, before + 14n, "both deposits landed");
    assert.equal(retries.length, 1, JSON.stringify(retries));
    assert.match(retries[0], /^duplicate of a transaction already processed under the same blockhash; sent again/);
    // A program error is never retried: the well-formed twin above landed, this one is refused once.
    await assert.rejects(saver.send([await saver.withdrawIx(wallets.saver.publicKey, account, 10n ** 12n)], [wallets.saver]), named("InsufficientPrincipal"));
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
    assert.match(refused.out, new RegExp(`error: OperationPaused \\(${errorCode("OperationPaused").code}\\): This operation is paused`));
    assert.ok(lm(adminFile, ["pause", "none"]).ok);
    assert.ok(lm(aliceFile, ["deposit", "1"]).ok);
    assert.match(lm(aliceFile, ["pause", "withdraw"]).out, /error: NotAdmin/);
    assert.ok(lm(adminFile, ["update-params", "--maturity", "60", "--liquidation-window", "7"]).ok);
    assert.deepEqual([(await client.market()).profitMaturitySecs, (await client.market()).liquidationWindowSecs], [60, 7]);
    // A parameter out of range: the program's named error, and which option takes what.
    const outOfRange = lm(adminFile, ["update-params", "--liquidation-window", "3601"]);
    assert.equal(outOfRange.ok, false);
    assert.match(outOfRange.out, new RegExp(`error: LiquidationWindowOutOfRange \\(${errorCode("LiquidationWindowOutOfRange").code}\\): .*--liquidation-window takes 1\\.\\.3600 seconds`));
    assert.equal((await client.market()).liquidationWindowSecs, 7);
    const status = JSON.parse(lm(aliceFile, ["--json", "status"]).out);
    assert.equal(status.pendingClawback, "0");
    // The --json schema: amounts are integer strings of base units, ratios numbers, and results
    // about a market carry the collateral's decimals.
    const exposure = await client.exposure(alice.publicKey);
    assert.deepEqual([status.atRiskProfit, status.weightShare, status.decimals], [String(exposure!.atRiskProfit), exposure!.weightShare, 6]);
    const risk = JSON.parse(lm(aliceFile, ["--json", "risk"]).out);
    assert.equal(typeof risk.coverageRatio, "number");
    assert.equal(risk.fundBalance, String((await client.fund()).balance));
    assert.equal(risk.decimals, 6);
    assert.match(lm(aliceFile, ["risk"]).out, /coverageRatio\s+\d+\.\d{4} %/);
    // resolve is permissionless; dave's loss is already assigned, so it changes nothing.
    const noop = JSON.parse(lm(aliceFile, ["--json", "resolve", traders.dave.publicKey.toBase58()]).out);
    assert.equal(noop.resolved, false);
    assert.ok(lm(adminFile, ["transfer-admin", alice.publicKey.toBase58()]).ok);
    assert.ok(lm(aliceFile, ["accept-admin"]).ok);
    assert.ok((await client.market()).admin.equals(alice.publicKey));
    assert.ok(lm(aliceFile, ["transfer-admin", admin.publicKey.toBase58()]).ok);
    assert.ok(lm(adminFile, ["accept-admin"]).ok);
  });

  it("finds positions with getProgramAccounts filters", async () => {
    // The layout from the IDL is the accounts' own: their size, and the status byte second to last.
    const carolAccount = await connection.getAccountInfo(pdas.position(client.keys.market, traders.carol.publicKey));
    assert.equal(LAYOUT.userPosition.size, carolAccount!.data.length);
    assert.equal(LAYOUT.userPosition.status, carolAccount!.data.length - 2);
    const inMarket = { memcmp: { offset: LAYOUT.userPosition.market, bytes: client.keys.market.toBase58() } };
    const positions = await connection.getProgramAccounts(PROGRAM_ID, {
      filters: [{ dataSize: LAYOUT.userPosition.size }, inMarket, { memcmp: { offset: LAYOUT.userPosition.owner, bytes: traders.carol.publicKey.toBase58() } }],
    });
    assert.equal(positions.length, 1);
    assert.ok(positions[0].pubkey.equals(pdas.position(client.keys.market, traders.carol.publicKey)));
    const all = await connection.getProgramAccounts(PROGRAM_ID, { filters: [{ dataSize: LAYOUT.userPosition.size }, inMarket] });
    assert.equal(all.length, 4);
    assert.deepEqual(await client.bankruptPositions(), []);
  });

  it("lm dashboard: a real Chromium shows the chain's numbers (fund, loss events, a wallet's charge that settle then takes) and updates by itself", async function () {
    this.timeout(300_000);
    const { client: m, on, wallets } = await newMarket(
      7,
      { alice: 1_000_000n, bob: 2_000_000n, carol: 3_000_000n, dave: 1_000_000n, erin: 500_000n },
      { staker: 1_000_000n },
      { liquidationWindowSecs: 4 },
    );
    const { alice, bob, carol, dave, erin, staker } = wallets;
    // One liquidation draws at most 600_000 from the fund.
    await m.updateParams(admin, { maxDrawPerEvent: 600_000n });
    const clear = on(clearing);
    await clear.applyPnl(clearing, alice.publicKey, dave.publicKey, 500_000n);
    await clear.applyPnl(clearing, bob.publicKey, dave.publicKey, 700_000n); // dave 200_000 short
    const third = await clear.applyPnl(clearing, carol.publicKey, dave.publicKey, 1_100_000n); // books into the same liquidation
    assert.equal(third.resolved.length, 0);
    // One loss event of 1_300_000, after the window: the per-event cap's 600_000, then clawback.
    const resolved = await on(keeper).resolveShortfall(keeper, dave.publicKey);
    assert.deepEqual(resolved.split && [resolved.split.shortfall, resolved.split.insurancePaid, resolved.split.clawback, resolved.split.haircut], [1_300_000n, 600_000n, 700_000n, 0n]);
    // The fund: 500_000 donated; a quarter of the staker's shares unstaked, a fifth requested.
    const st = on(staker);
    await st.fundInsurance(staker, ata(staker.publicKey), 500_000n);
    const shares = BigInt((await m.stakeAccount(staker.publicKey))!.shares.toString());
    assert.equal(shares, 1_000_000_000_000n);
    await st.send([await st.requestUnstakeIx(staker.publicKey, shares / 4n)], [staker]);
    const unstaked = await st.unstake(staker, ata(staker.publicKey));
    const paid = BigInt((await m.events(unstaked.signature)).find((e) => e.name === "unstaked")!.data.amountPaid.toString());
    assert.equal(paid, valueOfShares(shares / 4n, 900_000n, shares));
    const requested = shares / 5n; // (not shares / 4n again: an identical transaction under one blockhash is a duplicate)
    await st.send([await st.requestUnstakeIx(staker.publicKey, requested)], [staker]);

    const dec = (n: bigint, places = 6) => `${n / 10n ** BigInt(places)}.${(n % 10n ** BigInt(places)).toString().padStart(places, "0")}`;
    const grouped = (n: bigint) => n.toLocaleString("en-US");
    const idx = (i: { factor: bigint; scale: number; epoch: number }) => `${i.factor}:${i.scale}:${i.epoch}`;

    const dashboard = await startDashboardCli(net.url, m.keys.market.toBase58(), ["--wallet", alice.publicKey.toBase58()]);
    const printed = new URL(dashboard.url);
    assert.deepEqual(
      [printed.searchParams.get("rpc"), printed.searchParams.get("ws"), printed.searchParams.get("market"), printed.searchParams.get("wallet")],
      [net.url, net.wsUrl, m.keys.market.toBase58(), alice.publicKey.toBase58()],
    );
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on("pageerror", (e) => pageErrors.push(e.message));
      await page.goto(dashboard.url);
      await page.waitForSelector('[data-testid="wallet-pending-clawback"]', { timeout: 30_000 });
      const chainTime = Number(await value(page, "chain-time"));

      // Insurance fund: the account's numbers, and the history rebuilt from the market's transactions.
      const fund = await m.fund();
      assert.equal(fund.balance, 900_000n - paid);
      assert.equal(await value(page, "fund-balance"), fund.balance.toString());
      assert.equal(await text(page, "fund-balance"), grouped(fund.balance));
      assert.equal(await value(page, "fund-balance-tokens"), dec(fund.balance));
      assert.equal(await value(page, "fund-total-shares"), (shares - shares / 4n).toString());
      assert.equal(fund.totalShares, shares - shares / 4n);
      const price = dec(valueOfShares(10n ** 12n, fund.balance, fund.totalShares));
      assert.equal(await value(page, "fund-share-price"), price);
      assert.equal(await value(page, "fund-max-draw-per-event"), "600000");
      assert.equal(await value(page, "fund-draw-window-cap"), fund.drawWindowCap.toString());
      assert.equal(await value(page, "fund-draw-window-secs"), "86400");
      assert.equal(await value(page, "fund-unstake-delay"), "0");
      assert.equal(await value(page, "fund-unstake-window"), String(fund.unstakeWindowSecs));
      assert.equal(
        await value(page, "fund-allowance-now"),
        refilledAllowance(fund.drawAllowance, fund.drawRefillRemainder, fund.drawWindowCap, fund.drawWindowSecs, fund.drawAllowanceUpdatedAt, chainTime).amount.toString(),
      );
      assert.equal(await value(page, "fund-lifetime-drawn"), "600000");
      const fundRows = (await rows(page, "fund-history-row")).map((r) => [r["fh-kind"], r["fh-delta"], r["fh-balance"], r["fh-shares"]]);
      const S = shares.toString();
      assert.deepEqual(fundRows, [
        ["staked", "1000000", "1000000", S],
        ["shortfallResolved", "-600000", "400000", S],
        ["insuranceFunded", "500000", "900000", S],
        ["unstaked", `-${paid}`, fund.balance.toString(), fund.totalShares.toString()],
      ]);
      assert.equal((await rows(page, "fund-history-row")).at(-1)!["fh-price"], price);
      assert.match(await text(page, "fund-history-span"), /^since the market's creation, \d+ transactions read$/);

      // Coverage: the fund over principal + at-risk profit.
      const risk = await m.risk();
      assert.deepEqual([risk.totalPrincipal, risk.totalAtRiskProfit, risk.pendingShortfall], [6_500_000n, 1_600_000n, 0n]);
      assert.equal(await value(page, "coverage-fund-balance"), fund.balance.toString());
      assert.equal(await value(page, "coverage-total-principal"), "6500000");
      assert.equal(await value(page, "coverage-total-at-risk-profit"), "1600000");
      assert.equal(await value(page, "coverage-claims"), "8100000");
      assert.equal(await value(page, "coverage-ratio"), dec((fund.balance * 1_000_000n) / 8_100_000n, 4));
      assert.equal(await value(page, "coverage-pending-shortfall"), "0");
      assert.deepEqual([risk.socializedLifetime, risk.haircutLifetime, risk.dustPending, risk.lossEvents], [700_000n, 0n, 0n, 1]);
      assert.equal(await value(page, "coverage-socialized-lifetime"), "700000");
      assert.equal(await value(page, "coverage-haircut-lifetime"), "0");
      assert.equal(await value(page, "coverage-dust-pending"), "0");
      assert.equal(await value(page, "coverage-loss-events"), "1");
      // The market's keys and its rent reserve (it paid the record's rent).
      assert.equal(await value(page, "market-admin"), admin.publicKey.toBase58());
      assert.equal(await value(page, "market-creator"), admin.publicKey.toBase58());
      assert.equal(await value(page, "coverage-rent-reserve"), (await m.rentReserve()).toString());
      assert.equal(await value(page, "market-liquidation-window"), "4");
      assert.equal(await value(page, "market-max-shortfall-bps"), String(TEST_PARAMS.maxShortfallBps));

      // Loss events: each record's split, wallets and indices.
      const events = await m.lossEvents();
      assert.deepEqual(events.map((e) => [e.shortfall, e.insurancePaid, e.clawback, e.haircut]), [[1_300_000n, 600_000n, 700_000n, 0n]]);
      const lossRow = (e: (typeof events)[number]) => ({
        "le-seq": e.seq.toString(),
        "le-owner": e.owner.toBase58(),
        "le-shortfall": e.shortfall.toString(),
        "le-insurance": e.insurancePaid.toString(),
        "le-clawback": e.clawback.toString(),
        "le-haircut": e.haircut.toString(),
        "le-resolver": e.resolver.toBase58(),
        "le-clawback-before": idx(e.clawbackIndexBefore),
        "le-clawback-after": idx(e.clawbackIndexAfter),
        "le-haircut-before": idx(e.haircutIndexBefore),
        "le-haircut-after": idx(e.haircutIndexAfter),
        "le-resolved-at": String(e.resolvedAt),
      });
      assert.deepEqual(await rows(page, "loss-event-row"), events.map(lossRow));
      assert.deepEqual(events.map((e) => e.resolver.toBase58()), [keeper.publicKey.toBase58()]);
      // 1_600_000 of 2_300_000 at-risk profit survives the clawback: 0.695652173913… (12 places, rounded down).
      assert.match(await text(page, "clawback-index-now"), /^0\.695652173913$/);
      assert.equal(await text(page, "haircut-index-now"), "1.000000000000");

      // The wallet: what settle will charge, and more.
      const exposure = (await m.exposure(alice.publicKey, chainTime))!;
      const alicePosition = (await m.position(alice.publicKey))!;
      assert.equal(exposure.pendingClawback, 152_174n); // ceil(700_000 × 500/2_300)
      assert.equal(await value(page, "wallet-pending-clawback"), "152174");
      assert.equal(await value(page, "wallet-pending-haircut"), "0");
      assert.equal(await value(page, "wallet-at-risk-profit"), "500000");
      assert.equal(await value(page, "wallet-principal"), "1000000");
      assert.equal(await value(page, "wallet-weight-share"), String(exposure.weightShare));
      assert.equal(await value(page, "wallet-locked-margin"), "0");
      assert.equal(await value(page, "wallet-bankrupt"), "false");
      assert.equal(await value(page, "wallet-withdrawable"), exposure.withdrawable.toString());
      assert.equal(await value(page, "wallet-profit-matures-at"), String(alicePosition.profitMaturesAt));
      assert.equal(await value(page, "wallet-maturity-countdown"), String(alicePosition.profitMaturesAt - chainTime));
      assert.ok(alicePosition.profitMaturesAt - chainTime > 3_000, "profit matures an hour after the trade");
      // Nothing has matured: all of what settles leaves (500_000 - 152_174) is still maturing, in one gain.
      assert.deepEqual([exposure.releasableProfit, exposure.maturingProfit, exposure.nextMaturityAt], [0n, 347_826n, alicePosition.profitMaturesAt]);
      assert.equal(await value(page, "wallet-releasable-profit"), "0");
      assert.equal(await value(page, "wallet-maturing-profit"), "347826");
      assert.equal(await value(page, "wallet-next-maturity"), String(alicePosition.profitMaturesAt));

      // What if: a loss of 1_000_000 now.
      await page.fill('[data-testid="whatif-input"]', "1000000");
      await page.waitForSelector('[data-testid="whatif-sentence"][data-loss="1000000"]');
      const predicted = [await value(page, "whatif-fund-pays"), await value(page, "whatif-clawback"), await value(page, "whatif-haircut")];
      assert.deepEqual(predicted, ["600000", "400000", "0"]);
      const { after } = await m.previewResolutions(chainTime);
      const step = resolveShortfall({ ...after, pendingShortfall: after.pendingShortfall + 1_000_000n }, { shortfall: 1_000_000n, eventCap: { startedAt: 0, drawn: 0n } }, chainTime);
      const alicePart =
        pendingCharge(step.state.profitPool.index, 500_000n, alicePosition.clawbackSnapshot) - pendingCharge(after.profitPool.index, 500_000n, alicePosition.clawbackSnapshot);
      assert.equal(await value(page, "whatif-your-clawback"), alicePart.toString());
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-initial.png"), fullPage: true });

      // Alice settles: the program charges exactly what the page showed, and the page sees it by itself.
      const shown = await value(page, "wallet-pending-clawback");
      const me = on(alice);
      const settleSig = await me.send([await me.settleIx(alice.publicKey)]);
      const settled = (await me.events(settleSig)).find((e) => e.name === "positionSettled")!.data;
      assert.equal(settled.clawbackCharged.toString(), shown);
      await waitForValue(page, "wallet-pending-clawback", "0");
      assert.equal(await value(page, "wallet-lifetime-clawback"), shown);
      assert.equal(await value(page, "wallet-at-risk-profit"), (500_000n - 152_174n).toString());

      // Bob and carol settle; the rounding dust goes to the fund (a DustSwept point in the history).
      for (const w of [bob, carol]) await on(w).send([await on(w).settleIx(w.publicKey)]);
      const swept = await on(keeper).sweepDust();
      const dust = BigInt((await m.events(swept.signature)).find((e) => e.name === "dustSwept")!.data.amount.toString());
      assert.equal(dust, 1n);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="fund-history-row"]').length === 5);
      const last = (await rows(page, "fund-history-row")).at(-1)!;
      assert.deepEqual([last["fh-kind"], last["fh-delta"], last["fh-balance"], last["fh-shares"]], ["dustSwept", "1", (fund.balance + 1n).toString(), fund.totalShares.toString()]);
      await waitForValue(page, "fund-balance", (fund.balance + 1n).toString());

      // A new bankruptcy (the bare trade: nothing resolves it in front). The page shows the pending loss...
      const refreshesBefore = await refreshes(page);
      await clear.send([await m.applyPnlIx(clearing.publicKey, bob.publicKey, erin.publicKey, 1_500_000n)], [clearing]);
      await waitForValue(page, "coverage-pending-shortfall", "1000000");
      assert.equal(await value(page, "coverage-bankrupt-positions"), "1");
      assert.ok((await refreshes(page)) > refreshesBefore);
      assert.match(await text(page, "updated-reason"), /^\(logs of /);
      const preview = await m.previewResolutions();
      assert.deepEqual(preview.splits.map((p) => [p.shortfall, p.insurancePaid, p.clawback, p.haircut]), [[1_000_000n, 600_000n, 400_000n, 0n]]);
      assert.deepEqual((await rows(page, "pending-row")).map((r) => [r["pl-owner"], r["pl-shortfall"], r["pl-insurance"], r["pl-clawback"], r["pl-haircut"]]), [
        [erin.publicKey.toBase58(), "1000000", "600000", "400000", "0"],
      ]);
      const pendingExposure = (await m.exposure(alice.publicKey))!;
      assert.equal(await value(page, "wallet-clawback-after-resolution"), pendingExposure.afterResolution!.pendingClawback.toString());
      // The liquidation in progress: its shortfall against its bound (100x the 500_000 erin held), and its window's end.
      const liquidation = (await m.market()).liquidation!;
      assert.deepEqual([liquidation.shortfall, liquidation.collateral, liquidation.bound], [1_000_000n, 500_000n, 50_000_000n]);
      assert.deepEqual(
        [await value(page, "liquidation-position"), await value(page, "liquidation-shortfall"), await value(page, "liquidation-bound"), await value(page, "liquidation-collateral"), await value(page, "liquidation-ends-at")],
        [pdas.position(m.keys.market, erin.publicKey).toBase58(), "1000000", "50000000", "500000", String(liquidation.endsAt)],
      );
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-pending.png"), fullPage: true });

      // ...and, once a keeper resolves it (after its window), the new loss event, with no reload.
      const second = await on(keeper).resolveShortfall(keeper, erin.publicKey);
      assert.equal(second.seq, 1n);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="loss-event-row"]').length === 2, undefined, { timeout: 15_000 });
      assert.equal(await page.locator('[data-testid="liquidation"]').count(), 0);
      await waitForValue(page, "coverage-pending-shortfall", "0");
      const eventsNow = await m.lossEvents();
      assert.deepEqual(await rows(page, "loss-event-row"), eventsNow.map(lossRow));
      // The what-if predicted this split (the fund's part and the clawback do not depend on the winner's gain).
      assert.deepEqual([eventsNow[1].insurancePaid, eventsNow[1].clawback, eventsNow[1].haircut].map(String), predicted);
      const fundNow = await m.fund();
      assert.equal(fundNow.balance, fund.balance + 1n - 600_000n);
      assert.equal(await value(page, "fund-balance"), fundNow.balance.toString());
      assert.equal(await value(page, "fund-share-price"), dec(valueOfShares(10n ** 12n, fundNow.balance, fundNow.totalShares)));
      assert.equal((await rows(page, "fund-history-row")).length, 6);
      // Alice's new charge on the page is what settle then takes.
      const chargeShown = await value(page, "wallet-pending-clawback");
      assert.equal(chargeShown, (await m.exposure(alice.publicKey))!.pendingClawback.toString());
      assert.ok(BigInt(chargeShown) > 0n);
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard.png"), fullPage: true });
      const settleAgain = await me.send([await me.settleIx(alice.publicKey)]);
      assert.equal((await me.events(settleAgain)).find((e) => e.name === "positionSettled")!.data.clawbackCharged.toString(), chargeShown);
      await waitForValue(page, "wallet-pending-clawback", "0");

      // The staker's view, typed into the wallet box: shares, value now and at request.
      await page.fill('[data-testid="wallet-input"]', staker.publicKey.toBase58());
      await page.click('[data-testid="wallet-apply"]');
      await page.waitForSelector('[data-testid="wallet-stake-value"]');
      const stakeNow = (await m.stakeAccount(staker.publicKey))!;
      const fundLast = await m.fund();
      const requestNow = valueOfShares(requested, fundLast.balance, fundLast.totalShares);
      assert.deepEqual(
        [
          await value(page, "wallet-stake-shares"),
          await value(page, "wallet-stake-value"),
          await value(page, "wallet-unstake-shares"),
          await value(page, "wallet-unstake-value-at-request"),
          await value(page, "wallet-unstake-value-now"),
          await value(page, "wallet-unstake-payout"),
        ],
        [
          stakeNow.shares.toString(),
          (await m.stakeValue(staker.publicKey)).toString(),
          requested.toString(),
          stakeNow.unstakeValue.toString(),
          requestNow.toString(),
          (requestNow < BigInt(stakeNow.unstakeValue.toString()) ? requestNow : BigInt(stakeNow.unstakeValue.toString())).toString(),
        ],
      );
      assert.equal(await value(page, "wallet-unstake-unlock"), stakeNow.unstakeUnlockAt.toString());
      // The request's window: usable from its unlock (no delay here) for the fund's unstake window.
      assert.equal(await value(page, "wallet-unstake-expires"), stakeNow.unstakeExpiresAt.toString());
      assert.equal(BigInt(stakeNow.unstakeExpiresAt.toString()), BigInt(stakeNow.unstakeUnlockAt.toString()) + BigInt(fundLast.unstakeWindowSecs));
      assert.equal(await value(page, "wallet-unstake-state"), "open");
      assert.equal(await text(page, "wallet-no-position"), "none in this market");
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-staker.png"), fullPage: true });
      assert.deepEqual(pageErrors, []);
      assert.equal(await page.locator('[data-testid="error"]').isHidden(), true);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });
});

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

  it("accepts a blockhash for 150 blocks like a cluster: a transfer signed 30 s before sending lands", async function () {
    this.timeout(60_000);
    const payer = await funded(1);
    const to = Keypair.generate().publicKey;
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL / 10 }));
    tx.feePayer = payer.publicKey;
    tx.recentBlockhash = blockhash;
    tx.sign(payer);
    await new Promise((r) => setTimeout(r, 30_000));
    assert.ok((await connection.getBlockHeight()) <= lastValidBlockHeight);
    assert.equal((await connection.isBlockhashValid(blockhash)).value, true);
    const sig = await connection.sendRawTransaction(tx.serialize());
    await connection.confirmTransaction({ signature: sig, blockhash, lastValidBlockHeight }, "confirmed");
    assert.equal(await connection.getBalance(to), LAMPORTS_PER_SOL / 10);
  });

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
      while ((await other.getBlockHeight()) <= lastValidBlockHeight) {
        assert.equal((await other.isBlockhashValid(blockhash)).value, true, "valid up to its last valid block height");
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await other.isBlockhashValid(blockhash)).value, false);
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
