/**
 * The program's loss-index math, ported exactly (BigInt, same rounding), so that the number a
 * wallet is shown is the number it will be charged. Mirrors
 * programs/loss_mutualization/src/math/loss_index.rs.
 */

export const INDEX_ONE = 10n ** 36n;
export const INDEX_RESCALE_FACTOR = 10n ** 9n;
export const INDEX_MAX_SCALE_GAP = 3;
export const INSURANCE_VIRTUAL_SHARES = 1_000_000n;
export const INSURANCE_VIRTUAL_ASSETS = 1n;

export interface LossIndex {
  factor: bigint;
  scale: number;
  epoch: number;
}

/** What is left now of `amount` recorded at `snapshot`, rounded down (as the program does). */
export function remaining(now: LossIndex, amount: bigint, snapshot: LossIndex): bigint {
  if (amount === 0n) return 0n;
  if (snapshot.factor === now.factor && snapshot.scale === now.scale && snapshot.epoch === now.epoch) return amount;
  if (snapshot.epoch > now.epoch || snapshot.scale > now.scale && snapshot.epoch === now.epoch) {
    throw new Error("snapshot from the future");
  }
  if (snapshot.epoch < now.epoch) return 0n;
  const gap = now.scale - snapshot.scale;
  if (gap > INDEX_MAX_SCALE_GAP) return 0n;
  let denominator = snapshot.factor;
  for (let i = 0; i < gap; i++) denominator *= INDEX_RESCALE_FACTOR;
  return (amount * now.factor) / denominator;
}

/** The charge `settle_clawback` applies: recorded amount minus what is left. */
export function pendingCharge(now: LossIndex, amount: bigint, snapshot: LossIndex): bigint {
  return amount - remaining(now, amount, snapshot);
}

/** Tokens that `shares` are worth (rounded down), as `InsuranceFund::value_of`. */
export function valueOfShares(shares: bigint, balance: bigint, totalShares: bigint): bigint {
  return (shares * (balance + INSURANCE_VIRTUAL_ASSETS)) / (totalShares + INSURANCE_VIRTUAL_SHARES);
}
