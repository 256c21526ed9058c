/**
 * The SDK's port of the money math (app/src/math.ts) against vectors the program's own Rust
 * functions generated (tests/vectors/math.json, checked by `math::vectors` in the program's
 * tests): index steps, settlements with and without the dust release, insurance shares, the
 * waterfall decisions, rounding edges and extreme values. Any drift between the two fails here.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as math from "@loss-mutualization/sdk";

const vectors = JSON.parse(readFileSync(join(__dirname, "vectors/math.json"), "utf8"));

type IndexJson = { factor: string; scale: number; epoch: number };
const index = (i: IndexJson): math.LossIndex => ({ factor: BigInt(i.factor), scale: i.scale, epoch: i.epoch });
const indexJson = (i: math.LossIndex): IndexJson => ({ factor: i.factor.toString(), scale: i.scale, epoch: i.epoch });
const pool = (p: any): math.LossPool => ({
  total: BigInt(p.total),
  index: index(p.index),
  absorbed: BigInt(p.absorbed),
  collected: BigInt(p.collected),
  dustReleased: BigInt(p.dust_released),
});
const poolJson = (p: math.LossPool) => ({
  total: p.total.toString(),
  index: indexJson(p.index),
  absorbed: p.absorbed.toString(),
  collected: p.collected.toString(),
  dust_released: p.dustReleased.toString(),
});

/** The program's error name, or the value: what both sides must agree on. */
function attempt<T>(f: () => T): { out: T } | { error: string } {
  try {
    return { out: f() };
  } catch (err) {
    return { error: String((err as Error).message).split(":")[0] };
  }
}
const okOrError = (r: { out: bigint } | { error: string }) => ("out" in r ? { ok: r.out.toString() } : { error: r.error });

describe("SDK math against the program's vectors", () => {
  it("has vectors of every kind, edge cases and errors included", () => {
    for (const kind of ["after_loss", "remaining", "settle", "insurance_shares", "waterfall"]) {
      assert.ok(vectors[kind].length >= 40, kind);
    }
    const errors = JSON.stringify(vectors).match(/"error"/g) ?? [];
    assert.ok(errors.length >= 5, "error cases are covered");
  });

  it("loss index steps (after_loss)", () => {
    for (const v of vectors.after_loss) {
      const r = attempt(() => indexJson(math.afterLoss(index(v.index), BigInt(v.total), BigInt(v.loss))));
      assert.deepEqual(r, "out" in v ? { out: v.out } : { error: v.error }, JSON.stringify(v));
    }
  });

  it("what is left of an amount (remaining)", () => {
    for (const v of vectors.remaining) {
      const r = attempt(() => math.remaining(index(v.now), BigInt(v.amount), index(v.snapshot)).toString());
      assert.deepEqual(r, "out" in v ? { out: v.out } : { error: v.error }, JSON.stringify(v));
    }
  });

  it("settlements, with and without the dust release", () => {
    for (const v of vectors.settle) {
      const r = attempt(() => {
        const s = math.settlePool(pool(v.pool), BigInt(v.amount), index(v.snapshot), v.release_dust);
        return { remaining: s.remaining.toString(), charge: s.charge.toString(), dust_released: s.dustReleased.toString(), pool: poolJson(s.pool) };
      });
      assert.deepEqual(r, "out" in v ? { out: v.out } : { error: v.error }, JSON.stringify(v));
    }
  });

  it("insurance shares minted and valued", () => {
    for (const v of vectors.insurance_shares) {
      const [amount, balance, totalShares] = [BigInt(v.amount), BigInt(v.balance), BigInt(v.total_shares)];
      assert.deepEqual(okOrError(attempt(() => math.sharesForDeposit(amount, balance, totalShares))), v.shares_minted, JSON.stringify(v));
      assert.deepEqual(okOrError(attempt(() => math.valueOfShares(totalShares, balance, totalShares))), v.value_of_total, JSON.stringify(v));
    }
  });

  it("waterfall decisions: position split, insurance draw, per-event cap window, clawback / haircut split, allowance", () => {
    for (const v of vectors.waterfall) {
      const split = math.splitPositionLoss(BigInt(v.profit), BigInt(v.principal), BigInt(v.amount));
      assert.deepEqual(
        { from_profit: split.fromProfit.toString(), from_principal: split.fromPrincipal.toString(), shortfall: split.shortfall.toString() },
        v.split,
      );
      assert.equal(math.insuranceDraw(split.shortfall, BigInt(v.fund), BigInt(v.cap), BigInt(v.allowance)).toString(), v.drawn);
      const cap = math.eventCapLeft(BigInt(v.cap), v.window_secs, v.window_start, BigInt(v.drawn_before), v.now);
      assert.deepEqual({ left: cap.left.toString(), window_start: cap.windowStart, drawn: cap.drawn.toString() }, v.event_cap);
      const s = v.socialize;
      const social = attempt(() => {
        const x = math.splitUncoveredLoss(BigInt(s.loss), BigInt(s.at_risk), BigInt(s.all_principal));
        return { clawback: x.clawback.toString(), haircut: x.haircut.toString() };
      });
      assert.deepEqual(social, "out" in s ? { out: s.out } : { error: s.error }, JSON.stringify(v));
      const allowance = BigInt(v.allowance) < BigInt(v.cap) ? BigInt(v.allowance) : BigInt(v.cap);
      assert.deepEqual(okOrError(attempt(() => math.refilledAllowance(allowance, 0n, BigInt(v.cap), v.window_secs, v.window_start, v.now).amount)), v.refilled);
    }
  });
});
