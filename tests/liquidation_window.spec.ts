/**
 * One liquidation, one loss event, and its window: fills of the bankrupt position book into one
 * shortfall within its bound (ShortfallAboveBound beyond it) while every other trade waits; until
 * the window ends only the clearing authority may resolve it (LiquidationInProgress for anyone
 * else), and the SDK's send paths wait for the window before resolving in front of a stranger's
 * deposit, or refuse at once when told not to wait.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Keypair } from "@solana/web3.js";
import { LiquidationInProgressError, LossMutualizationClient, pdas } from "@loss-mutualization/sdk";
import { resolveShortfall as previewResolve, WaterfallState } from "@loss-mutualization/sdk";
import { createMint, funded, localnet, MarketSetup, named, setupMarket, until } from "./env";

describe("a liquidation's window", () => {
  let admin: Keypair, clearing: Keypair, stranger: Keypair;
  let setup: MarketSetup;
  let m: LossMutualizationClient;
  /** When the first liquidation's window (and the loser's loss window) ends. */
  let firstEndsAt = 0;

  before(async () => {
    await localnet();
    [admin, clearing, stranger] = await Promise.all([funded(20), funded(), funded()]);
    const mint = await createMint(admin);
    setup = await setupMarket({
      admin,
      risk: admin.publicKey,
      clearing: clearing.publicKey,
      mint,
      marketId: 1,
      // 5 s of window; a liquidation's shortfall may reach twice the collateral behind it. The
      // rolling cap refills 1_000_000 per 30 days, 0.39 units a second: a remainder to carry.
      params: { liquidationWindowSecs: 5, maxShortfallBps: 20_000, maxDrawPerEvent: 20_000n, drawWindowCap: 1_000_000n, drawWindowSecs: 30 * 86_400 },
      deposits: { alice: 1_000_000n, bob: 1_000_000n, loser: 100_000n },
      stakes: { staker: 500_000n },
    });
    m = setup.client;
  });

  it("books the liquidation's fills into one shortfall within its bound; other trades wait; the clearing authority resolves at once, a stranger may not", async () => {
    const { alice, bob, loser } = setup.wallets;
    const clear = setup.on(clearing);
    const fill = async (winner: Keypair, from: Keypair, amount: bigint) => await clear.applyPnlIx(clearing.publicKey, winner.publicKey, from.publicKey, amount);
    // The bankrupting fill: 150_000 against 100_000 of collateral.
    await clear.send([await fill(alice, loser, 150_000n)], [clearing]);
    const market = await m.market();
    const liquidation = market.liquidation!;
    firstEndsAt = liquidation.endsAt;
    assert.ok(liquidation.position.equals(pdas.position(m.keys.market, loser.publicKey)));
    assert.deepEqual([liquidation.shortfall, liquidation.collateral, liquidation.bound], [50_000n, 100_000n, 200_000n]);
    assert.equal(liquidation.endsAt, market.liquidationEndsAt);
    assert.equal((await m.lossEvents()).length, 0);

    // A fill past the bound is refused, and changes nothing; its twin within the bound books (the SDK puts nothing in front).
    await assert.rejects(clear.send([await fill(bob, loser, 150_001n)], [clearing]), named("ShortfallAboveBound"));
    assert.equal((await m.market()).pendingShortfall, 50_000n);
    const booked = await clear.applyPnl(clearing, bob.publicKey, loser.publicKey, 150_000n);
    assert.deepEqual(booked.resolved, []);
    assert.equal((await m.market()).pendingShortfall, 200_000n);
    // Any other trade waits for the resolution.
    await assert.rejects(clear.send([await fill(alice, bob, 1n)], [clearing]), named("LossResolutionPending"));

    // A stranger may not resolve before the window ends: the program refuses, and the SDK told not to wait refuses at once.
    const strangers = setup.on(stranger);
    await assert.rejects(strangers.send([await strangers.resolveShortfallIx(stranger.publicKey, loser.publicKey)]), named("LiquidationInProgress"));
    await assert.rejects(strangers.resolveShortfall(stranger, loser.publicKey, { maxWaitSecs: 0 }), (err: unknown) => {
      assert.ok(err instanceof LiquidationInProgressError);
      assert.equal(err.liquidation.endsAt, liquidation.endsAt);
      return true;
    });
    // The clearing authority resolves at once, within the window: one loss event for both fills.
    const started = Date.now();
    const resolved = await clear.resolveShortfall(clearing, loser.publicKey);
    assert.ok(Date.now() - started < 3_000, "no wait for the clearing authority");
    assert.deepEqual(resolved.split && [resolved.split.shortfall, resolved.split.insurancePaid + resolved.split.clawback + resolved.split.haircut], [200_000n, 200_000n]);
    const [event] = await m.lossEvents();
    assert.ok(event.resolver.equals(clearing.publicKey));
    assert.ok(event.resolvedAt < liquidation.endsAt, "resolved inside the window");
    const after = await m.market();
    assert.deepEqual([after.pendingShortfall, after.liquidation, after.liquidationEndsAt, after.pendingCollateral], [0n, null, 0, 0n]);
  });

  it("the SDK's send path waits for the window, then resolves in front of a stranger's deposit (or refuses at once when told not to wait)", async () => {
    const { alice, loser } = setup.wallets;
    const clear = setup.on(clearing);
    await setup.on(loser).deposit(loser, setup.ata(loser.publicKey), 30_000n);
    // A new loss window (a new base for the bound) opens only after the last one's quiet period.
    await until(async () => (await m.chainTime()) >= firstEndsAt, 10_000, "the first loss window to end");
    await clear.send([await clear.applyPnlIx(clearing.publicKey, alice.publicKey, loser.publicKey, 40_000n)], [clearing]);
    const [market, fund] = await Promise.all([m.market(), m.fund()]);
    const endsAt = market.liquidationEndsAt;
    const position = (await m.bankruptPositions())[0];
    const before: WaterfallState = {
      profitPool: market.profitPool,
      principalPool: market.principalPool,
      pendingShortfall: market.pendingShortfall,
      fund: { ...fund },
    };

    // The staker tops the fund up (a send path): not willing to wait, refused at once with the window's end.
    const { staker } = setup.wallets;
    const impatient = setup.on(staker);
    impatient.maxLiquidationWaitSecs = 0;
    await assert.rejects(impatient.fundInsurance(staker, setup.ata(staker.publicKey), 1n), (err: unknown) => err instanceof LiquidationInProgressError && err.liquidation.endsAt === endsAt);
    // The same through `lm deposit` with --max-wait 0: a clear message with the window's end, and nothing deposited.
    const file = join(mkdtempSync(join(tmpdir(), "lm-window-")), "staker.json");
    writeFileSync(file, JSON.stringify([...staker.secretKey]));
    const principal = (await m.position(staker.publicKey))?.principal ?? 0n;
    const cli = () =>
      execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", setup.client.connection.rpcEndpoint, "-k", file, "--market", m.keys.market.toBase58(), "--max-wait", "0", "deposit", "1"], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    assert.throws(cli, (err: { stderr: string }) => {
      assert.match(err.stderr, new RegExp(`^error: a liquidation is in progress until ${new Date(endsAt * 1000).toISOString()} \\(\\d+ s from now\\): only the clearing authority may resolve its loss before then`, "m"));
      return true;
    });
    assert.equal((await m.position(staker.publicKey))?.principal ?? 0n, principal);

    // Bob's deposit through the SDK: it waits for the window (saying so once), then resolves in front.
    const { bob } = setup.wallets;
    const by = setup.on(bob);
    const waits: number[] = [];
    by.onLiquidationWait = ({ liquidation, secondsLeft }) => waits.push(liquidation.endsAt, secondsLeft);
    const sent = await by.deposit(bob, setup.ata(bob.publicKey), 1_000n);
    assert.equal(waits.length, 2, "one wait");
    assert.equal(waits[0], endsAt);
    assert.ok(waits[1] > 0 && waits[1] <= market.liquidationWindowSecs);
    assert.deepEqual(sent.resolved.map((p) => p.owner.toBase58()), [loser.publicKey.toBase58()]);
    const names = (await m.events(sent.signature)).map((e) => e.name);
    assert.deepEqual(names.filter((n) => n === "shortfallResolved" || n === "deposited"), ["shortfallResolved", "deposited"]);
    const record = (await m.lossEvents()).at(-1)!;
    assert.ok(record.resolver.equals(bob.publicKey));
    assert.ok(record.resolvedAt >= endsAt, "resolved once the window had ended");
    assert.equal((await m.position(bob.publicKey))!.principal, 1_001_000n);

    // The SDK's preview at the resolution's time is what the program did, the exact allowance refill included.
    const predicted = previewResolve(before, position, record.resolvedAt);
    assert.deepEqual(
      [record.shortfall, record.insurancePaid, record.clawback, record.haircut],
      [predicted.split.shortfall, predicted.split.insurancePaid, predicted.split.clawback, predicted.split.haircut],
    );
    const fundAfter = await m.fund();
    assert.deepEqual(
      [fundAfter.balance, fundAfter.drawAllowance, fundAfter.drawRefillRemainder, fundAfter.drawAllowanceUpdatedAt],
      [predicted.state.fund.balance, predicted.state.fund.drawAllowance, predicted.state.fund.drawRefillRemainder, record.resolvedAt],
    );
    assert.ok(fundAfter.drawRefillRemainder > 0n, "a refill below one unit was carried");
  });
});
