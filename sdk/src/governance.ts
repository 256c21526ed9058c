/**
 * Governance with notice, the pure part (no RPC): when a proposed change may apply, ported exactly
 * from programs/loss_mutualization/src/math/notice.rs (`NoticeClock::status`,
 * `notice_for_proposal`); the notice floor of state/market_params.rs (`check_notice`); what a
 * change does (`state/pending_change.rs` `Change`), encoded for `propose_change` and decoded from
 * a `PendingChange` account; and a pending change as of a time: its status, the open time left,
 * when it is due and when it lapses (`PendingChange::status`).
 *
 * A change waits for its notice counted in open time: seconds in which no exit was halted (an
 * exit paused, `EXIT_PAUSES`, or a loss pending; halt.ts). Then exits must have had a day of open
 * time since an exit pause was last lifted. It lapses `CHANGE_APPLY_WINDOW_SECS` of open time
 * after the notice it was proposed with (a longer notice set later delays it, never revives it).
 *
 * Times are unix seconds (number).
 */
import { BN } from "@anchor-lang/core";
import { PublicKey } from "@solana/web3.js";
import { checkedBn } from "./amount";
import { numberConstant } from "./constants";
import { HaltClock, openSecsSince } from "./halt";
import { MATURITY_SLOTS } from "./maturity";
import type { MarketParams } from "./params";
import { PAUSE } from "./pause";

/** Open time a change may still wait after its notice before it lapses (the program's constant, from the IDL). */
export const CHANGE_APPLY_WINDOW_SECS = numberConstant("CHANGE_APPLY_WINDOW_SECS");
/** Open time exits must have had since an exit pause was last lifted before a change applies. */
export const EXITS_OPEN_BEFORE_CHANGE_SECS = numberConstant("EXITS_OPEN_BEFORE_CHANGE_SECS");
/** Bounds of a market's notice period. */
export const MIN_NOTICE_SECS = numberConstant("MIN_NOTICE_SECS");
export const MAX_NOTICE_SECS = numberConstant("MAX_NOTICE_SECS");
/** The pause bits that keep users from leaving (withdraw, settle, release profit, unstake, trading). */
export const EXIT_PAUSES = numberConstant("EXIT_PAUSES");

// --- the notice clock (math/notice.rs) --------------------------------------------------------

/** What the decision needs, read from the change and the market at a time (`NoticeClock`). */
export interface NoticeClock {
  /** Open seconds since the change was proposed. */
  openSecs: number;
  /** The notice the change was proposed with (its apply window counts from it), and the market's notice now (a longer one also holds it). */
  proposalNoticeSecs: number;
  marketNoticeSecs: number;
  /** Whether an exit is paused now, and the open seconds since exit pauses were last lifted. */
  exitsPaused: boolean;
  openSinceExitsReopened: number;
}

/** `ChangeStatus`: still in notice (with the open time left), waiting for exits to have been open a day, due, or lapsed. */
export type ChangeStatus =
  | { kind: "inNotice"; remainingSecs: number }
  | { kind: "exitsNotOpenLongEnough" }
  | { kind: "due" }
  | { kind: "lapsed" };

/** Where the change stands (`NoticeClock::status`). */
export function noticeStatus(c: NoticeClock): ChangeStatus {
  const open = c.openSecs;
  if (open >= c.proposalNoticeSecs + CHANGE_APPLY_WINDOW_SECS) return { kind: "lapsed" };
  const notice = Math.max(c.proposalNoticeSecs, c.marketNoticeSecs);
  if (open < notice) return { kind: "inNotice", remainingSecs: notice - open };
  if (c.exitsPaused || c.openSinceExitsReopened < EXITS_OPEN_BEFORE_CHANGE_SECS) return { kind: "exitsNotOpenLongEnough" };
  return { kind: "due" };
}

/**
 * The notice a change proposed at `now` waits for (`notice_for_proposal`): the market's, or longer
 * while gains booked under a longer maturity period than today's may still be maturing (until
 * `oldMaturityEndsAt`).
 */
export function noticeForProposal(marketNoticeSecs: number, now: number, oldMaturityEndsAt: number): number {
  const draining = Math.max(oldMaturityEndsAt - now, 0);
  if (draining === 0) return marketNoticeSecs;
  return Math.max(marketNoticeSecs, MIN_NOTICE_SECS + draining);
}

/** The program's error for applying a change in this status (null when it is due). */
export function statusError(status: ChangeStatus): "NoticeNotServed" | "ExitsNotOpenLongEnough" | "ChangeLapsed" | null {
  switch (status.kind) {
    case "inNotice":
      return "NoticeNotServed";
    case "exitsNotOpenLongEnough":
      return "ExitsNotOpenLongEnough";
    case "lapsed":
      return "ChangeLapsed";
    case "due":
      return null;
  }
}

// --- the notice floor (state/market_params.rs) ------------------------------------------------

/** The longest a gain takes to mature under `maturitySecs` (`math::maturity::longest_maturity`): M + ceil(M / slots). */
export function longestMaturity(maturitySecs: number): number {
  const m = Math.max(maturitySecs, 0);
  return m + Math.ceil(m / MATURITY_SLOTS);
}

/**
 * The shortest notice these parameters allow (`check_notice`): 2 days on top of the longest exit
 * (the unstake delay, or the longest maturity), so a user who looks once a day can leave first.
 */
export function minimumNotice(profitMaturitySecs: number, unstakeDelaySecs: number): number {
  return MIN_NOTICE_SECS + Math.max(unstakeDelaySecs, longestMaturity(profitMaturitySecs));
}

// --- what a change does -----------------------------------------------------------------------

/** A proposed change (`Change`): new parameters (only the fields given change), new authorities, or a new admin. */
export type Change =
  | { kind: "params"; params: Partial<MarketParams> }
  | { kind: "authorities"; riskAuthority?: PublicKey; clearingAuthority?: PublicKey }
  | { kind: "admin"; newAdmin: PublicKey };

/** The parameter fields of a `ParamsChange`, in the program's order. */
export const PARAMS_FIELDS = [
  "profitMaturitySecs",
  "maxDrawPerEvent",
  "drawWindowCap",
  "drawWindowSecs",
  "unstakeDelaySecs",
  "unstakeWindowSecs",
  "liquidationWindowSecs",
  "maxShortfallBps",
  "noticeSecs",
] as const satisfies readonly (keyof MarketParams)[];
/** The fields the program holds as u64 (bigint here); the others are numbers. */
const BIGINT_FIELDS = new Set<string>(["maxDrawPerEvent", "drawWindowCap"]);

const big = (v: { toString(): string }) => BigInt(v.toString());

/** The `Change` argument of `propose_change`, as the IDL's coder takes it. */
export function changeArg(change: Change): any {
  switch (change.kind) {
    case "params": {
      const fields: Record<string, BN | number | null> = {};
      for (const f of PARAMS_FIELDS) {
        const v = change.params[f];
        fields[f] = v === undefined ? null : f === "maxShortfallBps" ? Number(v) : checkedBn(`params.${f}`, v, BIGINT_FIELDS.has(f) ? "u64" : "i64");
      }
      return { params: { 0: fields } };
    }
    case "authorities":
      return { authorities: { riskAuthority: change.riskAuthority ?? null, clearingAuthority: change.clearingAuthority ?? null } };
    case "admin":
      return { admin: { newAdmin: change.newAdmin } };
  }
}

/** A `Change` as the IDL's coder decodes it (from a `PendingChange` account or a `ChangeProposed` event). */
export function changeOf(decoded: any): Change {
  if (decoded.params) {
    const raw = decoded.params[0] ?? decoded.params["0"];
    const params: Partial<MarketParams> = {};
    for (const f of PARAMS_FIELDS) {
      const v = raw[f];
      if (v === null || v === undefined) continue;
      (params as Record<string, number | bigint>)[f] = BIGINT_FIELDS.has(f) ? big(v) : Number(v);
    }
    return { kind: "params", params };
  }
  if (decoded.authorities) {
    const { riskAuthority, clearingAuthority } = decoded.authorities;
    return { kind: "authorities", ...(riskAuthority ? { riskAuthority } : {}), ...(clearingAuthority ? { clearingAuthority } : {}) };
  }
  if (decoded.admin) return { kind: "admin", newAdmin: decoded.admin.newAdmin };
  throw new Error(`not a change: ${JSON.stringify(decoded)}`);
}

/** What a change sets, field by field, exactly (amounts and keys as strings), in the program's order. */
export function changeFields(change: Change): Record<string, string> {
  switch (change.kind) {
    case "params":
      return Object.fromEntries(PARAMS_FIELDS.filter((f) => change.params[f] !== undefined).map((f) => [f, String(change.params[f])]));
    case "authorities":
      return {
        ...(change.riskAuthority ? { riskAuthority: change.riskAuthority.toBase58() } : {}),
        ...(change.clearingAuthority ? { clearingAuthority: change.clearingAuthority.toBase58() } : {}),
      };
    case "admin":
      return { newAdmin: change.newAdmin.toBase58() };
  }
}

/** One line: the kind and what it sets, e.g. `params: maxDrawPerEvent=600000 noticeSecs=259200`. */
export function describeChange(change: Change): string {
  return `${change.kind}: ${Object.entries(changeFields(change)).map(([k, v]) => `${k}=${v}`).join(" ")}`;
}

// --- a pending change as of a time --------------------------------------------------------------

/** The market fields the notice depends on (the SDK's `market()` has them). */
export interface NoticeMarket {
  paused: number;
  /** A loss is pending (with Resolve paused, it holds exits as a pause does: `Market::exits_blocked`). */
  pendingShortfall?: bigint;
  noticeSecs: number;
  exitHalt: HaltClock;
  exitsReopenedAt: number;
  exitHaltedAtReopen: number;
}

/** A `PendingChange` account, decoded. */
export interface PendingChangeAccount {
  address: PublicKey;
  market: PublicKey;
  /** Its sequence number (`["change", market, seq]`). */
  seq: bigint;
  /** Paid its rent and gets it back when it is applied or cancelled. */
  proposer: PublicKey;
  proposedAt: number;
  /** The notice it was proposed with (`noticeForProposal`); its apply window counts from it. */
  proposedNoticeSecs: number;
  exitHaltedAtProposal: number;
  change: Change;
}

/** A pending change and where it stands at `now`. */
export interface PendingChangeView extends PendingChangeAccount {
  now: number;
  /** The notice it waits for: the longer of its own and the market's now. */
  noticeSecs: number;
  /** Open time served since it was proposed, and since exit pauses were last lifted. */
  openSecs: number;
  openSinceExitsReopened: number;
  status: ChangeStatus;
  /** Open time still to serve (0 once served). */
  remainingSecs: number;
  /** Whether the open-time clock is stopped now (an exit paused, or a loss pending): the countdown waits. */
  clockStopped: boolean;
  /**
   * The earliest time it may apply if exits stay open from now on (`now` when due), and when it
   * lapses then; null while the clock is stopped (the wait moves by the halted time), once it
   * lapsed, and (`dueAt`) when it would lapse first (a longer notice set since holds it past its window).
   */
  dueAt: number | null;
  lapsesAt: number | null;
}

/** The account fields of a `PendingChange` as the IDL's coder decodes them. */
export function pendingChangeAccount(address: PublicKey, raw: any): PendingChangeAccount {
  return {
    address,
    market: raw.market,
    seq: big(raw.seq),
    proposer: raw.proposer,
    proposedAt: Number(raw.proposedAt),
    proposedNoticeSecs: Number(raw.noticeSecs),
    exitHaltedAtProposal: Number(raw.exitHaltedAtProposal),
    change: changeOf(raw.change),
  };
}

/** The change at `now` on this market (`PendingChange::status`, and the times that follow from it). */
export function pendingChangeView(account: PendingChangeAccount, market: NoticeMarket, now: number): PendingChangeView {
  const clock: NoticeClock = {
    openSecs: openSecsSince(market.exitHalt, account.proposedAt, account.exitHaltedAtProposal, now),
    proposalNoticeSecs: account.proposedNoticeSecs,
    marketNoticeSecs: market.noticeSecs,
    // Market::exits_blocked: an exit pause, or a Resolve pause holding a pending loss.
    exitsPaused: (market.paused & EXIT_PAUSES) !== 0 || ((market.paused & PAUSE.resolve) !== 0 && (market.pendingShortfall ?? 0n) > 0n),
    openSinceExitsReopened: openSecsSince(market.exitHalt, market.exitsReopenedAt, market.exitHaltedAtReopen, now),
  };
  const status = noticeStatus(clock);
  const remainingSecs = status.kind === "inNotice" ? status.remainingSecs : 0;
  const clockStopped = market.exitHalt.haltedSince > 0;
  // With exits open from now on, open time runs with the clock: it is due once both waits are over.
  const known = !clockStopped && status.kind !== "lapsed";
  const lapsesAt = known ? now + account.proposedNoticeSecs + CHANGE_APPLY_WINDOW_SECS - clock.openSecs : null;
  const dueAt = known ? now + Math.max(remainingSecs, EXITS_OPEN_BEFORE_CHANGE_SECS - clock.openSinceExitsReopened, 0) : null;
  return {
    ...account,
    now,
    noticeSecs: Math.max(account.proposedNoticeSecs, market.noticeSecs),
    openSecs: clock.openSecs,
    openSinceExitsReopened: clock.openSinceExitsReopened,
    status,
    remainingSecs,
    clockStopped,
    dueAt: dueAt !== null && lapsesAt !== null && dueAt < lapsesAt ? dueAt : null,
    lapsesAt,
  };
}

/** Seconds as `2d 3h 4m 5s` (leading zero units dropped). */
export function durationText(secs: number): string {
  const d = Math.floor(secs / 86400);
  const h = Math.floor((secs % 86400) / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const parts = [`${d}d`, `${h}h`, `${m}m`, `${secs % 60}s`];
  return parts.slice(d ? 0 : h ? 1 : m ? 2 : 3).join(" ");
}

/** The status in words, as `lm changes`, the keeper and the dashboard show it. */
export function statusText(view: Pick<PendingChangeView, "status" | "clockStopped">): string {
  switch (view.status.kind) {
    case "inNotice":
      return view.clockStopped ? "in notice (clock stopped: exits halted)" : "in notice";
    case "exitsNotOpenLongEnough":
      return "exits not open long enough";
    case "due":
      return "due";
    case "lapsed":
      return "lapsed";
  }
}
