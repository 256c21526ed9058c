/**
 * The dashboard's data, read from the chain over JSON-RPC with the SDK (no database): the
 * market, its insurance fund, loss events, pending changes, a wallet's exposure and why its
 * withdrawable amount is what it is, and the "what if" of a new loss, computed with the program's
 * exact math (sdk/src/math.ts); the insurance fund's history is history.ts. Browser-agnostic: the
 * page (main.ts) renders it.
 */
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { LossEvent, LossMutualizationClient, PendingChangeView } from "@loss-mutualization/sdk";
import { LossIndex, pendingCharge, refilledAllowance, resolveShortfall, ResolutionSplit, valueOfShares, WaterfallState } from "@loss-mutualization/sdk";

export type Client = LossMutualizationClient;

/**
 * A read-only client for a market (the payer is a throwaway keypair that never signs), refused
 * when the account is not a market at the address its own fields derive, or when `expectedAdmin`
 * is given and is not its admin.
 */
export async function connectMarket(connection: Connection, market: PublicKey, expectedAdmin?: PublicKey): Promise<Client> {
  return await LossMutualizationClient.load(connection, Keypair.generate(), market, { admin: expectedAdmin });
}

/** The shares `valueOfShares` prices to show a share price: 10^12 shares, i.e. 10^6 × the 10^6 shares one base unit bought at the first stake. */
export const PRICE_SHARES = 10n ** 12n;
/** Share price, in base units per 10^6 shares, times 10^6 (6 decimals): what 10^6 shares are worth now. */
export const sharePrice = (balance: bigint, totalShares: bigint) => valueOfShares(PRICE_SHARES, balance, totalShares);

/** `count` base units as a decimal with `decimals` places, exact. */
export function fixed(count: bigint, decimals: number): string {
  const negative = count < 0n;
  const digits = (negative ? -count : count).toString().padStart(decimals + 1, "0");
  const int = digits.slice(0, digits.length - decimals);
  const frac = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : "";
  return `${negative ? "-" : ""}${int}${frac}`;
}

/** The fraction of a pool that survives since the start of its index epoch: factor / 10^(36 + 9·scale), 12 decimals, rounded down. */
export function survivingFraction(index: LossIndex, decimals = 12): string {
  const denominator = 10n ** BigInt(36 + 9 * index.scale);
  return fixed((index.factor * 10n ** BigInt(decimals)) / denominator, decimals);
}

/** `part / whole` as a percentage with `decimals` places, rounded down (0 when whole is 0). */
export function percent(part: bigint, whole: bigint, decimals = 4): string {
  if (whole === 0n) return fixed(0n, decimals);
  return fixed((part * 100n * 10n ** BigInt(decimals)) / whole, decimals);
}

export interface Snapshot {
  slot: number;
  /** The cluster's unix time (Clock sysvar) used for everything time-dependent. */
  chainTime: number;
  decimals: number;
  market: Awaited<ReturnType<Client["market"]>>;
  fund: Awaited<ReturnType<Client["fund"]>>;
  risk: Awaited<ReturnType<Client["risk"]>>;
  /** The rolling-window allowance at `chainTime` (refilled exactly, with the carried remainder; capped). */
  allowanceNow: bigint;
  /** `sharePrice(balance, totalShares)`. */
  sharePrice: bigint;
  /** Insurance fund balance over principal + at-risk profit, percent with 4 decimals. */
  coveragePercent: string;
  events: LossEvent[];
  /** The market's pending changes (governance), each where it stands at `chainTime`. */
  changes: PendingChangeView[];
  /** Pending losses' predicted splits, and the state once they are resolved (the base of a what-if). */
  preview: Awaited<ReturnType<Client["previewResolutions"]>> | null;
  previewError?: string;
}

export async function loadSnapshot(client: Client): Promise<Snapshot> {
  const [slot, chainTime] = await Promise.all([client.connection.getSlot("confirmed"), client.chainTime()]);
  const [market, fund, risk, events, changes] = await Promise.all([client.market(), client.fund(), client.risk(), client.lossEvents(), client.pendingChanges(chainTime)]);
  let preview: Snapshot["preview"] = null;
  let previewError: string | undefined;
  try {
    preview = await client.previewResolutions(chainTime);
  } catch (err) {
    previewError = (err as Error).message;
  }
  return {
    slot,
    chainTime,
    decimals: market.raw.collateralDecimals,
    market,
    fund,
    risk,
    allowanceNow: refilledAllowance(fund.drawAllowance, fund.drawRefillRemainder, fund.drawWindowCap, fund.drawWindowSecs, fund.drawAllowanceUpdatedAt, chainTime).amount,
    sharePrice: sharePrice(fund.balance, fund.totalShares),
    coveragePercent: percent(risk.fundBalance, risk.totalPrincipal + risk.totalAtRiskProfit),
    events,
    changes,
    preview,
    previewError,
  };
}

// --- a wallet ---------------------------------------------------------------------------------

export interface WalletView {
  owner: PublicKey;
  exposure: Awaited<ReturnType<Client["exposure"]>>;
  position: Awaited<ReturnType<Client["position"]>>;
  /** Its insurance stake and unstake request with the request's window (the SDK's `stakeView`). */
  stake: Awaited<ReturnType<Client["stakeView"]>>;
  /** The share epoch of its stake account's shares (older than the fund's: retired by a wipe-out), and their number as the account holds it. */
  stakeEpoch: number | null;
  stakeShares: bigint | null;
}

export async function loadWallet(client: Client, owner: PublicKey, chainTime: number): Promise<WalletView> {
  const [exposure, position, stake, account] = await Promise.all([
    client.exposure(owner, chainTime),
    client.position(owner),
    client.stakeView(owner, chainTime),
    client.stakeAccount(owner),
  ]);
  return { owner, exposure, position, stake, stakeEpoch: account ? account.shareEpoch : null, stakeShares: account ? BigInt(account.shares.toString()) : null };
}

/** What holds a wallet's principal back from `withdraw` (the SDK's `exposure` decides `withdrawable` from the same numbers). */
export type WithdrawReason =
  /** Its position is bankrupt: its loss is pending, its principal gone. */
  | { kind: "bankrupt" }
  /** A loss is pending: exits wait until it is resolved (anyone may resolve it from `endsAt`, the liquidation window's end). */
  | { kind: "lossPending"; shortfall: bigint; endsAt: number }
  /** A loss is pending and its split cannot be predicted (e.g. above all capital). */
  | { kind: "unpredictable" }
  /** Settle first: its pending clawback and haircut (once a pending loss is resolved); then `then` is withdrawable. */
  | { kind: "settle"; pending: bigint; then: bigint }
  /** The clearing authority locked this much principal behind open exposure. */
  | { kind: "locked"; margin: bigint }
  | { kind: "empty" };

export function withdrawReasons(e: NonNullable<WalletView["exposure"]>, principal: bigint, market: Snapshot["market"]): WithdrawReason[] {
  const reasons: WithdrawReason[] = [];
  if (e.bankrupt) reasons.push({ kind: "bankrupt" });
  if (e.lossPending) reasons.push({ kind: "lossPending", shortfall: market.pendingShortfall, endsAt: market.liquidation?.endsAt ?? 0 });
  const charges = e.lossPending ? e.afterResolution : { pendingClawback: e.pendingClawback, pendingHaircut: e.pendingHaircut };
  if (charges === null) reasons.push({ kind: "unpredictable" });
  else if (charges.pendingClawback + charges.pendingHaircut > 0n) {
    const after = principal - charges.pendingHaircut;
    reasons.push({ kind: "settle", pending: charges.pendingClawback + charges.pendingHaircut, then: !e.bankrupt && after > e.lockedMargin ? after - e.lockedMargin : 0n });
  }
  if (e.lockedMargin > 0n) reasons.push({ kind: "locked", margin: e.lockedMargin });
  if (principal === 0n && !e.bankrupt) reasons.push({ kind: "empty" });
  return reasons;
}

// --- what if ----------------------------------------------------------------------------------

export interface WhatIf {
  split: ResolutionSplit;
  /** The wallet's part of the clawback and of the haircut (what its next settlement would charge more). */
  yourClawback: bigint | null;
  yourHaircut: bigint | null;
}

/**
 * A new shortfall of `loss` resolved now, after the pending ones (as the send paths and keepers
 * resolve them first), on a liquidation with no earlier draw in its cap window: the program's
 * `resolve_shortfall` math (math.ts) on the state `previewResolutions` predicts. Against the pools
 * as they stand: a real bankrupting trade also adds the winner's gain to the at-risk profit, so
 * the total clawback is the same while at-risk profit covers it, but each wallet's part is smaller.
 */
export function whatIf(
  base: WaterfallState,
  loss: bigint,
  now: number,
  position?: { principal: bigint; realizedPnl: bigint; clawbackSnapshot: LossIndex; haircutSnapshot: LossIndex } | null,
): WhatIf {
  const step = resolveShortfall({ ...base, pendingShortfall: base.pendingShortfall + loss }, { shortfall: loss, eventCap: { startedAt: 0, drawn: 0n } }, now);
  let yourClawback: bigint | null = null;
  let yourHaircut: bigint | null = null;
  if (position) {
    const atRisk = position.realizedPnl > 0n ? position.realizedPnl : 0n;
    yourClawback =
      pendingCharge(step.state.profitPool.index, atRisk, position.clawbackSnapshot) - pendingCharge(base.profitPool.index, atRisk, position.clawbackSnapshot);
    yourHaircut =
      pendingCharge(step.state.principalPool.index, position.principal, position.haircutSnapshot) -
      pendingCharge(base.principalPool.index, position.principal, position.haircutSnapshot);
  }
  return { split: step.split, yourClawback, yourHaircut };
}
