/**
 * The keeper: resolves every bankrupt position's loss as soon as it may, and sweeps rounding
 * dust into the insurance fund. It holds no authority: `resolve_shortfall` and `sweep_dust` are
 * permissionless, and `resolve_shortfall` is idempotent, so any number of keepers can run at
 * once (the second to arrive succeeds as a no-op).
 *
 * A liquidation books fills for the market's liquidation window, and until it ends only the
 * clearing authority may resolve it (liquidation.ts). A keeper without that authority that sees
 * one logs it once ("liquidation in progress"), counts it in `deferred` (not an error), and wakes
 * when the window ends to resolve it; a one-shot pass (`lm keeper --once`) waits for the window
 * (bounded by it) instead.
 *
 * How it finds work: a `logsSubscribe` on the program wakes it on every program transaction (a
 * bankruptcy is an `apply_pnl` that leaves `pendingShortfall > 0`), and a periodic scan
 * (`getProgramAccounts` on bankrupt positions, through `pendingPositions`) is the safety net for
 * a dropped websocket, a restarted validator or an RPC that errored. Passes never overlap.
 * The SDK's send retries an expired blockhash and a duplicate; the keeper retries an RPC that did
 * not answer; a failed pass is logged and the next pass retries.
 *
 * Pending changes of the rules (governance): every pass also reads them, and the keeper logs each
 * when it first appears, with its countdown, when its status moves (due, lapsed, ...) and when it
 * is applied or cancelled (change-watch.ts); it never applies one.
 *
 * Logs are JSON lines: `{ ts, level, msg, ... }`.
 */
import { Logs, PublicKey } from "@solana/web3.js";
import { describeError, LiquidationInProgressError, LossMutualizationClient, programError, PROGRAM_ID } from "@loss-mutualization/sdk";
import { pendingCharge } from "@loss-mutualization/sdk";
import { ChangeWatch } from "./change-watch";

const MAX_ATTEMPTS = 3;

/** The named error, or the RPC's own message (e.g. "Blockhash not found"): `describeError`. */
const failure = describeError;

export interface KeeperOptions {
  /** Period of the safety-net scan, in ms. */
  intervalMs?: number;
  /** Sweep rounding dust into the insurance fund when there is some and no loss is pending. */
  sweepDust?: boolean;
  /** Subscribe to the program's logs (otherwise the periodic scan alone). */
  subscribe?: boolean;
  /**
   * Log a reminder for each wallet with a pending clawback or haircut (it must settle before it
   * can withdraw), once per change of its pending charges. Costs one scan of the market's
   * positions per pass.
   */
  remind?: boolean;
  /** Log pending changes as they appear, move and go (default: true; one scan per pass). */
  watchChanges?: boolean;
  /** Where log lines go (default: stdout). */
  log?: (line: KeeperLogLine) => void;
}

export interface KeeperLogLine {
  ts: string;
  level: "info" | "warn" | "error";
  msg: string;
  [key: string]: unknown;
}

export interface KeeperStats {
  passes: number;
  resolved: number;
  /** Resolutions someone else had already sent (no-ops). */
  alreadyResolved: number;
  /** Resolutions re-sent because another resolver and a new bankruptcy moved the record on. */
  raced: number;
  /** Liquidations seen before their window ended: resolved once it has (not errors). */
  deferred: number;
  swept: number;
  reminders: number;
  errors: number;
  /** For each resolution: ms from the first sign of the bankruptcy the keeper saw to confirmation. */
  latenciesMs: number[];
}

export class Keeper {
  readonly stats: KeeperStats = { passes: 0, resolved: 0, alreadyResolved: 0, raced: 0, deferred: 0, swept: 0, reminders: 0, errors: 0, latenciesMs: [] };
  private readonly intervalMs: number;
  private readonly sweepDust: boolean;
  private readonly subscribe: boolean;
  private readonly remind: boolean;
  private readonly changes: ChangeWatch | null;
  /** The pending charges last reminded, per position. */
  private reminded = new Map<string, string>();
  private readonly emit: (line: KeeperLogLine) => void;
  private timer: NodeJS.Timeout | null = null;
  private subscription: number | null = null;
  private running: Promise<void> = Promise.resolve();
  private wakeQueued = false;
  /** When the keeper first saw each pending position (address -> ms). */
  private firstSeen = new Map<string, number>();
  /** The window's end last announced per liquidation (position), and the wake-ups set for window ends. */
  private announced = new Map<string, number>();
  private windowTimers = new Map<number, NodeJS.Timeout>();
  private stopped = true;

  constructor(readonly client: LossMutualizationClient, options: KeeperOptions = {}) {
    this.intervalMs = options.intervalMs ?? 2_000;
    this.sweepDust = options.sweepDust ?? true;
    this.subscribe = options.subscribe ?? true;
    this.remind = options.remind ?? false;
    this.emit = options.log ?? ((line) => console.log(JSON.stringify(line)));
    this.changes = (options.watchChanges ?? true) ? new ChangeWatch(client, (msg, fields) => this.log("info", msg, fields)) : null;
  }

  private log(level: KeeperLogLine["level"], msg: string, fields: Record<string, unknown> = {}) {
    const plain = JSON.parse(
      JSON.stringify(fields, (_, v) => (typeof v === "bigint" ? v.toString() : v instanceof PublicKey ? v.toBase58() : v)),
    );
    this.emit({ ts: new Date().toISOString(), level, msg, ...plain });
  }

  /** Run until `stop()`: subscribe, scan now and every `intervalMs`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.log("info", "keeper started", {
      market: this.client.keys.market,
      keeper: this.client.payer.publicKey,
      intervalMs: this.intervalMs,
      subscribe: this.subscribe,
    });
    if (this.subscribe) {
      this.subscription = this.client.connection.onLogs(PROGRAM_ID, (logs: Logs) => this.wake(`logs ${logs.signature.slice(0, 12)}`), "confirmed");
    }
    this.timer = setInterval(() => this.wake("interval"), this.intervalMs);
    this.wake("start");
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const t of this.windowTimers.values()) clearTimeout(t);
    this.windowTimers.clear();
    if (this.subscription !== null) {
      await this.client.connection.removeOnLogsListener(this.subscription).catch(() => {});
      this.subscription = null;
    }
    await this.running;
    this.log("info", "keeper stopped", { ...this.stats, latenciesMs: undefined });
  }

  /** Queue one pass after the current one (at most one waiting). */
  private wake(reason: string) {
    if (this.stopped || this.wakeQueued) return;
    this.wakeQueued = true;
    this.running = this.running
      .then(async () => {
        this.wakeQueued = false;
        if (!this.stopped) await this.pass(reason);
      })
      // Never let one failure (even a throwing log sink) stall the chain of passes.
      .catch((err) => {
        this.wakeQueued = false;
        this.stats.errors++;
        console.error(`keeper: pass crashed: ${String(err)}`);
      });
  }

  /**
   * One pass: resolve every pending loss, then sweep dust, then log pending changes. Never throws: errors are logged and
   * counted, and the next pass tries again. A liquidation whose window is still open is waited
   * for with `waitForWindow` (the default for a pass of a keeper that is not running: `--once`),
   * otherwise deferred to a wake-up at the window's end.
   */
  async pass(reason = "once", waitForWindow = this.stopped): Promise<void> {
    this.stats.passes++;
    try {
      const pending = await this.client.pendingPositions();
      const now = Date.now();
      // Forget positions no longer pending (resolved by someone else): their latency is not ours.
      const pendingKeys = new Set(pending.map((p) => p.address.toBase58()));
      for (const key of [...this.firstSeen.keys()]) if (!pendingKeys.has(key)) this.firstSeen.delete(key);
      for (const p of pending) {
        const key = p.address.toBase58();
        if (!this.firstSeen.has(key)) this.firstSeen.set(key, now);
      }
      for (const p of pending) {
        const key = p.address.toBase58();
        try {
          const maxWaitSecs = waitForWindow ? undefined : 0;
          const resolve = () => this.withRetries(() => this.client.resolveShortfall(this.client.payer, p.address, { maxWaitSecs }));
          const result = await resolve().catch((err) => {
            // Someone resolved this position after we read it and it went bankrupt again, so our
            // instruction named its previous record: read it again and resolve the new loss now.
            if (programError(err)?.name !== "WrongShortfallRecord") throw err;
            this.stats.raced++;
            this.log("info", "raced: the position moved on; resolving its new loss", { reason, position: p.address });
            return resolve();
          });
          if (!result.resolved) {
            this.stats.alreadyResolved++;
            this.log("info", "already resolved", { reason, position: p.address, signature: result.signature });
          } else {
            const latencyMs = Date.now() - (this.firstSeen.get(key) ?? now);
            this.stats.resolved++;
            this.stats.latenciesMs.push(latencyMs);
            this.log("info", "resolved", {
              reason,
              position: p.address,
              owner: p.owner,
              record: result.record,
              seq: result.seq,
              ...result.split,
              latencyMs,
              signature: result.signature,
            });
          }
          this.firstSeen.delete(key);
          this.announced.delete(key);
        } catch (err) {
          if (await this.deferred(err, reason, p.address)) continue;
          this.stats.errors++;
          this.log("warn", "resolve failed; the next pass retries", { reason, position: p.address, error: failure(err) });
        }
      }
      if (this.sweepDust) await this.sweep(reason);
      if (this.remind) await this.remindPending();
      if (this.changes) await this.changes.check(reason);
    } catch (err) {
      this.stats.errors++;
      this.log("error", "pass failed; the next pass retries", { reason, error: failure(err) });
    }
  }

  /**
   * A resolution refused because the liquidation's window is still open (the SDK's
   * `LiquidationInProgressError`, or the program's `LiquidationInProgress` when the cluster's clock
   * lagged ours): not an error. Logs it once per window and sets a wake-up for the window's end.
   */
  private async deferred(err: unknown, reason: string, position: PublicKey): Promise<boolean> {
    const refused = programError(err)?.name === "LiquidationInProgress";
    if (!(err instanceof LiquidationInProgressError) && !refused) return false;
    const endsAt = err instanceof LiquidationInProgressError ? err.liquidation.endsAt : (await this.client.market()).liquidationEndsAt;
    const secondsLeft = err instanceof LiquidationInProgressError ? err.secondsLeft : 1;
    this.stats.deferred++;
    if (this.announced.get(position.toBase58()) !== endsAt) {
      this.announced.set(position.toBase58(), endsAt);
      this.log("info", "liquidation in progress: only the clearing authority may resolve it before its window ends; resolving then", {
        reason,
        position,
        liquidationEndsAt: endsAt,
        secondsLeft,
      });
    }
    if (!this.stopped && !this.windowTimers.has(endsAt)) {
      const timer = setTimeout(() => {
        this.windowTimers.delete(endsAt);
        this.wake("liquidation window ended");
      }, Math.max(secondsLeft, 0) * 1000 + 100);
      this.windowTimers.set(endsAt, timer);
    }
    return true;
  }

  /**
   * Run `send`, retrying an RPC that did not answer (connection refused or reset, HTTP 5xx). An
   * expired blockhash and a duplicate are already retried by the SDK's `send`.
   */
  private async withRetries<T>(send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (err) {
        if (err instanceof LiquidationInProgressError) throw err; // not the RPC: the window is open
        const text = failure(err);
        const transient = /fetch failed|ECONNREFUSED|ECONNRESET|socket hang up|\b50[0-4]\b/i.test(text);
        if (!transient || attempt >= MAX_ATTEMPTS) throw err;
        this.log("info", "the RPC did not answer; retrying", { attempt, error: text });
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  /** Log each wallet whose pending charges changed since the last reminder. */
  private async remindPending() {
    const [market, positions] = await Promise.all([this.client.market(), this.client.positions()]);
    for (const p of positions) {
      const atRiskProfit = p.realizedPnl > 0n ? p.realizedPnl : 0n;
      const clawback = pendingCharge(market.profitPool.index, atRiskProfit, p.clawbackSnapshot);
      const haircut = pendingCharge(market.principalPool.index, p.principal, p.haircutSnapshot);
      const key = p.address.toBase58();
      const charges = `${clawback}/${haircut}`;
      if (this.reminded.get(key) === charges) continue;
      this.reminded.set(key, charges);
      if (clawback === 0n && haircut === 0n) continue;
      this.stats.reminders++;
      this.log("info", "pending charge: the wallet must settle before it can withdraw", {
        owner: p.owner,
        position: p.address,
        pendingClawback: clawback,
        pendingHaircut: haircut,
      });
    }
  }

  private async sweep(reason: string) {
    const market = await this.client.market();
    if (market.dustPending === 0n || market.pendingShortfall > 0n) return;
    try {
      // The bare instruction: resolutions are the resolve loop's job (a loss that became pending
      // meanwhile makes this LossResolutionPending, and the next pass resolves it first).
      const signature = await this.withRetries(async () => this.client.send([await this.client.sweepDustIx()]));
      this.stats.swept++;
      this.log("info", "swept dust to the insurance fund", { reason, amount: market.dustPending, signature });
    } catch (err) {
      // Another keeper (or anyone) swept first, or a bankruptcy landed in between: not a
      // failure, the next pass looks again.
      const name = programError(err)?.name;
      if (name === "NothingToSweep" || name === "LossResolutionPending") return;
      this.stats.errors++;
      this.log("warn", "sweep failed; the next pass retries", { reason, error: failure(err) });
    }
  }
}
