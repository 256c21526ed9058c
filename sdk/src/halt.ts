/**
 * A clock of halted time, ported from programs/loss_mutualization/src/math/halt.rs (`HaltClock`):
 * how many seconds something was halted in total up to a moment. The market keeps two: unstaking
 * halted (Unstake paused, or a loss pending), which moves unstake requests' unlock and window, and
 * exits halted (an exit paused, `EXIT_PAUSES`, or a loss pending), outside which a proposed
 * change's notice runs. Times are unix seconds.
 */

/** Seconds of completed halts, and when the current one began (0: not halted). */
export interface HaltClock {
  haltedSecs: number;
  haltedSince: number;
}

/** All halted seconds up to `now` (`HaltClock::total`). */
export function haltedTotal(clock: HaltClock, now: number): number {
  const ongoing = clock.haltedSince > 0 ? Math.max(now - clock.haltedSince, 0) : 0;
  return clock.haltedSecs + ongoing;
}

/** Seconds between `since` and `now` that were not halted, given the total at `since` (`HaltClock::open_secs`). */
export function openSecsSince(clock: HaltClock, since: number, haltedAtSince: number, now: number): number {
  const elapsed = Math.max(now - since, 0);
  const halted = Math.max(haltedTotal(clock, now) - haltedAtSince, 0);
  return Math.max(elapsed - halted, 0);
}
