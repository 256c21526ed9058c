/**
 * Errors: the program's named errors come from the IDL's error list, Anchor's own from its
 * tables, and those of the programs it calls (SPL Token, Token-2022, System) from theirs
 * (token-errors.ts), so every error a user can meet has a name.
 */
import { LangErrorCode, LangErrorMessage } from "@anchor-lang/core";
import { IDL } from "./program";
import { numberConstant } from "./constants";
import { CALLED_PROGRAMS } from "./token-errors";

export interface NamedError {
  code: number;
  name: string;
  msg: string;
  /** The program that raised it, when it is not the loss-mutualization program (e.g. "SPL Token"). */
  program?: string;
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

/**
 * The error of a program it called (SPL Token, Token-2022, System) that failed the transaction,
 * if one did: the innermost failing program logs its failure first.
 */
function calledProgramError(text: string): NamedError | undefined {
  const failed = /Program (\w+) failed: custom program error: 0x([0-9a-f]+)/i.exec(text);
  const called = failed && CALLED_PROGRAMS.get(failed[1]);
  if (!failed || !called) return undefined;
  const code = parseInt(failed[2], 16);
  const [name, msg] = called.errors[code] ?? [`Custom(${code})`, "program error"];
  return { code, name, msg, program: called.program };
}

/** The named error in a failed transaction, if any: `{ code, name, msg }` (and `program` when another program's). */
export function programError(err: unknown): NamedError | undefined {
  const text = [String((err as { message?: string })?.message ?? err), ...(((err as { logs?: string[] })?.logs) ?? [])].join("\n");
  const called = calledProgramError(text);
  if (called) return called;
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

/** Hints for errors of the programs it calls, by program and name. */
const CALLED_HINTS: Record<string, string> = {
  "SPL Token InsufficientFunds": "the token account holds less than this amount",
  "Token-2022 InsufficientFunds": "the token account holds less than this amount",
  "SPL Token AccountFrozen": "the mint's freeze authority froze this token account",
  "Token-2022 AccountFrozen": "the mint's freeze authority froze this token account",
  "System ResultWithNegativeLamports": "the paying wallet has too little SOL",
};

/** A one-line description of a failed transaction, with the named error (and a hint). */
export function describeError(err: unknown): string {
  const named = programError(err);
  if (named?.program) {
    const hint = CALLED_HINTS[`${named.program} ${named.name}`];
    return `${named.name} (${named.program} error ${named.code}): ${named.msg}${hint ? ` (${hint})` : ""}`;
  }
  if (named) return `${named.name} (${named.code}): ${named.msg}${HINTS[named.name] ? ` (${HINTS[named.name]})` : ""}`;
  // A failure the RPC words itself (a preflight's "Transaction simulation failed: …") says more than the wrapper's first line.
  const rpc = (err as { transactionMessage?: string })?.transactionMessage;
  return rpc ?? String((err as { message?: string })?.message ?? err).split("\n")[0];
}

