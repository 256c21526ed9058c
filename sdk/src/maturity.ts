/**
 * Profit maturity per gain, ported exactly from programs/loss_mutualization/src/math/maturity.rs.
 *
 * Every gain stays at risk for at least the market's maturity period `M` from its own time. Gains
 * are grouped on a grid of `MATURITY_SLOTS` slots per period (slot width `S = ceil(M / slots)`): a
 * gain booked at `t` matures at `(floor(t / S) + 1) * S + M`. A position holds its maturing
 * profit as up to `MATURITY_SLOTS + 1` entries `{ amount, maturesAt }`; what `release_profit`
 * releases at `now` is the at-risk profit minus the entries still maturing then. A charge (a
 * clawback, a trading loss) takes the matured part first, then the entries that mature soonest.
 * (The entries' order in the array is the program's; only `addGain` on a full array reorders it.)
 *
 * Amounts are base units (bigint), times unix seconds (number).
 */
import { numberConstant } from "./constants";

/** Grid slots per maturity period (the program's `MATURITY_SLOTS`, from the IDL). */
export const MATURITY_SLOTS = numberConstant("MATURITY_SLOTS");
const U64_MAX = (1n << 64n) - 1n;
const I64_MAX = (1n << 63n) - 1n;

/** Profit gained in one grid slot, at risk until `maturesAt` (empty when `amount` is 0). */
export interface MaturingProfit {
  amount: bigint;
  maturesAt: number;
}

const EMPTY: MaturingProfit = { amount: 0n, maturesAt: 0 };
const saturatingSum = (entries: MaturingProfit[], pick: (e: MaturingProfit) => boolean) => {
  const sum = entries.filter(pick).reduce((s, e) => s + e.amount, 0n);
  return sum > U64_MAX ? U64_MAX : sum;
};

/** When a gain booked at `now` matures under a maturity period of `maturitySecs` (`maturity_of_gain`). */
export function maturityOfGain(now: number, maturitySecs: number): number {
  if (maturitySecs <= 0) return now;
  const t = BigInt(Math.max(now, 0));
  const m = BigInt(maturitySecs);
  const slots = BigInt(MATURITY_SLOTS);
  const width = (m + slots - 1n) / slots;
  const end = (t / width + 1n) * width + m;
  return Number(end > I64_MAX ? I64_MAX : end);
}

/** Profit of these entries still maturing at `now` (`maturing_at`). */
export function maturingAt(entries: MaturingProfit[], now: number): bigint {
  return saturatingSum(entries, (e) => e.maturesAt > now);
}

/** Of `atRiskProfit`, what may be released at `now` (`releasable`). */
export function releasable(entries: MaturingProfit[], atRiskProfit: bigint, now: number): bigint {
  const maturing = maturingAt(entries, now);
  return atRiskProfit > maturing ? atRiskProfit - maturing : 0n;
}

/** When everything in the entries has matured; 0 when nothing is maturing at `now` (`all_mature_at`). */
export function allMatureAt(entries: MaturingProfit[], now: number): number {
  return entries.filter((e) => e.amount > 0n && e.maturesAt > now).reduce((latest, e) => Math.max(latest, e.maturesAt), 0);
}

/** The soonest time at which some maturing profit matures; 0 when nothing is maturing at `now`. */
export function nextMaturityAt(entries: MaturingProfit[], now: number): number {
  const times = entries.filter((e) => e.amount > 0n && e.maturesAt > now).map((e) => e.maturesAt);
  return times.length ? Math.min(...times) : 0;
}

/** The entries after a gain of `amount` maturing at `maturesAt` was booked at `now` (`add_gain`). */
export function addGain(entries: MaturingProfit[], amount: bigint, maturesAt: number, now: number): MaturingProfit[] {
  if (amount === 0n || maturesAt <= now) return entries;
  const next = entries.map((e) => (e.maturesAt <= now ? { ...EMPTY } : { ...e }));
  const same = next.find((e) => e.amount > 0n && e.maturesAt === maturesAt);
  const free = next.find((e) => e.amount === 0n);
  if (same) same.amount = min(same.amount + amount, U64_MAX);
  else if (free) Object.assign(free, { amount, maturesAt });
  else {
    // Only after a change of the maturity period. Delay the new gain rather than an older one:
    // join the soonest entry maturing at or after it (Rust's `min_by_key`: the first of equal
    // minima). If every entry matures sooner, the two soonest merge at the later of their times
    // and the new gain takes the freed entry.
    const later = next.filter((e) => e.maturesAt >= maturesAt).reduce<MaturingProfit | null>((best, e) => (best === null || e.maturesAt < best.maturesAt ? e : best), null);
    if (later) {
      later.amount = min(later.amount + amount, U64_MAX);
      return next;
    }
    // `sort_unstable_by_key`: every entry here matures before `maturesAt`, and only the two
    // soonest (and their amounts) matter, so an unstable order cannot change the result.
    next.sort((a, b) => a.maturesAt - b.maturesAt);
    next[1].amount = min(next[1].amount + next[0].amount, U64_MAX);
    next[0] = { amount, maturesAt };
  }
  return next;
}

/** The entries once the at-risk profit fell to `atRiskProfit`: the soonest maturing went first (`take_from_soonest`). */
export function takeFromSoonest(entries: MaturingProfit[], atRiskProfit: bigint): MaturingProfit[] {
  const next = entries.map((e) => ({ ...e }));
  const total = saturatingSum(next, () => true);
  let excess = total > atRiskProfit ? total - atRiskProfit : 0n;
  while (excess > 0n) {
    // Rust's `min_by_key` takes the first of equal minima.
    const soonest = next.filter((e) => e.amount > 0n).reduce<MaturingProfit | null>((best, e) => (best === null || e.maturesAt < best.maturesAt ? e : best), null);
    if (!soonest) break;
    const cut = min(soonest.amount, excess);
    soonest.amount -= cut;
    excess -= cut;
    if (soonest.amount === 0n) Object.assign(soonest, EMPTY);
  }
  return next;
}

/** A position's profit at `now`: what `release_profit` releases, what is still maturing, and when. */
export interface ProfitSchedule {
  /** What `release_profit` would move into principal now. */
  releasable: bigint;
  /** At-risk profit not yet matured. */
  maturing: bigint;
  /** When the next part matures (0: nothing is maturing). */
  nextMaturityAt: number;
  /** When all at-risk profit held now will have matured (0: nothing is maturing). */
  allMaturedAt: number;
}

export function profitSchedule(entries: MaturingProfit[], atRiskProfit: bigint, now: number): ProfitSchedule {
  const r = releasable(entries, atRiskProfit, now);
  return { releasable: r, maturing: atRiskProfit - r, nextMaturityAt: nextMaturityAt(entries, now), allMaturedAt: allMatureAt(entries, now) };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
