/** The pause bits of a market and their names (from the IDL's constants). */
import { numberConstant } from "./constants";

/** The pause bits of `Market.paused` (state/pause.rs `PauseOp`, from the IDL's constants). */
export const PAUSE = {
  openPosition: numberConstant("PAUSE_OPEN_POSITION"),
  deposit: numberConstant("PAUSE_DEPOSIT"),
  withdraw: numberConstant("PAUSE_WITHDRAW"),
  /** apply_pnl and set_margin. */
  applyPnl: numberConstant("PAUSE_APPLY_PNL"),
  /** resolve_shortfall; pausing it also holds every operation that waits for pending losses. */
  resolve: numberConstant("PAUSE_RESOLVE"),
  settle: numberConstant("PAUSE_SETTLE"),
  releaseProfit: numberConstant("PAUSE_RELEASE_PROFIT"),
  fundInsurance: numberConstant("PAUSE_FUND_INSURANCE"),
  stake: numberConstant("PAUSE_STAKE"),
  /** request_unstake, cancel_unstake and unstake. */
  unstake: numberConstant("PAUSE_UNSTAKE"),
  sweepDust: numberConstant("PAUSE_SWEEP_DUST"),
} as const;
/** Every pause bit. */
export const PAUSE_ALL = numberConstant("PAUSE_ALL");

/** The names of the operations a pause mask holds. */
export function pausedOperations(mask: number): string[] {
  return Object.entries(PAUSE)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([name]) => name);
}
