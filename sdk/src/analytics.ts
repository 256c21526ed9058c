/**
 * Read-side analytics, computed exactly as the program computes them (math.ts, maturity.ts): a
 * wallet's exposure and profit maturity, the market's risk, a staker's stake and unstake window.
 * `LossMutualizationClient`'s `exposure`, `risk`, `stakeValue` and `stakeView` call these.
 */
import { PublicKey } from "@solana/web3.js";
import type { LossMutualizationClient } from "./client";
import { pendingCharge, profitSchedule, takeFromSoonest, valueOfShares } from "./math";
import { rentReserve } from "./market";
import { HaltClock, haltedTotal } from "./halt";

const big = (n: { toString(): string }) => BigInt(n.toString());

/**
 * A wallet's exposure at `now` (default: the cluster's clock): the pending clawback and haircut
 * are the numbers `settle` will charge now. While a loss is pending, the
 * `afterResolution` charges are what it will charge once the pending loss is resolved (as the
 * send paths resolve it first), and `withdrawable` counts them. `releasableProfit` is what
 * `release_profit` moves into principal now (it settles first: the clawback takes the profit
 * closest to release first).
 */
export async function exposure(client: LossMutualizationClient, owner: PublicKey, now?: number) {
  const [market, position, time] = await Promise.all([client.market(), client.position(owner), now ?? client.chainTime()]);
  if (!position) return null;
  const atRiskProfit = position.realizedPnl > 0n ? position.realizedPnl : 0n;
  const pendingClawback = pendingCharge(market.profitPool.index, atRiskProfit, position.clawbackSnapshot);
  const pendingHaircut = pendingCharge(market.principalPool.index, position.principal, position.haircutSnapshot);
  const profitAfter = atRiskProfit - pendingClawback;
  const principalAfter = position.principal - pendingHaircut;
  const total = market.profitPool.total;
  const lossPending = market.pendingShortfall > 0n;
  let afterResolution: { pendingClawback: bigint; pendingHaircut: bigint } | null = null;
  if (lossPending) {
    try {
      const { after } = await client.previewResolutions(time);
      afterResolution = {
        pendingClawback: pendingCharge(after.profitPool.index, atRiskProfit, position.clawbackSnapshot),
        pendingHaircut: pendingCharge(after.principalPool.index, position.principal, position.haircutSnapshot),
      };
    } catch {
      afterResolution = null; // cannot predict (e.g. a loss above all capital): withdraw is unlikely to pass
    }
  }
  const charges = lossPending ? afterResolution : { pendingClawback, pendingHaircut };
  const settled = charges !== null && charges.pendingClawback === 0n && charges.pendingHaircut === 0n;
  const entries = position.realizedPnl >= 0n ? takeFromSoonest(position.maturing, profitAfter) : position.maturing;
  const schedule = profitSchedule(entries, profitAfter, time);
  return {
    atRiskProfit,
    pendingClawback,
    pendingHaircut,
    principalAfter,
    profitAfter,
    /** Share of the clawback weight (what it would pay of the next clawback). */
    weightShare: total > 0n ? Number(profitAfter) / Number(total) : 0,
    /** A bankruptcy's loss is waiting for `resolve_shortfall`. */
    lossPending,
    /** The charges once the pending loss is resolved (null when no loss is pending). */
    afterResolution,
    /**
     * What `withdraw` through the SDK (pending loss resolved first) accepts now: 0 until it
     * settles, and never the principal locked behind open exposure.
     */
    withdrawable:
      settled && !position.bankrupt && position.principal > position.lockedMargin ? position.principal - position.lockedMargin : 0n,
    lockedMargin: position.lockedMargin,
    /** What `release_profit` releases now (after settling), and the at-risk profit still maturing. */
    releasableProfit: schedule.releasable,
    maturingProfit: schedule.maturing,
    /** When the next maturing part matures, and when all at-risk profit held now will have (0: nothing is maturing). */
    nextMaturityAt: schedule.nextMaturityAt,
    allMaturedAt: schedule.allMaturedAt,
    /** The position's own `profit_matures_at` (as of its last change). */
    profitMaturesAt: position.profitMaturesAt,
    /** Nothing is maturing: all at-risk profit is releasable. */
    profitMature: schedule.maturing === 0n,
    bankrupt: position.bankrupt,
    shortfallCount: position.shortfallCount,
    lifetimeClawbackPaid: position.lifetimeClawbackPaid,
    lifetimeHaircutPaid: position.lifetimeHaircutPaid,
  };
}

/** Insurance coverage: fund balance over the claims it protects (principal + at-risk profit); the liquidation in progress; the rent reserve. */
export async function risk(client: LossMutualizationClient) {
  const [market, fund, reserve] = await Promise.all([client.market(), client.fund(), rentReserve(client.connection, client.keys.market)]);
  const claims = market.principalPool.total + market.profitPool.total;
  const bankrupt = market.pendingShortfall > 0n ? (await client.bankruptPositions()).length : 0;
  const liquidation = market.liquidation;
  return {
    fundBalance: fund.balance,
    totalPrincipal: market.principalPool.total,
    totalAtRiskProfit: market.profitPool.total,
    coverageRatio: claims > 0n ? Number(fund.balance) / Number(claims) : 0,
    /** Loss of the liquidation not yet assigned (resolve_shortfall). */
    pendingShortfall: market.pendingShortfall,
    bankruptPositions: bankrupt,
    /** The liquidation's shortfall bound and the end of its window (anyone may resolve from then on). */
    liquidationShortfallBound: liquidation?.bound ?? 0n,
    liquidationEndsAt: liquidation?.endsAt ?? 0,
    clawbackLifetime: market.profitPool.absorbed,
    haircutLifetime: market.principalPool.absorbed,
    insuranceDrawnLifetime: fund.lifetimeDrawn,
    dustPending: market.dustPending,
    lossEvents: Number(market.shortfallSeq),
    /** Lamports on the market account above its rent-exempt minimum: they pay shortfall records' rent. */
    rentReserveLamports: reserve,
  };
}

/** Value of all of a staker's shares now (0 once a wipe-out retired them). */
export async function stakeValue(client: LossMutualizationClient, staker: PublicKey) {
  const [stake, fund] = await Promise.all([client.stakeAccount(staker), client.fund()]);
  if (!stake || stake.shareEpoch !== fund.shareEpoch) return 0n;
  return valueOfShares(big(stake.shares), fund.balance, fund.totalShares);
}

/** Where an unstake request stands at a time: before its unlock, usable, or lapsed (request again). */
export type UnstakeWindowState = "locked" | "open" | "lapsed";

/** The market's unstake halt clock (`Market::unstake_halt`): Unstake paused, or a loss pending. */
/** What `unstakeExpiry` reads of a market: its unstake halt clock. */
export type UnstakeHalt = { unstakeHalt: HaltClock };

/**
 * When a request lapses (`InsuranceStake::unstake_expiry`): its window's end, extended by every
 * second unstaking was halted (Unstake paused, or a loss pending) since the request was made.
 */
export function unstakeExpiry(expiresAt: number, haltedAtRequest: number, market: UnstakeHalt, now: number): number {
  return expiresAt + Math.max(haltedTotal(market.unstakeHalt, now) - haltedAtRequest, 0);
}

/** When an unstake request unlocks as of `now` (`InsuranceStake::unstake_unlock`): halted time moves it too. */
export function unstakeUnlock(unlockAt: number, haltedAtRequest: number, market: UnstakeHalt, now: number): number {
  return unstakeExpiry(unlockAt, haltedAtRequest, market, now);
}

/**
 * A staker's stake at `now` (default: the cluster's clock): shares and their value, and the
 * pending unstake request with its window: usable from `unlockAt` until (before) `expiresAt`
 * (the window's end as the program sees it now: extended by the time unstaking was halted).
 * Null when the wallet never staked.
 */
export async function stakeView(client: LossMutualizationClient, staker: PublicKey, now?: number) {
  const [stake, fund, market, time] = await Promise.all([client.stakeAccount(staker), client.fund(), client.market(), now ?? client.chainTime()]);
  if (!stake) return null;
  const retired = stake.shareEpoch !== fund.shareEpoch;
  const shares = retired ? 0n : big(stake.shares);
  const requested = retired ? 0n : big(stake.unstakeShares);
  const valueAtRequest = big(stake.unstakeValue);
  const requestNow = valueOfShares(requested, fund.balance, fund.totalShares);
  const unlockAt = unstakeUnlock(Number(stake.unstakeUnlockAt), Number(stake.unstakeHaltedAtRequest), market, time);
  const expiresAt = unstakeExpiry(Number(stake.unstakeExpiresAt), Number(stake.unstakeHaltedAtRequest), market, time);
  return {
    shares,
    valueNow: retired ? 0n : valueOfShares(shares, fund.balance, fund.totalShares),
    retired,
    request:
      requested > 0n
        ? {
            shares: requested,
            valueAtRequest,
            valueNow: requestNow,
            /** What `unstake` pays now: the lesser of the two. */
            payout: requestNow < valueAtRequest ? requestNow : valueAtRequest,
            unlockAt,
            expiresAt,
            state: (time < unlockAt ? "locked" : time < expiresAt ? "open" : "lapsed") as UnstakeWindowState,
          }
        : null,
  };
}
