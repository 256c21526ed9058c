/**
 * The insurance fund's history, rebuilt from the market's transactions (no database): each fund
 * event with the balance, shares and share price after it and the share epoch it belongs to; the
 * wipe-outs (a draw that left the shares worthless: the program retired them all and started a new
 * share epoch); and a staker's ledger per epoch (what it staked, what its unstakes paid).
 */
import { PublicKey } from "@solana/web3.js";
import { Client, sharePrice } from "./model";

export type FundEventKind = "staked" | "unstaked" | "insuranceFunded" | "dustSwept" | "shortfallResolved";

/** A draw that retired every share of its epoch (`InsuranceFund::retire_worthless_shares`). */
export interface WipeOut {
  /** The shares retired (null when the RPC's history does not show them). */
  retiredShares: bigint | null;
  /** The epoch that starts with it. */
  nextEpoch: number;
}

export interface FundPoint {
  signature: string;
  slot: number;
  blockTime: number | null;
  kind: FundEventKind;
  /** Change of the fund's balance (+ staked, funded, dust; − unstaked, drawn). */
  delta: bigint;
  fundBalance: bigint;
  /** From the event, or carried from the previous point (InsuranceFunded and DustSwept do not change shares). */
  totalShares: bigint | null;
  /** The price of its epoch's shares after the event; 0 at a wipe-out (the retired shares hold nothing). */
  sharePrice: bigint | null;
  /** The share epoch the event belongs to (a wipe-out: the epoch it ends); null when the RPC's history does not tell. */
  shareEpoch: number | null;
  wipeOut: WipeOut | null;
  /** Staked and Unstaked: the staker. */
  staker: PublicKey | null;
}

const FUND_EVENTS = new Set<string>(["staked", "unstaked", "insuranceFunded", "dustSwept", "shortfallResolved"]);
const big = (v: { toString(): string }) => BigInt(v.toString());

/**
 * The fund's history: each Staked / Unstaked / InsuranceFunded / DustSwept / ShortfallResolved
 * event of the market, oldest first, read with getSignaturesForAddress(market) and
 * getTransaction, incrementally (each `update` fetches only the signatures after the newest seen).
 */
export class FundHistory {
  points: FundPoint[] = [];
  /** The market's creation is in the history (so shares start at 0, epoch 0); false when the RPC's history is shorter. */
  complete = false;
  transactions = 0;
  private newest: string | undefined;
  private shares: bigint | null = null;
  private epoch: number | null = null;

  constructor(private readonly client: Client, private readonly maxTransactions = 5_000) {}

  /** Read the transactions since the last update; `currentEpoch` (the fund's) dates the events after the last draw when the history is short. */
  async update(currentEpoch: number): Promise<void> {
    const { connection, keys } = this.client;
    const found: { signature: string; slot: number; blockTime: number | null; failed: boolean }[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await connection.getSignaturesForAddress(keys.market, { limit: 1000, before, until: this.newest }, "confirmed");
      found.push(...page.map((s) => ({ signature: s.signature, slot: s.slot, blockTime: s.blockTime ?? null, failed: s.err !== null })));
      if (page.length < 1000 || found.length >= this.maxTransactions) break;
      before = page[page.length - 1].signature;
    }
    if (found.length === 0) return;
    const oldestFirst = found.reverse().filter((s) => !s.failed);
    for (let i = 0; i < oldestFirst.length; i += 100) {
      const chunk = oldestFirst.slice(i, i + 100);
      const txs = await connection.getTransactions(
        chunk.map((s) => s.signature),
        { commitment: "confirmed", maxSupportedTransactionVersion: 0 },
      );
      txs.forEach((tx, j) => {
        if (!tx || tx.meta?.err) return;
        this.transactions += 1;
        for (const event of this.client.parser.parseLogs(tx.meta?.logMessages ?? [])) {
          const data = event.data as Record<string, any>;
          if (!(data.market as PublicKey | undefined)?.equals(keys.market)) continue;
          if (event.name === "marketInitialized") {
            this.complete = true;
            this.shares = 0n;
            this.epoch = 0;
          }
          if (!FUND_EVENTS.has(event.name)) continue;
          this.points.push(this.point(chunk[j], event.name as FundEventKind, data));
        }
      });
    }
    this.newest = found[found.length - 1].signature;
    // Events before the first draw the history shows (a short history): the epoch of the event after them.
    let next = currentEpoch;
    for (let i = this.points.length - 1; i >= 0; i--) {
      const p = this.points[i];
      if (p.shareEpoch === null) p.shareEpoch = next;
      next = p.shareEpoch;
    }
  }

  private point(sig: { signature: string; slot: number; blockTime: number | null }, kind: FundEventKind, data: Record<string, any>): FundPoint {
    const fundBalance = big(data.fundBalance);
    const before = this.shares;
    if (data.totalShares !== undefined) this.shares = big(data.totalShares);
    let shareEpoch = this.epoch;
    let wipeOut: WipeOut | null = null;
    if (kind === "shortfallResolved") {
      const after = Number(data.shareEpoch);
      const wiped = this.epoch !== null ? after !== this.epoch : before !== null && before > 0n && this.shares === 0n;
      if (wiped) wipeOut = { retiredShares: before, nextEpoch: after };
      shareEpoch = wiped ? (this.epoch ?? after - 1) : after;
      this.epoch = after;
    }
    const delta =
      kind === "staked" || kind === "insuranceFunded" || kind === "dustSwept"
        ? big(data.amount)
        : kind === "unstaked"
          ? -big(data.amountPaid)
          : -big(data.insurancePaid);
    return {
      signature: sig.signature,
      slot: sig.slot,
      blockTime: sig.blockTime,
      kind,
      delta,
      fundBalance,
      totalShares: this.shares,
      sharePrice: wipeOut ? 0n : this.shares === null ? null : sharePrice(fundBalance, this.shares),
      shareEpoch,
      wipeOut,
      staker: kind === "staked" || kind === "unstaked" ? (data.staker as PublicKey) : null,
    };
  }
}

/** One staker in one share epoch: what it staked and what its unstakes paid it. */
export interface StakeEpoch {
  epoch: number;
  staked: bigint;
  /** What its unstakes paid out. */
  paid: bigint;
  /** The wipe-out that retired the epoch's shares (null: the epoch is still running). */
  wipeOut: FundPoint | null;
}

/** A staker's Staked and Unstaked events summed per share epoch, oldest epoch first (exact when the history is complete). */
export function stakeLedger(points: FundPoint[], staker: PublicKey): StakeEpoch[] {
  const epochs = new Map<number, StakeEpoch>();
  for (const p of points) {
    if (!p.staker?.equals(staker) || p.shareEpoch === null) continue;
    const e = epochs.get(p.shareEpoch) ?? { epoch: p.shareEpoch, staked: 0n, paid: 0n, wipeOut: null };
    if (p.kind === "staked") e.staked += p.delta;
    else e.paid += -p.delta;
    epochs.set(p.shareEpoch, e);
  }
  for (const e of epochs.values()) e.wipeOut = points.find((p) => p.wipeOut && p.shareEpoch === e.epoch) ?? null;
  return [...epochs.values()].sort((a, b) => a.epoch - b.epoch);
}

/** The wipe-outs in the history, oldest first. */
export const wipeOuts = (points: FundPoint[]) => points.filter((p) => p.wipeOut !== null);
