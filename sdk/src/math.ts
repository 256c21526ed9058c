/**
 * The program's money math, ported exactly (BigInt, same rounding), so that the number a
 * wallet is shown is the number it will be charged. Mirrors
 * programs/loss_mutualization/src/math/{loss_index,waterfall,rate_limit,insurance_shares}.rs and
 * `UserPosition::settle` (state/user_position.rs); profit maturity (math/maturity.rs) is in
 * maturity.ts, re-exported here.
 *
 * Amounts are token base units (bigint); times are unix seconds (number).
 */

import { bigintConstant, numberConstant } from "./constants";

export * from "./maturity";

// Precision constants, from the program's IDL (math/constants.rs).
export const INDEX_ONE = bigintConstant("INDEX_ONE");
export const INDEX_RESCALE_THRESHOLD = bigintConstant("INDEX_RESCALE_THRESHOLD");
export const INDEX_RESCALE_FACTOR = bigintConstant("INDEX_RESCALE_FACTOR");
export const INDEX_MAX_SCALE_GAP = numberConstant("INDEX_MAX_SCALE_GAP");
export const INSURANCE_VIRTUAL_SHARES = bigintConstant("INSURANCE_VIRTUAL_SHARES");
export const INSURANCE_VIRTUAL_ASSETS = bigintConstant("INSURANCE_VIRTUAL_ASSETS");

export interface LossIndex {
  factor: bigint;
  scale: number;
  epoch: number;
}

export const INITIAL_INDEX: LossIndex = { factor: INDEX_ONE, scale: 0, epoch: 0 };

const sameIndex = (a: LossIndex, b: LossIndex) => a.factor === b.factor && a.scale === b.scale && a.epoch === b.epoch;
const min = (...xs: bigint[]) => xs.reduce((a, b) => (b < a ? b : a));

/** The index after a loss of `loss` spread over a pool whose books total is `total` (`LossIndex::after_loss`). */
export function afterLoss(index: LossIndex, total: bigint, loss: bigint): LossIndex {
  if (loss === 0n) return index;
  if (loss > total) throw new Error("LossExceedsPool");
  if (loss === total) return { factor: INDEX_ONE, scale: 0, epoch: index.epoch + 1 };
  let factor = (index.factor * (total - loss)) / total;
  let scale = index.scale;
  while (factor < INDEX_RESCALE_THRESHOLD) {
    factor *= INDEX_RESCALE_FACTOR;
    scale += 1;
  }
  return { factor, scale, epoch: index.epoch };
}

/** What is left now of `amount` recorded at `snapshot`, rounded down (as the program does). */
export function remaining(now: LossIndex, amount: bigint, snapshot: LossIndex): bigint {
  if (amount === 0n || sameIndex(snapshot, now)) return amount;
  if (snapshot.epoch > now.epoch) throw new Error("InvalidSnapshot: snapshot from the future");
  if (snapshot.epoch < now.epoch) return 0n;
  if (snapshot.scale > now.scale) throw new Error("InvalidSnapshot: snapshot from the future");
  const gap = now.scale - snapshot.scale;
  if (gap > INDEX_MAX_SCALE_GAP) return 0n;
  if (snapshot.factor <= 0n) throw new Error("InvalidSnapshot: zero factor");
  let denominator = snapshot.factor;
  for (let i = 0; i < gap; i++) denominator *= INDEX_RESCALE_FACTOR;
  const left = (amount * now.factor) / denominator;
  if (left > amount) throw new Error("InvalidSnapshot");
  return left;
}

/** The charge `settle` applies: recorded amount minus what is left. */
export function pendingCharge(now: LossIndex, amount: bigint, snapshot: LossIndex): bigint {
  return amount - remaining(now, amount, snapshot);
}

/** One tier of the waterfall (`LossPool`): books total, loss index and lifetime totals. */
export interface LossPool {
  total: bigint;
  index: LossIndex;
  absorbed: bigint;
  collected: bigint;
  dustReleased: bigint;
}

/** `LossPool::absorb`: spread `loss` over every holder; returns the new pool and what it absorbed (min(loss, total)). */
export function absorb(pool: LossPool, loss: bigint): { pool: LossPool; absorbed: bigint } {
  const absorbed = min(loss, pool.total);
  if (absorbed === 0n) return { pool, absorbed };
  return {
    pool: {
      ...pool,
      index: afterLoss(pool.index, pool.total, absorbed),
      total: pool.total - absorbed,
      absorbed: pool.absorbed + absorbed,
    },
    absorbed,
  };
}

/**
 * `LossPool::settle`: charge one holder with every loss since `snapshot`. Rounding excess
 * (lifetime charges above lifetime loss) is released as dust only with `releaseDust`, which the
 * program passes as `market.pending_shortfall == 0`: no dust leaves the books while a loss is
 * pending.
 */
export function settlePool(
  pool: LossPool,
  amount: bigint,
  snapshot: LossIndex,
  releaseDust: boolean,
): { pool: LossPool; remaining: bigint; charge: bigint; dustReleased: bigint } {
  const left = remaining(pool.index, amount, snapshot);
  const charge = amount - left;
  const collected = pool.collected + charge;
  const accounted = pool.absorbed + pool.dustReleased;
  const dustReleased = releaseDust && collected > accounted ? collected - accounted : 0n;
  return {
    pool: { ...pool, collected, total: pool.total - dustReleased, dustReleased: pool.dustReleased + dustReleased },
    remaining: left,
    charge,
    dustReleased,
  };
}

/**
 * `UserPosition::settle` on the two pools of a market: the clawback and haircut a position is
 * charged and the dust its settlement releases (none while `pendingShortfall > 0` or while
 * settling is paused).
 */
export function settlePosition(
  market: { profitPool: LossPool; principalPool: LossPool; pendingShortfall: bigint; settlePaused?: boolean },
  position: { principal: bigint; realizedPnl: bigint; clawbackSnapshot: LossIndex; haircutSnapshot: LossIndex },
) {
  const releaseDust = market.pendingShortfall === 0n && !market.settlePaused;
  const atRiskProfit = position.realizedPnl > 0n ? position.realizedPnl : 0n;
  const clawback = settlePool(market.profitPool, atRiskProfit, position.clawbackSnapshot, releaseDust);
  const haircut = settlePool(market.principalPool, position.principal, position.haircutSnapshot, releaseDust);
  return {
    clawbackCharged: clawback.charge,
    haircutCharged: haircut.charge,
    dustReleased: clawback.dustReleased + haircut.dustReleased,
    atRiskProfitAfter: position.realizedPnl >= 0n ? clawback.remaining : 0n,
    principalAfter: haircut.remaining,
    profitPool: clawback.pool,
    principalPool: haircut.pool,
  };
}

// --- the waterfall (math/waterfall.rs) ----------------------------------------------------------

/** How a realized loss of `amount` is taken from a position (`split_position_loss`). */
export function splitPositionLoss(atRiskProfit: bigint, principal: bigint, amount: bigint) {
  const fromProfit = min(amount, atRiskProfit);
  const fromPrincipal = min(amount - fromProfit, principal);
  return { fromProfit, fromPrincipal, shortfall: amount - fromProfit - fromPrincipal };
}

/** What the insurance fund pays towards an open shortfall (`insurance_draw`). */
export function insuranceDraw(open: bigint, fundBalance: bigint, perEventCap: bigint, windowAllowance: bigint): bigint {
  return min(open, fundBalance, perEventCap, windowAllowance);
}

/** The per-event cap still open for a position's liquidation at `now` (`event_cap_left`). */
export function eventCapLeft(perEventCap: bigint, windowSecs: number, windowStart: number, drawnInWindow: bigint, now: number) {
  const windowOpen = windowStart !== 0 && now < windowStart + windowSecs;
  if (windowOpen) {
    return { left: perEventCap > drawnInWindow ? perEventCap - drawnInWindow : 0n, windowStart, drawn: drawnInWindow };
  }
  return { left: perEventCap, windowStart: now, drawn: 0n };
}

/** How an uncovered loss is split between clawback and haircut (`split_uncovered_loss`). */
export function splitUncoveredLoss(loss: bigint, totalAtRiskProfit: bigint, totalPrincipal: bigint) {
  const clawback = min(loss, totalAtRiskProfit);
  const haircut = loss - clawback;
  if (haircut > totalPrincipal) throw new Error("LossExceedsCapital");
  return { clawback, haircut };
}

/** A draw allowance and the refill earned below one base unit (`Allowance`, math/rate_limit.rs). */
export interface Allowance {
  amount: bigint;
  /** `cap * seconds` not yet turned into a whole unit, in units of 1 / `windowSecs` (below `windowSecs`). */
  remainder: bigint;
}

/**
 * The rolling-window draw allowance at `now` (`refilled_allowance`): exact, the refill below one
 * unit carried in `remainder` (the fund's `drawRefillRemainder`). A full allowance carries nothing.
 */
export function refilledAllowance(allowance: bigint, remainder: bigint, cap: bigint, windowSecs: number, updatedAt: number, now: number): Allowance {
  const elapsed = BigInt(Math.max(now - updatedAt, 0));
  if (windowSecs <= 0 || allowance >= cap) return { amount: min(allowance, cap), remainder: 0n };
  const window = BigInt(windowSecs);
  const earned = cap * elapsed + remainder;
  const refilled = allowance + earned / window;
  if (refilled >= cap) return { amount: cap, remainder: 0n };
  return { amount: refilled, remainder: earned % window };
}

/** The insurance fund fields `resolve_shortfall` reads and writes. */
export interface FundLimits {
  balance: bigint;
  maxDrawPerEvent: bigint;
  drawWindowCap: bigint;
  drawWindowSecs: number;
  drawAllowance: bigint;
  drawAllowanceUpdatedAt: number;
  drawRefillRemainder: bigint;
}

/** The market and fund state the loss waterfall works on. */
export interface WaterfallState {
  profitPool: LossPool;
  principalPool: LossPool;
  pendingShortfall: bigint;
  fund: FundLimits;
}

/** How one `resolve_shortfall` splits a shortfall over the tiers. */
export interface ResolutionSplit {
  shortfall: bigint;
  insurancePaid: bigint;
  clawback: bigint;
  haircut: bigint;
  atRiskProfitBefore: bigint;
  principalBefore: bigint;
}

/**
 * What `resolve_shortfall` does to the waterfall state for one bankrupt position at `now`
 * (instructions/resolve_shortfall.rs): the insurance draw within the fund's balance, the
 * position's per-event cap window and the rolling allowance, then the clawback and haircut.
 * A prediction: the program uses the cluster's clock when the transaction runs.
 */
export function resolveShortfall(
  state: WaterfallState,
  position: { shortfall: bigint; eventCap: { startedAt: number; drawn: bigint } },
  now: number,
): { state: WaterfallState; split: ResolutionSplit; eventCap: { startedAt: number; drawn: bigint } } {
  const { fund } = state;
  const shortfall = position.shortfall;
  const allowance = refilledAllowance(fund.drawAllowance, fund.drawRefillRemainder, fund.drawWindowCap, fund.drawWindowSecs, fund.drawAllowanceUpdatedAt, now);
  const cap = eventCapLeft(fund.maxDrawPerEvent, fund.drawWindowSecs, position.eventCap.startedAt, position.eventCap.drawn, now);
  const insurancePaid = insuranceDraw(shortfall, fund.balance, cap.left, allowance.amount);
  const uncovered = shortfall - insurancePaid;
  const atRiskProfitBefore = state.profitPool.total;
  const principalBefore = state.principalPool.total;
  const split = splitUncoveredLoss(uncovered, atRiskProfitBefore, principalBefore);
  const profit = absorb(state.profitPool, split.clawback);
  const principal = absorb(state.principalPool, split.haircut);
  if (state.pendingShortfall < shortfall) throw new Error("MathOverflow: pending shortfall below the position's shortfall");
  return {
    state: {
      profitPool: profit.pool,
      principalPool: principal.pool,
      pendingShortfall: state.pendingShortfall - shortfall,
      fund: {
        ...fund,
        balance: fund.balance - insurancePaid,
        drawAllowance: allowance.amount - insurancePaid,
        drawRefillRemainder: allowance.remainder,
        drawAllowanceUpdatedAt: now,
      },
    },
    split: { shortfall, insurancePaid, clawback: split.clawback, haircut: split.haircut, atRiskProfitBefore, principalBefore },
    eventCap: { startedAt: cap.windowStart, drawn: cap.drawn + insurancePaid },
  };
}

// --- insurance shares (math/insurance_shares.rs) -------------------------------------------------

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/** Shares minted for `amount` paid into a fund of `balance` with `totalShares` (rounded down, `shares_for_deposit`). */
export function sharesForDeposit(amount: bigint, balance: bigint, totalShares: bigint): bigint {
  const shares = (amount * (totalShares + INSURANCE_VIRTUAL_SHARES)) / (balance + INSURANCE_VIRTUAL_ASSETS);
  if (shares > U128_MAX) throw new Error("MathOverflow");
  return shares;
}

/** Tokens that `shares` are worth (rounded down), as `InsuranceFund::value_of`. */
export function valueOfShares(shares: bigint, balance: bigint, totalShares: bigint): bigint {
  const value = (shares * (balance + INSURANCE_VIRTUAL_ASSETS)) / (totalShares + INSURANCE_VIRTUAL_SHARES);
  if (value > U64_MAX) throw new Error("MathOverflow");
  return value;
}
