/**
 * The liquidation in progress. When `apply_pnl` makes a position bankrupt, its liquidation is one
 * loss event: further fills with that position as the loser still book into the same shortfall
 * until `liquidationEndsAt` (bankruptcy time + the market's `liquidationWindowSecs`), up to
 * `maxShortfallBps` of the collateral the position held when its loss window opened (its first
 * loss after a quiet period; the fills before the bankruptcy count too). Until then only
 * the market's clearing authority may resolve the loss (`LiquidationInProgress` for anyone else);
 * afterwards anyone may. Every other trade, deposit or withdrawal waits for the resolution.
 */
import { PublicKey } from "@solana/web3.js";
import { bigintConstant } from "./constants";

const BPS_ONE = bigintConstant("BPS_ONE");
const U64_MAX = (1n << 64n) - 1n;

/** Most one liquidation's shortfall may reach: floor(collateral * bps / 10,000) (`Market::shortfall_bound`). */
export function shortfallBound(collateral: bigint, maxShortfallBps: number): bigint {
  const bound = (collateral * BigInt(maxShortfallBps)) / BPS_ONE;
  return bound > U64_MAX ? U64_MAX : bound;
}

export interface Liquidation {
  /** The bankrupt position whose fills still book. */
  position: PublicKey;
  /** The liquidation's shortfall so far (the market's pending shortfall). */
  shortfall: bigint;
  /** What the position held when its loss window opened (`UserPosition::loss_window`): the base of the bound. */
  collateral: bigint;
  /** Most the shortfall may reach (`ShortfallAboveBound` beyond it). */
  bound: bigint;
  /** Fills stop booking, and anyone may resolve, from this unix time on. */
  endsAt: number;
}

/** The market's liquidation in progress, or null when no loss is pending. */
export function liquidationOf(market: {
  pendingShortfall: bigint;
  pendingPosition: PublicKey;
  pendingCollateral: bigint;
  liquidationEndsAt: number;
  maxShortfallBps: number;
}): Liquidation | null {
  if (market.pendingShortfall === 0n) return null;
  return {
    position: market.pendingPosition,
    shortfall: market.pendingShortfall,
    collateral: market.pendingCollateral,
    bound: shortfallBound(market.pendingCollateral, market.maxShortfallBps),
    endsAt: market.liquidationEndsAt,
  };
}

/** Before the liquidation's window ends, a resolver other than the clearing authority is refused. */
export function canResolveNow(liquidation: Liquidation, resolver: PublicKey, clearingAuthority: PublicKey, now: number): boolean {
  return now >= liquidation.endsAt || resolver.equals(clearingAuthority);
}

/** A wait for a liquidation's window longer than the caller allows: it may not resolve the loss yet. */
export class LiquidationInProgressError extends Error {
  constructor(readonly liquidation: Liquidation, readonly secondsLeft: number, maxWaitSecs: number) {
    super(
      `a liquidation is in progress until ${new Date(liquidation.endsAt * 1000).toISOString()} (${secondsLeft} s from now): ` +
        `only the clearing authority may resolve its loss before then, and everything else waits for it` +
        (maxWaitSecs > 0 ? ` (longer than the ${maxWaitSecs} s this call may wait)` : "") +
        `; retry after that time, or let a keeper resolve it`,
    );
    this.name = "LiquidationInProgressError";
  }
}

/** Called once before a send path waits for a liquidation's window to end. */
export type LiquidationWaitHook = (info: { liquidation: Liquidation; secondsLeft: number }) => void;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Wait until the cluster's clock (`chainTime`) reaches the liquidation's end, at most
 * `maxWaitSecs` (plus a few seconds of clock slack); throws `LiquidationInProgressError` at once
 * when the window ends later than that.
 */
export async function waitForLiquidationEnd(
  liquidation: Liquidation,
  chainTime: () => Promise<number>,
  maxWaitSecs: number,
  onWait?: LiquidationWaitHook,
): Promise<void> {
  let now = await chainTime();
  const secondsLeft = liquidation.endsAt - now;
  if (secondsLeft <= 0) return;
  if (secondsLeft > maxWaitSecs) throw new LiquidationInProgressError(liquidation, secondsLeft, maxWaitSecs);
  onWait?.({ liquidation, secondsLeft });
  const deadline = Date.now() + (maxWaitSecs + 10) * 1000;
  await sleep(secondsLeft * 1000);
  while ((now = await chainTime()) < liquidation.endsAt) {
    if (Date.now() > deadline) throw new LiquidationInProgressError(liquidation, liquidation.endsAt - now, maxWaitSecs);
    await sleep(200);
  }
}
