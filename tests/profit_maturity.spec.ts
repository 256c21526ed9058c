/**
 * Profit matures per gain: the SDK's port of math/maturity.rs (the program's own unit cases), and
 * on chain, the releasable profit the SDK shows is what `release_profit` releases: nothing before
 * the first gain matures (ProfitNotMature), then that gain while a later one still matures, then
 * the rest (and NoProfitToRelease once nothing is at risk).
 */
import assert from "node:assert/strict";
import { Connection, Keypair } from "@solana/web3.js";
import { LossMutualizationClient } from "@loss-mutualization/sdk";
import { addGain, allMatureAt, maturingAt, MaturingProfit, MATURITY_SLOTS, maturityOfGain, releasable, takeFromSoonest } from "@loss-mutualization/sdk";
import { createMint, funded, localnet, named, setupMarket, until } from "./env";

const HOUR = 3_600;
const empty = (): MaturingProfit[] => Array.from({ length: MATURITY_SLOTS + 1 }, () => ({ amount: 0n, maturesAt: 0 }));

describe("profit maturity per gain", () => {
  it("the SDK's port matches math/maturity.rs on the program's own cases", () => {
    for (const now of [0, 1, 449, 450, 451, 1_000_000, 1_000_449]) {
      const m = maturityOfGain(now, HOUR);
      assert.ok(m > now + HOUR && m <= now + HOUR + HOUR / MATURITY_SLOTS, `${now} -> ${m}`);
    }
    assert.equal(maturityOfGain(1_000, 0), 1_000);
    assert.equal(maturityOfGain(10, 3), 14);
    // Issue 15's trader: 1,000 gained, then 1 unit every 10 minutes for three hours.
    let entries = addGain(empty(), 1_000n, maturityOfGain(0, HOUR), 0);
    let atRisk = 1_000n;
    let now = 0;
    while (now < 3 * HOUR) {
      now += 600;
      atRisk += 1n;
      entries = addGain(entries, 1n, maturityOfGain(now, HOUR), now);
    }
    const r = releasable(entries, atRisk, now);
    assert.ok(r >= 1_011n && r <= atRisk - 6n, String(r));
    // Nothing is releasable before its own maturity.
    const one = addGain(empty(), 500n, maturityOfGain(100, HOUR), 100);
    assert.equal(releasable(one, 500n, 100 + HOUR), 0n);
    assert.equal(releasable(one, 500n, 100 + HOUR + HOUR / MATURITY_SLOTS), 500n);
    assert.equal(allMatureAt(one, 100), maturityOfGain(100, HOUR));
    // Charges take matured profit first, then the soonest entry.
    let two = addGain(addGain(empty(), 100n, 1_000, 0), 100n, 2_000, 0);
    two = takeFromSoonest(two, 150n);
    assert.equal(releasable(two, 150n, 0), 0n);
    assert.equal(maturingAt(two, 1_000), 100n);
    assert.equal(releasable(two, 150n, 1_000), 50n);
    assert.deepEqual(takeFromSoonest(two, 0n), empty());
    // A full array (after a change of the period) delays the new gain, not an older one.
    let many = empty();
    for (let i = 0; i < MATURITY_SLOTS + 1; i++) many = addGain(many, BigInt(10 + i), 1_000 + 100 * i, 0);
    many = addGain(many, 5n, 1_050, 0); // joins the entry of 1_100
    assert.equal(releasable(many, 1_000n, 1_000), 1_000n - maturingAt(many, 1_000));
    assert.equal(maturingAt(many, 1_099) - maturingAt(many, 1_100), 11n + 5n);
    many = addGain(many, 7n, 1_000_000, 0); // after every entry: the two soonest merge at 1_100
    assert.equal(maturingAt(many, 1_000), maturingAt(many, 0));
    assert.equal(maturingAt(many, 1_099) - maturingAt(many, 1_100), 10n + 11n + 5n);
    assert.equal(allMatureAt(many, 0), 1_000_000);
    assert.equal(maturingAt(many, 999_999), 7n);
  });

  describe("on chain: the SDK's releasable profit is what release_profit releases", () => {
    let connection: Connection;
    let clearing: Keypair;
    let winner: Keypair, loser: Keypair;
    let me: LossMutualizationClient;

    before(async () => {
      ({ connection } = await localnet());
      const admin = await funded(20);
      clearing = await funded();
      const setup = await setupMarket({
        admin,
        risk: admin.publicKey,
        clearing: clearing.publicKey,
        mint: await createMint(admin),
        marketId: 1,
        // 8 s of maturity: one-second grid slots, a gain matures 8 to 9 s after it.
        params: { profitMaturitySecs: 8 },
        deposits: { winner: 100_000n, loser: 1_000_000n },
      });
      ({ winner, loser } = setup.wallets);
      me = setup.on(winner);
    });

    /** Book a gain of `amount` for the winner; returns the chain's time of the fill. */
    async function gain(amount: bigint): Promise<number> {
      const clear = new LossMutualizationClient(connection, clearing, me.keys);
      const sent = await clear.applyPnl(clearing, winner.publicKey, loser.publicKey, amount);
      const tx = await connection.getTransaction(sent.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      return tx!.blockTime!;
    }
    const chainAt = async (t: number) => until(async () => (await me.chainTime()) >= t, 20_000, `chain time ${t}`);
    const released = async () => {
      const sent = await me.releaseProfit(winner);
      return BigInt((await me.events(sent.signature)).find((e) => e.name === "profitReleased")!.data.amount.toString());
    };

    it("releases each gain once it has matured, exactly as the SDK predicts", async function () {
      this.timeout(60_000);
      const t1 = await gain(100_000n);
      let position = (await me.position(winner.publicKey))!;
      const m1 = maturityOfGain(t1, 8);
      assert.deepEqual(position.maturing.filter((e) => e.amount > 0n), [{ amount: 100_000n, maturesAt: m1 }]);
      assert.equal(position.profitMaturesAt, m1);
      // Nothing matured: the SDK says 0 and the program refuses.
      let exposure = (await me.exposure(winner.publicKey))!;
      assert.deepEqual([exposure.releasableProfit, exposure.maturingProfit, exposure.nextMaturityAt, exposure.allMaturedAt], [0n, 100_000n, m1, m1]);
      await assert.rejects(me.releaseProfit(winner), named("ProfitNotMature"));

      // A second gain 5 s later matures on its own time, without holding back the first.
      await chainAt(t1 + 5);
      const t2 = await gain(40_000n);
      const m2 = maturityOfGain(t2, 8);
      assert.ok(m2 > m1 + 2, `${m1} ${m2}`);
      exposure = (await me.exposure(winner.publicKey))!;
      assert.deepEqual([exposure.atRiskProfit, exposure.nextMaturityAt, exposure.allMaturedAt], [140_000n, m1, m2]);

      // Once the first has matured: the SDK's releasable, then release_profit releases exactly that.
      await chainAt(m1);
      exposure = (await me.exposure(winner.publicKey))!;
      assert.deepEqual([exposure.releasableProfit, exposure.maturingProfit, exposure.nextMaturityAt], [100_000n, 40_000n, m2]);
      assert.equal(await released(), exposure.releasableProfit);
      position = (await me.position(winner.publicKey))!;
      assert.deepEqual([position.principal, position.realizedPnl, position.profitMaturesAt], [200_000n, 40_000n, m2]);
      exposure = (await me.exposure(winner.publicKey))!;
      assert.equal(exposure.releasableProfit, 0n);
      await assert.rejects(me.releaseProfit(winner), named("ProfitNotMature"));

      // The second, once matured; then nothing is at risk.
      await chainAt(m2);
      exposure = (await me.exposure(winner.publicKey))!;
      assert.deepEqual([exposure.releasableProfit, exposure.maturingProfit, exposure.allMaturedAt, exposure.profitMature], [40_000n, 0n, 0, true]);
      assert.equal(await released(), 40_000n);
      assert.equal((await me.position(winner.publicKey))!.principal, 240_000n);
      await assert.rejects(me.releaseProfit(winner), named("NoProfitToRelease"));
    });
  });
});
