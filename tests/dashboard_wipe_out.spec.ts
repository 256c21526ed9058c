/**
 * The dashboard after a wipe-out (a loss that draws the whole insurance fund and retires its
 * shares): the retired share epoch ends at a price of 0, marked, the next one drawn apart, and
 * each staker's stake per epoch (put in, taken out, worth now, the difference), against the
 * chain's numbers in a real Chromium.
 */
import assert from "node:assert/strict";
import { Keypair } from "@solana/web3.js";
import { resolve } from "node:path";
import { Localnet } from "../app/src/localnet";
import { expectClean, expectOn, label, launchChromium, openPage, price, rows, startDashboardCli, value, waitForValue } from "./dashboard";
import { localnet, specMarkets, SpecMarkets } from "./env";

let net: Localnet;

before(async () => {
  ({ net } = await localnet());
});

describe("lm dashboard after a wipe-out", () => {
  let clearing: Keypair, keeper: Keypair;
  let newMarket: SpecMarkets["newMarket"];

  before(async () => {
    ({ clearing, keeper, newMarket } = await specMarkets());
  });

  it("lm dashboard: a wipe-out ends its share epoch at a price of 0 (marked, the next epoch drawn apart), and each staker's stake per epoch: put in, taken out, worth now, the difference", async function () {
    this.timeout(180_000);
    // early stakes 400_000; dave's loss of 500_000 draws all of it: the fund is wiped out, its shares retired (epoch 1).
    const { client: m, on, wallets, ata } = await newMarket(9, { alice: 1_000_000n, dave: 1_000_000n, late: 0n }, { early: 400_000n });
    const { alice, dave, early, late } = wallets;
    const firstShares = BigInt((await m.stakeAccount(early.publicKey))!.shares.toString());
    await on(clearing).applyPnl(clearing, alice.publicKey, dave.publicKey, 1_500_000n);
    const wiped = await on(keeper).resolveShortfall(keeper, dave.publicKey);
    assert.deepEqual(wiped.split && [wiped.split.shortfall, wiped.split.insurancePaid, wiped.split.clawback], [500_000n, 400_000n, 100_000n]);
    const afterWipe = await m.fund();
    assert.deepEqual([afterWipe.balance, afterWipe.totalShares, afterWipe.shareEpoch], [0n, 0n, 1]);

    const dashboard = await startDashboardCli(net.url, m.keys.market.toBase58(), ["--wallet", early.publicKey.toBase58()]);
    const browser = await launchChromium();
    try {
      const { page, pageErrors } = await openPage(browser);
      await page.goto(dashboard.url);
      await page.waitForSelector('[data-testid="fund-wipe-out"]', { timeout: 30_000, state: "attached" });
      // The history: epoch 0's price drops to 0 at the wipe-out, which says what it retired.
      const history = () => rows(page, "fund-history-row");
      const wipeRow = (await history())[1];
      const wipeSlot = wipeRow["fh-slot"];
      const { "fh-kind": kind, "fh-epoch": epoch, "fh-wipe-out": next, "fh-balance": balance, "fh-shares": left, "fh-price": wipePrice } = wipeRow;
      assert.deepEqual([kind, epoch, next, balance, left, wipePrice], ["shortfallResolved", "0", "1", "0", "0", "0.000000"]);
      assert.equal(await value(page, "fund-wipe-out"), wipeSlot);
      // The staker of the retired epoch: it put in 400_000, took nothing out, and its shares are worth 0 now.
      await expectOn(page, value, {
        "fw-drawn": 400_000, "fw-balance": 0, "fw-retired-shares": firstShares, "fund-share-epoch": 1, "wallet-stake-value": 0, "wallet-stake-put-in": 400_000,
        "wallet-stake-taken-out": 0, "wallet-stake-result": -400_000, "wallet-stake-wipe-out-slot": wipeSlot,
      });
      assert.equal(await label(page, "wallet-stake-put-in"), "put in (staked, share epoch 0)");

      // Epoch 1: early stakes 200_000 again, late 300_000, and late donates 50_000 (a gain for both).
      await on(early).stake(early, ata(early.publicKey), 200_000n);
      await on(late).stake(late, ata(late.publicKey), 300_000n);
      await on(late).fundInsurance(late, ata(late.publicKey), 50_000n);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="fund-history-row"]').length === 5, undefined, { timeout: 15_000 });
      const fund = await m.fund();
      const earlyShares = BigInt((await m.stakeAccount(early.publicKey))!.shares.toString());
      assert.equal(fund.balance, 550_000n);
      await waitForValue(page, "fund-balance", "550000");
      await waitForValue(page, "wallet-stake-put-in", "200000");
      const worth = await m.stakeValue(early.publicKey);
      await expectOn(page, value, { "wallet-stake-value": worth, "wallet-stake-put-in": 200_000, "wallet-stake-taken-out": 0, "wallet-stake-result": worth - 200_000n });
      assert.ok(worth > 200_000n, "a part of the donation");
      assert.equal(await label(page, "wallet-stake-put-in"), "put in (staked, share epoch 1)");
      // Its epoch 0 stays on the page: lost, retired by the wipe-out.
      assert.deepEqual(await rows(page, "wallet-stake-epoch"), [
        { "se-put-in": "400000", "se-taken-out": "0", "se-result": "-400000", "se-result-tokens": "-0.400000", "wallet-stake-wipe-out-slot": wipeSlot, "wallet-stake-wipe-out-at": wipeRow["fh-time"] },
      ]);

      // The chart: one series per epoch, epoch 0 ending at 0 at the wipe-out, epoch 1 apart from it.
      const rowsNow = await history();
      assert.deepEqual(rowsNow.map((r) => [r["fh-kind"], r["fh-epoch"]]), [["staked", "0"], ["shortfallResolved", "0"], ["staked", "1"], ["staked", "1"], ["insuranceFunded", "1"]]);
      const chart = JSON.parse(await value(page, "fund-history-chart")) as { labels: string[]; series: { label: string; data: (string | null)[] }[] };
      const slot = (r: Record<string, string>) => BigInt(r["fh-slot"]).toLocaleString("en-US");
      assert.deepEqual(chart.labels, [`staked @ slot ${slot(rowsNow[0])}`, `wipe-out @ slot ${slot(rowsNow[1])}`, ...rowsNow.slice(2).map((r) => `${r["fh-kind"]} @ slot ${slot(r)}`), "now"]);
      const now = price(fund.balance, fund.totalShares);
      assert.deepEqual(chart.series, [
        { label: "share price, epoch 0 (retired: 0 at the wipe-out)", data: [price(400_000n, firstShares), "0.000000", null, null, null, null] },
        { label: "share price, epoch 1", data: [null, null, price(200_000n, earlyShares), price(500_000n, fund.totalShares), now, now] },
      ]);
      assert.deepEqual(rowsNow.map((r) => r["fh-price"]), [price(400_000n, firstShares), "0.000000", price(200_000n, earlyShares), price(500_000n, fund.totalShares), now]);
      await page.click('[data-testid="section-fund"] summary');
      await page.screenshot({ path: resolve(__dirname, "../results/dashboard-wipe-out.png"), fullPage: true });
      await expectClean(page, pageErrors);
    } finally {
      await browser.close();
      assert.equal(await dashboard.stop(), 0);
    }
  });
});
