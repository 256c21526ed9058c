/**
 * TypeScript tests, as `anchor test` runs them: against the local validator (tests/env.ts), or
 * the validator at ANCHOR_PROVIDER_URL. The waterfall with wallet-signed transactions from
 * several keypairs (one liquidation in three fills, one loss event assigned by a wallet with no
 * authority), events decoded from logs, the SDK's prediction equal to the charge, the SDK's
 * sends, the CLI's operator commands and named errors, getProgramAccounts filters.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { durationText, errorCode, LAYOUT, LossMutualizationClient, pdas, PROGRAM_ID } from "@loss-mutualization/sdk";
import { Localnet } from "../app/src/localnet";
import { localnet, named, setupMarket, SpecMarkets, specMarkets, timeTravel } from "./env";

let net: Localnet;
let connection: Connection;

before(async () => {
  ({ net, connection } = await localnet());
});

describe("loss mutualization over JSON-RPC", () => {
  let admin: Keypair, risk: Keypair, clearing: Keypair, keeper: Keypair;
  let client: LossMutualizationClient;
  let mint: PublicKey;
  let newMarket: SpecMarkets["newMarket"];
  let traders: Record<string, Keypair> = {};
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);
  const as = (who: Keypair) => new LossMutualizationClient(connection, who, client.keys);

  before(async () => {
    ({ admin, risk, clearing, keeper, mint, newMarket } = await specMarkets());
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
      // With a charge due the market must be writable: read-only is refused, changing nothing.
      const readOnly = await me.settleIx(wallet.publicKey, { marketWritable: false });
      assert.equal(readOnly.keys.find((k) => k.pubkey.equals(client.keys.market))?.isWritable, false);
      await assert.rejects(me.send([readOnly]), named("MarketNotWritable"));
      assert.equal((await me.exposure(wallet.publicKey))?.pendingClawback, expected);
      const sig = await me.send([await me.settleIx(wallet.publicKey)]);
      const settled = (await me.events(sig)).find((e) => /positionSettled/i.test(e.name))!.data;
      assert.equal(BigInt(settled.clawbackCharged.toString()), exposure?.pendingClawback);
      total += expected;
    }
    assert.equal(total, 1_000_001n);
    // Settled, nothing is due: the market stays read-only and the settlement goes through.
    await as(alice).send([await as(alice).settleIx(alice.publicKey, { marketWritable: false })]);

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
    const refused = lm(aliceFile, ["deposit", "0.000001"]);
    assert.equal(refused.ok, false);
    assert.match(refused.out, new RegExp(`error: OperationPaused \\(${errorCode("OperationPaused").code}\\): This operation is paused`));
    assert.ok(lm(adminFile, ["pause", "none"]).ok);
    assert.ok(lm(aliceFile, ["deposit", "0.000001"]).ok);
    assert.match(lm(aliceFile, ["pause", "withdraw"]).out, /error: NotAdmin/);
    // New parameters are proposed, and applied (by anyone) once the notice is served.
    const proposed = JSON.parse(lm(adminFile, ["--json", "propose-params", "--maturity", "60", "--liquidation-window", "7"]).out);
    assert.deepEqual(proposed.sets, { profitMaturitySecs: "60", liquidationWindowSecs: "7" });
    // Anyone lists it: what it sets, who proposed it, its status and countdown, when it is due and lapses.
    const [listed, ...more] = JSON.parse(lm(aliceFile, ["--json", "changes"]).out);
    const view = (await client.pendingChange(BigInt(proposed.seq)))!;
    const iso = (t: number) => new Date(t * 1000).toISOString();
    assert.deepEqual(more, []);
    assert.deepEqual({ ...listed, remainingSecs: undefined, countdown: undefined }, {
      seq: "0",
      kind: "params",
      sets: { profitMaturitySecs: "60", liquidationWindowSecs: "7" },
      proposer: admin.publicKey.toBase58(),
      proposedAt: iso(view.proposedAt),
      noticeSecs: 3 * 86_400,
      status: "in notice",
      remainingSecs: undefined,
      countdown: undefined,
      dueAt: iso(view.proposedAt + 3 * 86_400),
      lapsesAt: iso(view.proposedAt + 10 * 86_400),
      address: pdas.pendingChange(client.keys.market, 0).toBase58(),
      decimals: 6,
    });
    assert.ok(listed.remainingSecs <= 3 * 86_400 && listed.remainingSecs >= 3 * 86_400 - 10, String(listed.remainingSecs));
    assert.equal(listed.countdown, durationText(listed.remainingSecs));
    assert.match(lm(aliceFile, ["changes"]).out, /^pending changes \(notice 259200 s of open exits\)\n +seq +kind +sets +proposer/);
    const early = lm(aliceFile, ["apply-change", proposed.seq]);
    assert.equal(early.ok, false);
    assert.match(early.out, new RegExp(`error: NoticeNotServed \\(${errorCode("NoticeNotServed").code}\\): The change's notice period of open exits has not passed \\(\`lm changes\` shows when it is due\\)`));
    assert.deepEqual([(await client.market()).profitMaturitySecs, (await client.market()).liquidationWindowSecs], [3_600, 6]);
    await timeTravel((await client.pendingChange(BigInt(proposed.seq)))!.dueAt!);
    assert.ok(lm(aliceFile, ["apply-change", proposed.seq]).ok);
    assert.deepEqual([(await client.market()).profitMaturitySecs, (await client.market()).liquidationWindowSecs], [60, 7]);
    // A parameter out of range: the program's named error, and which option takes what.
    const outOfRange = lm(adminFile, ["propose-params", "--liquidation-window", "3601"]);
    assert.equal(outOfRange.ok, false);
    assert.match(outOfRange.out, new RegExp(`error: LiquidationWindowOutOfRange \\(${errorCode("LiquidationWindowOutOfRange").code}\\): .*--liquidation-window takes 1\\.\\.3600 seconds`));
    assert.deepEqual(await client.pendingChanges(), []);
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
    // The admin hands over (the new admin applies it after the notice), and back.
    for (const [from, to, toFile] of [[adminFile, alice, aliceFile], [aliceFile, admin, adminFile]] as const) {
      const { seq } = JSON.parse(lm(from, ["--json", "propose-admin", to.publicKey.toBase58()]).out);
      await timeTravel((await client.pendingChange(BigInt(seq)))!.dueAt!);
      assert.match(lm(from, ["apply-change", seq]).out, /error: NotPendingAdmin .*the new admin the change names signs `lm apply-change`/);
      assert.ok(lm(toFile, ["apply-change", seq]).ok);
      assert.ok((await client.market()).admin.equals(to.publicKey));
    }
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
});
