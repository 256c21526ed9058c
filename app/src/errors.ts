/**
 * Errors: the program's named errors come from the IDL's error list, Anchor's own from its
 * tables, so every error a user can meet has a name.
 */
import { LangErrorCode, LangErrorMessage } from "@anchor-lang/core";
import { IDL } from "./pda";
import { numberConstant } from "./constants";

export interface NamedError {
  code: number;
  name: string;
  msg: string;
}

const PROGRAM_ERRORS = new Map<number, NamedError>(IDL.errors.map((e) => [e.code as number, { code: e.code, name: e.name, msg: e.msg as string }]));
const ANCHOR_ERRORS = new Map<number, NamedError>(
  Object.entries(LangErrorCode).map(([name, code]) => [code, { code, name, msg: LangErrorMessage.get(code) ?? name }]),
);

/** The program's error of this name (from the IDL), e.g. `errorCode("LossResolutionPending").code`. */
export function errorCode(name: string): NamedError {
  for (const e of PROGRAM_ERRORS.values()) if (e.name === name) return e;
  throw new Error(`no error named ${name} in the IDL`);
}

/** The program's named error in a failed transaction, if any: `{ code, name, msg }`. */
export function programError(err: unknown): NamedError | undefined {
  const text = [String((err as { message?: string })?.message ?? err), ...(((err as { logs?: string[] })?.logs) ?? [])].join("\n");
  const hex = /custom program error: 0x([0-9a-f]+)/i.exec(text);
  const json = /"Custom":\s*(\d+)/.exec(text);
  const anchor = /Error Number: (\d+)\./.exec(text);
  const code = hex ? parseInt(hex[1], 16) : json ? Number(json[1]) : anchor ? Number(anchor[1]) : undefined;
  if (code === undefined) return undefined;
  return PROGRAM_ERRORS.get(code) ?? ANCHOR_ERRORS.get(code) ?? { code, name: `Custom(${code})`, msg: "program error" };
}

/** What a user can do about an error, where its message alone does not say (the CLI prints it). */
const HINTS: Record<string, string> = {
  LossResolutionPending: "a liquidation's loss is pending; the SDK's send paths (and `lm`) resolve it first, once its window ends",
  LiquidationInProgress: "before the liquidation's window ends only the clearing authority may resolve it; anyone may afterwards (`lm pending` shows when)",
  ShortfallAboveBound: "the liquidation's shortfall may not exceed max_shortfall_bps of the collateral the position held when it went bankrupt (`lm pending` shows the bound)",
  UnstakeRequestLapsed: "request again with `lm unstake --request`: the new request waits the whole delay",
  UnstakeLocked: "the request unlocks later (`lm status` shows its window)",
  SettlementPaused: "a clawback or haircut is due on this position and the admin paused settling; retry once the Settle pause is lifted",
  ProfitNotMature: "no gain has matured yet (`lm status` shows the next maturity)",
  InvalidRecordBump: "pass the canonical bump (the SDK's pdas.shortfallRecordWithBump)",
  UnstakeWindowOutOfRange: `--unstake-window takes ${numberConstant("MIN_UNSTAKE_WINDOW_SECS")}..${numberConstant("MAX_UNSTAKE_WINDOW_SECS")} seconds`,
  LiquidationWindowOutOfRange: `--liquidation-window takes 1..${numberConstant("MAX_LIQUIDATION_WINDOW_SECS")} seconds`,
  ShortfallBoundOutOfRange: `--max-shortfall-bps takes 1..${numberConstant("MAX_SHORTFALL_BPS")}`,
  NoticeOutOfRange: `--notice-secs takes ${numberConstant("MIN_NOTICE_SECS")}..${numberConstant("MAX_NOTICE_SECS")} seconds`,
  NoticeShorterThanExit: "--notice-secs must be at least 2 days more than the unstake delay and the longest maturity (maturity + maturity/8, rounded up)",
  NoticeNotRaised: "a shorter notice is a proposed change (`lm propose-params --notice-secs`)",
  NoticeNotServed: "`lm changes` shows when it is due",
  ExitsNotOpenLongEnough: "`lm changes` shows when it is due",
  ChangeLapsed: "cancel it (`lm cancel-change <seq>`) and propose it again",
  NotPendingAdmin: "the new admin the change names signs `lm apply-change`",
};

/** A one-line description of a failed transaction, with the program's named error (and a hint). */
export function describeError(err: unknown): string {
  const named = programError(err);
  if (named) return `${named.name} (${named.code}): ${named.msg}${HINTS[named.name] ? ` (${HINTS[named.name]})` : ""}`;
  return String((err as { message?: string })?.message ?? err).split("\n")[0];
}

