/** A market's parameters, as `initialize_market` takes them and a params change sets them. */

export interface MarketParams {
  profitMaturitySecs: number;
  maxDrawPerEvent: bigint;
  drawWindowCap: bigint;
  drawWindowSecs: number;
  unstakeDelaySecs: number;
  /** How long an unlocked unstake request may be used before it lapses (1 day ..= 30 days). */
  unstakeWindowSecs: number;
  /** How long a bankrupt position's liquidation books fills into one loss event (1 s ..= 1 hour). */
  liquidationWindowSecs: number;
  /** Bound on one liquidation's shortfall, in basis points of the collateral behind it (1 ..= 1,000,000). */
  maxShortfallBps: number;
  /**
   * How long a proposed change waits, in open time, before it may apply (2 ..= 365 days, and at
   * least 2 days more than the unstake delay and the longest profit maturity: `minimumNotice`).
   */
  noticeSecs: number;
}
