/**
 * The program's accounts as the SDK shows them: each decoded account (already verified, see
 * verify.ts) turned into plain values (bigint amounts, number times) with what each field means.
 * Pure functions: no connection, no fetch (the client fetches and verifies, then calls these).
 */
import type { IdlAccounts } from "@anchor-lang/core";
import { BN } from "@anchor-lang/core";
import { PublicKey } from "@solana/web3.js";
import type { LossMutualization } from "./idl/loss_mutualization";
import { HaltClock } from "./halt";
import { liquidationOf } from "./liquidation";
import { LossIndex, LossPool, MaturingProfit, ResolutionSplit } from "./math";
import { pausedOperations } from "./pause";

type Accounts = IdlAccounts<LossMutualization>;

export const big = (n: BN | number | bigint) => BigInt(n.toString());
const haltClock = (c: { haltedSecs: BN; haltedSince: BN }): HaltClock => ({ haltedSecs: Number(c.haltedSecs), haltedSince: Number(c.haltedSince) });
export const index = (i: { factor: BN; scale: number; epoch: number }): LossIndex => ({
  factor: big(i.factor),
  scale: i.scale,
  epoch: i.epoch,
});

export interface RecordRent {
  fromReserve: bigint;
  fromResolver: bigint;
}

/** A `ShortfallRecord`, decoded. */
export interface LossEvent extends ResolutionSplit {
  address: PublicKey;
  market: PublicKey;
  seq: bigint;
  position: PublicKey;
  owner: PublicKey;
  positionSeq: bigint;
  clawbackIndexBefore: LossIndex;
  clawbackIndexAfter: LossIndex;
  haircutIndexBefore: LossIndex;
  haircutIndexAfter: LossIndex;
  resolver: PublicKey;
  resolvedAt: number;
  recordRent: RecordRent;
}

/** A `Market`, shown. */
export function marketView(m: Accounts["market"]) {
  const pool = (p: typeof m.profitPool): LossPool => ({
    total: big(p.total),
    index: index(p.index),
    absorbed: big(p.absorbed),
    collected: big(p.collected),
    dustReleased: big(p.dustReleased),
  });
  const pending = {
    /** Loss of the liquidation not yet assigned: while > 0 exposure is frozen (LossResolutionPending). */
    pendingShortfall: big(m.pendingShortfall),
    /** The liquidation in progress (while a loss is pending): its position, collateral and window's end. */
    pendingPosition: m.pendingPosition,
    pendingCollateral: big(m.pendingCollateral),
    liquidationEndsAt: Number(m.liquidationEndsAt),
    maxShortfallBps: m.maxShortfallBps,
  };
  return {
    raw: m,
    marketId: big(m.marketId),
    /** The key that created the market (part of its address). */
    creator: m.creator,
    admin: m.admin,
    riskAuthority: m.riskAuthority,
    clearingAuthority: m.clearingAuthority,
    paused: m.paused,
    pausedOperations: pausedOperations(m.paused),
    profitMaturitySecs: Number(m.profitMaturitySecs),
    liquidationWindowSecs: Number(m.liquidationWindowSecs),
    profitPool: pool(m.profitPool),
    principalPool: pool(m.principalPool),
    ...pending,
    /** The liquidation in progress, with its shortfall bound, or null (liquidation.ts). */
    liquidation: liquidationOf(pending),
    dustPending: big(m.dustPending),
    /** Sequence number of the next loss event. */
    shortfallSeq: big(m.shortfallSeq),
    /** Seconds unstaking was halted (Unstake paused, or a loss pending): unstake requests' unlock and window move by them. */
    unstakeHalt: haltClock(m.unstakeHalt),
    /** Seconds exits were halted (an exit paused, `EXIT_PAUSES`, or a loss pending): a pending change's notice counts only the rest. */
    exitHalt: haltClock(m.exitHalt),
    /** When exit pauses were last lifted (0: never), and the exit halt's total then: a change applies after a day of open time since. */
    exitsReopenedAt: Number(m.exitsReopenedAt),
    exitHaltedAtReopen: Number(m.exitHaltedAtReopen),
    /** Gains booked under a longer maturity period than today's may mature until then (0: none): a change proposed before waits for them. */
    oldMaturityEndsAt: Number(m.oldMaturityEndsAt),
    /** The notice a proposed change waits for, in open time. */
    noticeSecs: Number(m.noticeSecs),
    /** Sequence number of the next proposed change. */
    changeCount: big(m.changeCount),
    positionCount: big(m.positionCount),
  };
}

/** A `UserPosition` at `address`, shown. */
export function positionView(address: PublicKey, p: Accounts["userPosition"]) {
  return {
    raw: p,
    address,
    market: p.market,
    owner: p.owner,
    principal: big(p.principal),
    realizedPnl: big(p.realizedPnl),
    clawbackSnapshot: index(p.clawbackSnapshot),
    haircutSnapshot: index(p.haircutSnapshot),
    lifetimeClawbackPaid: big(p.lifetimeClawbackPaid),
    lifetimeHaircutPaid: big(p.lifetimeHaircutPaid),
    /** When all at-risk profit held now will have matured (0 when none is maturing). */
    profitMaturesAt: Number(p.profitMaturesAt),
    /** At-risk profit still maturing, per grid slot of its gain (maturity.ts). */
    maturing: p.maturing.map((e): MaturingProfit => ({ amount: big(e.amount), maturesAt: Number(e.maturesAt) })),
    /** Shortfalls resolved so far; the next record is `pdas.shortfallRecord(address, shortfallCount)`. */
    shortfallCount: big(p.shortfallCount),
    eventCap: { startedAt: Number(p.eventCap.startedAt), drawn: big(p.eventCap.drawn) },
    /**
     * Its loss window: opened by a loss after a quiet period, for the market's liquidation
     * window; the shortfall booked in it may reach `maxShortfallBps` of `collateral`.
     */
    lossWindow: { startedAt: Number(p.lossWindow.startedAt), collateral: big(p.lossWindow.collateral), shortfall: big(p.lossWindow.shortfall) },
    /** Principal the clearing authority locked behind open exposure (`set_margin`). */
    lockedMargin: big(p.lockedMargin),
    bankrupt: "bankrupt" in (p.status as object),
  };
}

/** An `InsuranceFund`, shown. */
export function fundView(f: Accounts["insuranceFund"]) {
  return {
    raw: f,
    balance: big(f.balance),
    totalShares: big(f.totalShares),
    shareEpoch: f.shareEpoch,
    maxDrawPerEvent: big(f.maxDrawPerEvent),
    drawWindowCap: big(f.drawWindowCap),
    drawWindowSecs: Number(f.drawWindowSecs),
    drawAllowance: big(f.drawAllowance),
    drawAllowanceUpdatedAt: Number(f.drawAllowanceUpdatedAt),
    drawRefillRemainder: big(f.drawRefillRemainder),
    unstakeDelaySecs: Number(f.unstakeDelaySecs),
    /** How long an unlocked unstake request may be used (fixed per request when it is made). */
    unstakeWindowSecs: Number(f.unstakeWindowSecs),
    lifetimeDrawn: big(f.lifetimeDrawn),
  };
}

/** A `ShortfallRecord` at `address`, shown. */
export function lossEventView(address: PublicKey, r: Accounts["shortfallRecord"]): LossEvent {
  return {
    address,
    market: r.market,
    seq: big(r.seq),
    position: r.position,
    owner: r.owner,
    positionSeq: big(r.positionSeq),
    shortfall: big(r.shortfall),
    insurancePaid: big(r.insurancePaid),
    clawback: big(r.clawback),
    haircut: big(r.haircut),
    atRiskProfitBefore: big(r.atRiskProfitBefore),
    principalBefore: big(r.principalBefore),
    clawbackIndexBefore: index(r.clawbackIndexBefore),
    clawbackIndexAfter: index(r.clawbackIndexAfter),
    haircutIndexBefore: index(r.haircutIndexBefore),
    haircutIndexAfter: index(r.haircutIndexAfter),
    resolver: r.resolver,
    resolvedAt: Number(r.resolvedAt),
    recordRent: { fromReserve: big(r.recordRentFromReserve), fromResolver: big(r.recordRentFromResolver) },
  };
}
