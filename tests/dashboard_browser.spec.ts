/**
 * `lm dashboard` in a real Chromium (Debian's, driven by playwright-core): the chain's numbers
 * (fund, loss events, the liquidation in progress, a wallet's charge that settle then takes and its
 * at-risk profit beside all wallets', what holds its withdrawal back, releasable and maturing profit,
 * a staker's put in, taken out and result, the unstake window) formatted, and updates by itself
 * (a wipe-out: dashboard_wipe_out.spec.ts); each pending change with what it does and its live countdown, due after its notice, gone
 * once applied or cancelled.
 */
import assert from "node:assert/strict";
import { Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { resolve } from "node:path";
import { changeFields, durationText, pdas } from "@loss-mutualization/sdk";
import { Localnet } from "../app/src/localnet";
import { pendingCharge, refilledAllowance, resolveShortfall, valueOfShares } from "@loss-mutualization/sdk";
import { dec, expectClean, expectOn, grouped, iso, label, launchChromium, lossRow, openPage, price, refreshes, rows, startDashboardCli, text, value, values, waitForValue, walletPage } from "./dashboard";

const short = (k: PublicKey) => `${k.toBase58().slice(0, 4)}…${k.toBase58().slice(-4)}`;
import { localnet, specMarkets, SpecMarkets, TEST_PARAMS, timeTravel } from "./env";

let net: Localnet;

before(async () => {
  ({ net } = await localnet());
});

describe("lm dashboard", () => {
  let admin: Keypair, clearing: Keypair, keeper: Keypair;
  let mint: PublicKey;
  let newMarket: SpecMarkets["newMarket"];
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);

  before(async () => {
    ({ admin, clearing, keeper, mint, newMarket } = await specMarkets());
  });


  it("lm dashboard: a real Chromium shows the chain's numbers (fund, loss events, a wallet's charge that settle then takes) and updates by itself", async function () {
    this.timeout(300_000);
    const { client: m, on, wallets } = await newMarket(
      7,
      { alice: 1_000_000n, bob: 2_000_000n, carol: 3_000_000n, dave: 1_000_000n, erin: 500_000n },
      { staker: 1_000_000n },
      // One liquidation draws at most 600_000 from the fund.
      { liquidationWindowSecs: 4, maxDrawPerEvent: 600_000n },
    );
    const { alice, bob, carol, dave, erin, staker } = wallets;
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

    const dashboard = await startDashboardCli(net.url, m.keys.market.toBase58(), ["--wallet", alice.publicKey.toBase58()]);
    const printed = new URL(dashboard.url);
    assert.deepEqual(
      [printed.searchParams.get("rpc"), printed.searchParams.get("ws"), printed.searchParams.get("market"), printed.searchParams.get("wallet")],
      [net.url, net.wsUrl, m.keys.market.toBase58(), alice.publicKey.toBase58()],
    );
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser); // the page under its Content-Security-Policy (server.ts)
      await page.goto(dashboard.url);
      await page.waitForSelector('[data-testid="wallet-pending-clawback"]', { timeout: 30_000 });
      const chainTime = Number(await value(page, "chain-time"));

      // Insurance fund: the account's numbers, and the history rebuilt from the market's transactions.
      const fund = await m.fund();
      assert.equal(fund.balance, 900_000n - paid);
      assert.deepEqual([fund.totalShares, fund.unstakeWindowSecs], [shares - shares / 4n, 86_400]);
      const sharePrice = price(fund.balance, fund.totalShares);
      const allowance = refilledAllowance(fund.drawAllowance, fund.drawRefillRemainder, fund.drawWindowCap, fund.drawWindowSecs, fund.drawAllowanceUpdatedAt, chainTime);
      await expectOn(page, value, {
        "fund-balance": fund.balance, "fund-balance-tokens": dec(fund.balance), "fund-total-shares": shares - shares / 4n, "fund-share-price": sharePrice,
        "fund-max-draw-per-event": 600_000, "fund-draw-window-cap": fund.drawWindowCap, "fund-draw-window-cap-tokens": dec(fund.drawWindowCap),
        "fund-draw-window-secs": 86_400, "fund-unstake-delay": 0, "fund-unstake-window": fund.unstakeWindowSecs, "fund-allowance-now": allowance.amount,
        "fund-lifetime-drawn": 600_000,
      });
      // Times as ISO UTC, periods in units, amounts and counts grouped (tokens too); the exact values stay in data-value.
      await expectOn(page, text, {
        "fund-balance": grouped(fund.balance), "fund-draw-window-secs": "1d", "fund-unstake-delay": "0s", "fund-unstake-window": "1d",
        "fund-draw-window-cap-tokens": "5,000.000000 tokens", "chain-time": iso(chainTime), "updated-slot": grouped(BigInt(await value(page, "updated-slot"))),
      });
      const fundRows = (await rows(page, "fund-history-row")).map((r) => [r["fh-kind"], r["fh-delta"], r["fh-balance"], r["fh-shares"]]);
      const S = shares.toString();
      assert.deepEqual(fundRows, [
        ["staked", "1000000", "1000000", S],
        ["shortfallResolved", "-600000", "400000", S],
        ["insuranceFunded", "500000", "900000", S],
        ["unstaked", `-${paid}`, fund.balance.toString(), fund.totalShares.toString()],
      ]);
      assert.equal((await rows(page, "fund-history-row")).at(-1)!["fh-price"], sharePrice);
      assert.match(await text(page, "fund-history-span"), /^since the market's creation, \d+ transactions read$/);

      // Coverage: the fund over principal + at-risk profit.
      const risk = await m.risk();
      assert.deepEqual([risk.totalPrincipal, risk.totalAtRiskProfit, risk.pendingShortfall], [6_500_000n, 1_600_000n, 0n]);
      assert.deepEqual([risk.clawbackLifetime, risk.haircutLifetime, risk.dustPending, risk.lossEvents], [700_000n, 0n, 0n, 1]);
      // The market's keys and its rent reserve (it paid the record's rent).
      await expectOn(page, value, {
        "coverage-fund-balance": fund.balance, "coverage-total-principal": 6_500_000, "coverage-total-at-risk-profit": 1_600_000, "coverage-claims": 8_100_000,
        "coverage-ratio": dec((fund.balance * 1_000_000n) / 8_100_000n, 4), "coverage-pending-shortfall": 0, "coverage-clawback-lifetime": 700_000,
        "coverage-haircut-lifetime": 0, "coverage-dust-pending": 0, "coverage-loss-events": 1, "market-admin": admin.publicKey.toBase58(),
        "market-creator": admin.publicKey.toBase58(), "coverage-rent-reserve": await m.rentReserve(), "market-liquidation-window": 4,
        "market-max-shortfall-bps": TEST_PARAMS.maxShortfallBps,
      });
      await expectOn(page, text, { "market-liquidation-window": "4s", "market-max-shortfall-bps": "1,000,000 bps (10,000.00 %) of the collateral behind it" });
      assert.equal(await label(page, "coverage-total-at-risk-profit"), "at-risk profit, all wallets (after every resolved clawback, settled or not)");

      // Loss events: each record's split, wallets and indices.
      const events = await m.lossEvents();
      assert.deepEqual(events.map((e) => [e.shortfall, e.insurancePaid, e.clawback, e.haircut]), [[1_300_000n, 600_000n, 700_000n, 0n]]);
      assert.deepEqual(await rows(page, "loss-event-row"), events.map(lossRow));
      assert.deepEqual(events.map((e) => e.resolver.toBase58()), [keeper.publicKey.toBase58()]);
      // 1_600_000 of 2_300_000 at-risk profit survives the clawback: 0.695652173913… (12 places, rounded down).
      assert.match(await text(page, "clawback-index-now"), /^0\.695652173913$/);
      assert.equal(await text(page, "haircut-index-now"), "1.000000000000");
      assert.equal(await text(page, "le-resolved-at"), iso(events[0].resolvedAt));

      // The wallet: what settle will charge, and more.
      const exposure = (await m.exposure(alice.publicKey, chainTime))!;
      const alicePosition = (await m.position(alice.publicKey))!;
      assert.equal(exposure.pendingClawback, 152_174n); // ceil(700_000 × 500/2_300)
      assert.equal(exposure.profitAfter, 500_000n - 152_174n);
      // Nothing has matured: all of what settles leaves (500_000 - 152_174) is still maturing, in one gain.
      assert.deepEqual([exposure.releasableProfit, exposure.maturingProfit, exposure.nextMaturityAt], [0n, 347_826n, alicePosition.profitMaturesAt]);
      assert.ok(alicePosition.profitMaturesAt - chainTime > 3_000, "profit matures an hour after the trade");
      // Withdrawable 0, and why: settle first (its pending clawback); then its principal, all of it.
      assert.equal(exposure.withdrawable, 0n);
      await expectOn(page, value, {
        "wallet-pending-clawback": 152_174, "wallet-pending-haircut": 0, "wallet-at-risk-profit": 500_000, "wallet-at-risk-profit-after": exposure.profitAfter,
        "wallet-market-at-risk-profit": risk.totalAtRiskProfit, "wallet-principal": 1_000_000, "wallet-weight-share": exposure.weightShare, "wallet-locked-margin": 0,
        "wallet-bankrupt": false, "wallet-withdrawable": exposure.withdrawable, "wallet-withdraw-settle": exposure.pendingClawback + exposure.pendingHaircut,
        "wallet-withdraw-then": alicePosition.principal - exposure.pendingHaircut - alicePosition.lockedMargin, "wallet-profit-matures-at": alicePosition.profitMaturesAt,
        "wallet-maturity-countdown": alicePosition.profitMaturesAt - chainTime, "wallet-releasable-profit": 0, "wallet-maturing-profit": 347_826,
        "wallet-next-maturity": alicePosition.profitMaturesAt,
      });
      assert.deepEqual(await values(page, "wallet-withdraw-reason"), ["settle"]);
      assert.equal(await text(page, "wallet-withdraw-reasons"), "— settle first: 152,174 pending (then up to 1,000,000)");
      // Its own at-risk profit, before and after its pending clawback, beside all wallets' (after every resolved clawback).
      await expectOn(page, label, {
        "wallet-at-risk-profit": "at-risk profit, this wallet, before its pending clawback", "wallet-at-risk-profit-after": "at-risk profit, this wallet, after its pending clawback",
        "wallet-weight-share": "share of all wallets' at-risk profit (the clawback weight)",
      });

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
      assert.ok((await page.locator('[data-testid="whatif-result"]').textContent())!.includes(`the rolling allowance at chain time ${iso(chainTime)}`));
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
      // Settled: nothing holds its principal back. Then the clearing authority locks 300_000 as margin.
      await waitForValue(page, "wallet-withdrawable", "1000000");
      assert.equal(await page.locator('[data-testid="wallet-withdraw-reason"]').count(), 0);
      await clear.send([await m.setMarginIx(clearing.publicKey, alice.publicKey, 300_000n)], [clearing]);
      await waitForValue(page, "wallet-withdrawable", "700000");
      assert.equal((await m.exposure(alice.publicKey))!.withdrawable, 700_000n);
      assert.deepEqual([await values(page, "wallet-withdraw-reason"), await value(page, "wallet-withdraw-locked")], [["locked"], "300000"]);
      assert.equal(await text(page, "wallet-withdraw-reasons"), "— 300,000 locked as margin");

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
      // Exits wait for the pending loss; then alice settles what it will charge; 300_000 stays locked.
      const ends = (await m.market()).liquidation!.endsAt;
      assert.equal(await value(page, "wallet-withdrawable"), pendingExposure.withdrawable.toString());
      assert.deepEqual(await values(page, "wallet-withdraw-reason"), ["lossPending", "settle", "locked"]);
      const charges = pendingExposure.afterResolution!;
      await expectOn(page, value, { "wallet-withdraw-loss": 1_000_000, "wallet-withdraw-loss-ends": ends, "wallet-withdraw-settle": charges.pendingClawback + charges.pendingHaircut });
      // Erin, bankrupt: her own page says so.
      const erinPage = await walletPage(browser, dashboard.url, erin.publicKey.toBase58(), "wallet-withdraw-reason");
      const erinExposure = (await m.exposure(erin.publicKey))!;
      assert.deepEqual([erinExposure.bankrupt, erinExposure.withdrawable], [true, 0n]);
      assert.deepEqual([await value(erinPage, "wallet-withdrawable"), await values(erinPage, "wallet-withdraw-reason")], ["0", ["bankrupt", "lossPending"]]);
      await erinPage.close();
      // The liquidation in progress: its shortfall against its bound (100x the 500_000 erin held), and its window's end.
      const liquidation = (await m.market()).liquidation!;
      assert.deepEqual([liquidation.shortfall, liquidation.collateral, liquidation.bound], [1_000_000n, 500_000n, 50_000_000n]);
      await expectOn(page, value, {
        "liquidation-position": pdas.position(m.keys.market, erin.publicKey).toBase58(), "liquidation-shortfall": 1_000_000, "liquidation-bound": 50_000_000,
        "liquidation-collateral": 500_000, "liquidation-ends-at": liquidation.endsAt,
      });
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
      assert.equal(await value(page, "fund-share-price"), price(fundNow.balance, fundNow.totalShares));
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
      await page.waitForSelector('[data-testid="wallet-stake-put-in"]');
      const stakeNow = (await m.stakeAccount(staker.publicKey))!;
      const fundLast = await m.fund();
      const requestNow = valueOfShares(requested, fundLast.balance, fundLast.totalShares);
      const atRequest = BigInt(stakeNow.unstakeValue.toString());
      // The request's unlock and lapse move by the time unstaking was halted since it was made
      // (the loss pending in between); nothing is pending now, so that time is fixed.
      const marketNow = await m.market();
      assert.equal(marketNow.unstakeHalt.haltedSince, 0);
      const halted = BigInt(marketNow.unstakeHalt.haltedSecs) - BigInt(stakeNow.unstakeHaltedAtRequest.toString());
      // The request's window: usable from its unlock (no delay here) for the fund's unstake window.
      assert.equal(BigInt(stakeNow.unstakeExpiresAt.toString()), BigInt(stakeNow.unstakeUnlockAt.toString()) + BigInt(fundLast.unstakeWindowSecs));
      const expires = Number(BigInt(stakeNow.unstakeExpiresAt.toString()) + halted);
      // What it put in (its Staked events), what unstaking paid it, what it is worth now, and the difference: its share of the draws, net of the donation and dust.
      const worth = await m.stakeValue(staker.publicKey);
      assert.ok(worth + paid < 1_000_000n, "it bore part of the loss");
      await expectOn(page, value, {
        "wallet-stake-shares": stakeNow.shares.toString(), "wallet-stake-value": worth, "wallet-unstake-shares": requested, "wallet-unstake-value-at-request": atRequest,
        "wallet-unstake-value-now": requestNow, "wallet-unstake-payout": requestNow < atRequest ? requestNow : atRequest,
        "wallet-unstake-unlock": BigInt(stakeNow.unstakeUnlockAt.toString()) + halted, "wallet-unstake-expires": expires, "wallet-unstake-state": "open",
        "wallet-stake-put-in": 1_000_000, "wallet-stake-taken-out": paid, "wallet-stake-result": worth + paid - 1_000_000n,
      });
      assert.equal(await text(page, "wallet-unstake-expires"), iso(expires));
      const expiresIn = Number(await value(page, "wallet-unstake-expires-countdown"));
      assert.ok(expiresIn > 0 && expiresIn <= expires - chainTime, String(expiresIn));
      assert.equal(await label(page, "wallet-stake-put-in"), "put in (staked, share epoch 0)");
      assert.equal(await text(page, "wallet-no-position"), "none in this market");
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-staker.png"), fullPage: true });
      await expectClean(page, pageErrors);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });

  it("lm dashboard: each pending change with what it does and its live countdown; due after its notice; gone once applied or cancelled", async function () {
    this.timeout(120_000);
    const DAY = 86_400;
    const { client: m, on } = await newMarket(8, {});
    const dashboard = await startDashboardCli(net.url, m.keys.market.toBase58());
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser, false);
      await page.goto(dashboard.url);
      await page.waitForSelector('[data-testid="no-pending-change"]', { timeout: 30_000 });
      assert.deepEqual([await value(page, "market-notice-secs"), await value(page, "change-count")], [String(TEST_PARAMS.noticeSecs), "0"]);
      assert.equal(await text(page, "market-notice-secs"), "3d");
      const row = (seq: number, testid: string) => `[data-testid="change-row"][data-seq="${seq}"] [data-testid="${testid}"]`;
      const expected = (c: Awaited<ReturnType<typeof m.pendingChanges>>[number], chainTime: number, countdown: number) => ({
        "change-seq": String(c.seq), "change-kind": c.change.kind, "change-sets": JSON.stringify(changeFields(c.change)), "change-proposer": admin.publicKey.toBase58(),
        "change-proposed-at": String(c.proposedAt), "change-status": c.status.kind, "change-countdown": String(countdown),
        "change-due-at": String(c.status.kind === "due" ? chainTime : c.proposedAt + 3 * DAY), "change-lapses-at": String(c.proposedAt + 10 * DAY),
      });

      // The admin proposes a lower cap per loss event and a longer notice: the page shows it by itself,
      // with the open time left of its notice.
      const first = await m.proposeChange(admin, { kind: "params", params: { maxDrawPerEvent: 500_000n, noticeSecs: 4 * DAY } });
      await page.waitForSelector('[data-testid="change-row"][data-seq="0"]', { timeout: 15_000 });
      assert.match(await text(page, "updated-reason"), /^\(logs of /);
      let chainTime = Number(await value(page, "chain-time"));
      const [proposed] = await m.pendingChanges(chainTime);
      const left = 3 * DAY - (chainTime - proposed.proposedAt);
      assert.deepEqual(await rows(page, "change-row"), [expected(proposed, chainTime, left)]);
      assert.equal(await page.locator(row(0, "change-sets")).textContent(), "maxDrawPerEvent: 1,000,000,000 → 500,000noticeSecs: 3d → 4d");
      assert.equal(await value(page, "change-count"), "1");
      // The countdown ticks between refreshes.
      const shown = (await page.locator(row(0, "change-countdown")).textContent())!;
      assert.ok([0, 1].map((k) => durationText(left - k)).includes(shown), shown);
      await page.waitForFunction(([sel, before]) => document.querySelector(sel)!.textContent !== before, [row(0, "change-countdown"), shown] as const, { timeout: 5_000 });
      const ticked = (await page.locator(row(0, "change-countdown")).textContent())!;
      assert.ok([1, 2, 3].map((k) => durationText(left - k)).includes(ticked), ticked);

      // Three days later a second change is proposed: the first is due (until it lapses), the second in notice.
      await timeTravel(proposed.proposedAt + 3 * DAY);
      const nextClearing = on(keeper).payer.publicKey;
      await m.proposeChange(admin, { kind: "authorities", clearingAuthority: nextClearing });
      await page.waitForSelector('[data-testid="change-row"][data-seq="1"]', { timeout: 15_000 });
      chainTime = Number(await value(page, "chain-time"));
      const [due, inNotice] = await m.pendingChanges(chainTime);
      assert.deepEqual([due.status.kind, inNotice.status.kind], ["due", "inNotice"]);
      assert.deepEqual(await rows(page, "change-row"), [
        expected(due, chainTime, proposed.proposedAt + 10 * DAY - chainTime),
        expected(inNotice, chainTime, 3 * DAY - (chainTime - inNotice.proposedAt)),
      ]);
      assert.equal(await page.locator(row(1, "change-sets")).textContent(), `clearingAuthority: ${short(clearing.publicKey)} → ${short(nextClearing)}`);
      assert.match((await page.locator('[data-testid="change-row"][data-seq="0"]').textContent())!, /may apply now; lapses in \d+d \d+h \d+m \d+s/);
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-changes.png"), fullPage: true });

      // Applied (by anyone): its row goes, and the new cap and notice are on the page.
      await on(keeper).applyChange(keeper, first.seq);
      await waitForValue(page, "fund-max-draw-per-event", "500000");
      assert.equal(await value(page, "market-notice-secs"), String(4 * DAY));
      assert.deepEqual((await rows(page, "change-row")).map((r) => r["change-seq"]), ["1"]);
      // The admin cancels the other: none left.
      await m.cancelChange(admin, 1);
      await page.waitForSelector('[data-testid="no-pending-change"]', { timeout: 15_000 });
      assert.equal(await value(page, "change-count"), "2");
      await expectClean(page, pageErrors, false);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });
});
