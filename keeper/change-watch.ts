/**
 * Watching a market's pending changes for the keeper's log: each change is logged when it first
 * appears (what it sets, its proposer, its status and countdown), when its status moves (in
 * notice, exits not open long enough, due, lapsed), and when it disappears: applied or cancelled,
 * as the transaction that closed it says (its ChangeApplied or ChangeCancelled event).
 */
import { PublicKey } from "@solana/web3.js";
import type { LossMutualizationClient } from "@loss-mutualization/sdk";
import { changeFields, durationText, PendingChangeView, statusText } from "@loss-mutualization/sdk";

export type ChangeLog = (msg: string, fields: Record<string, unknown>) => void;

/** A pending change as the keeper logs it. */
export function changeLogFields(c: PendingChangeView): Record<string, unknown> {
  return {
    seq: c.seq,
    kind: c.change.kind,
    sets: changeFields(c.change),
    proposer: c.proposer,
    proposedAt: c.proposedAt,
    noticeSecs: c.noticeSecs,
    status: statusText(c),
    remainingSecs: c.remainingSecs,
    countdown: c.status.kind === "inNotice" ? durationText(c.remainingSecs) : null,
    dueAt: c.dueAt,
    lapsesAt: c.lapsesAt,
    pendingChange: c.address,
  };
}

export class ChangeWatch {
  /** The changes seen on the last check, by address, with the status then. */
  private seen = new Map<string, { view: PendingChangeView; status: string }>();

  constructor(private readonly client: LossMutualizationClient, private readonly log: ChangeLog) {}

  /** Read the pending changes and log what appeared, moved or went since the last check. */
  async check(reason: string): Promise<void> {
    const changes = await this.client.pendingChanges();
    const present = new Set<string>();
    for (const c of changes) {
      const key = c.address.toBase58();
      present.add(key);
      const before = this.seen.get(key);
      const status = statusText(c);
      if (!before) this.log("pending change: it applies once its notice is served", { reason, ...changeLogFields(c) });
      else if (before.status !== status) this.log(`pending change ${c.seq} is now ${status}`, { reason, ...changeLogFields(c) });
      this.seen.set(key, { view: c, status });
    }
    for (const [key, { view }] of [...this.seen]) {
      if (present.has(key)) continue;
      this.seen.delete(key);
      const decided = await this.decision(view.address);
      this.log(`change ${view.seq} ${decided.how}`, { reason, seq: view.seq, kind: view.change.kind, sets: changeFields(view.change), by: decided.by, signature: decided.signature, pendingChange: view.address });
    }
  }

  /** How a change account was closed: the ChangeApplied or ChangeCancelled event of its last transactions. */
  private async decision(address: PublicKey): Promise<{ how: "applied" | "cancelled" | "closed"; by: PublicKey | null; signature: string | null }> {
    const signatures = await this.client.connection.getSignaturesForAddress(address, { limit: 10 }, "confirmed");
    for (const s of signatures) {
      if (s.err) continue;
      for (const e of await this.client.events(s.signature)) {
        if ((e.name === "changeApplied" || e.name === "changeCancelled") && (e.data.pendingChange as PublicKey).equals(address)) {
          return { how: e.name === "changeApplied" ? "applied" : "cancelled", by: e.data.by, signature: s.signature };
        }
      }
    }
    return { how: "closed", by: null, signature: null };
  }
}
