/**
 * Amounts, checked before anything is built or sent. One place decides what an amount may be:
 *
 * - `parseAmount` reads one a person typed (the CLI's arguments): token units by default, with
 *   the mint's decimals (`100.5` at 6 decimals is 100,500,000 base units), or whole base units
 *   when asked (`baseUnits`). It refuses an empty value, a negative one, one that is not a
 *   number, one finer than the mint's decimals (or fractional in base units), and one beyond the
 *   argument's type, each with a message that names the argument.
 * - `checkedBn` is how the SDK's instruction builders encode their integer arguments: a value
 *   outside its type (a negative amount, a u64 above 2^64 - 1) is refused with an `AmountError`
 *   instead of being serialized (the coder would write a negative BN's magnitude).
 *
 * Both throw `AmountError`; no module of the SDK converts an amount another way.
 */
import { BN } from "@anchor-lang/core";

export type IntegerType = "u32" | "u64" | "u128" | "i64";

const BOUNDS: Record<IntegerType, { min: bigint; max: bigint }> = {
  u32: { min: 0n, max: 2n ** 32n - 1n },
  u64: { min: 0n, max: 2n ** 64n - 1n },
  u128: { min: 0n, max: 2n ** 128n - 1n },
  i64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
};

/** The largest u64, 18446744073709551615: the most any amount of the program may be. */
export const U64_MAX = BOUNDS.u64.max;

/** An amount refused before it was encoded; `argument` names it (e.g. `amount`, `lockedMargin`). */
export class AmountError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(`${argument}: ${message}`);
    this.name = "AmountError";
  }
}

/** `base` base units written in tokens: 100500000 at 6 decimals is "100.5". */
export function formatTokens(base: bigint, decimals: number): string {
  const sign = base < 0n ? "-" : "";
  const digits = (base < 0n ? -base : base).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${sign}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** Refuse `value` outside `type` (the message shows it as `shown`, as the caller wrote it). */
function checkRange(argument: string, value: bigint, type: IntegerType, shown: string, decimals?: number): bigint {
  const { min, max } = BOUNDS[type];
  if (value < min) throw new AmountError(argument, `${shown} is negative`);
  if (value > max) {
    const inTokens = decimals === undefined ? "" : ` (${formatTokens(max, decimals)} tokens at ${decimals} decimals)`;
    // A u64 is an amount (base units); the other types hold counts (shares, seconds, bps).
    const largest = type === "u64" ? `amount, ${max} base units` : `${type}, ${max}`;
    throw new AmountError(argument, `${shown} is more than the largest ${largest}${inTokens}`);
  }
  return value;
}

/**
 * The SDK's encoding of an integer argument (`BN`, as the IDL's coder takes it), refused with an
 * `AmountError` naming `argument` when it is not a whole number within `type`.
 */
export function checkedBn(argument: string, value: bigint | number, type: IntegerType = "u64"): BN {
  let exact: bigint;
  if (typeof value === "bigint") exact = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) exact = BigInt(value);
  else if (typeof value === "number" && Number.isInteger(value)) throw new AmountError(argument, `${value} is beyond a number's exact range; pass a bigint`);
  else if (typeof value === "number") throw new AmountError(argument, `${value} is not a whole number`);
  else throw new AmountError(argument, `${String(value)} is not a bigint`);
  return new BN(checkRange(argument, exact, type, exact.toString()).toString());
}

export interface ParseAmountOptions {
  /** What the value is called in messages (the CLI's argument or option, e.g. `amount`, `--max-draw`). */
  name: string;
  /** The mint's decimals: the value is in token units. Omitted: base units (whole numbers). */
  decimals?: number;
  /** The integer type the program holds it in (default u64). */
  type?: IntegerType;
  /** How to write a good value, appended to the messages of malformed ones. */
  hint?: string;
}

const TOKENS = /^(\d+)(?:\.(\d+))?$/;

/**
 * A typed amount in base units: token units when `decimals` is given (`0.000001` at 6 decimals
 * is 1; `1.0000001` is refused), else a whole number of base units. See the module docs.
 */
export function parseAmount(text: string, options: ParseAmountOptions): bigint {
  const { name, decimals, type = "u64" } = options;
  const hint = options.hint ? `; ${options.hint}` : "";
  const shown = JSON.stringify(text);
  const written = text.trim();
  if (written === "") throw new AmountError(name, `${shown} is empty${hint}`);
  if (/^-\s*\d/.test(written)) throw new AmountError(name, `${shown} is negative${hint}`);
  const match = TOKENS.exec(written);
  if (!match) throw new AmountError(name, `${shown} is not a number${hint}`);
  // Zeros after the last significant digit do not make an amount finer.
  const [, whole, fraction = ""] = match;
  const significant = fraction.replace(/0+$/, "");
  if (decimals === undefined) {
    if (significant) throw new AmountError(name, `${shown} is not a whole number${hint}`);
    return checkRange(name, BigInt(whole), type, shown);
  }
  if (significant.length > decimals) {
    const smallest = decimals === 0 ? "1" : `0.${"0".repeat(decimals - 1)}1`;
    throw new AmountError(name, `${shown} is finer than the mint's ${decimals} decimals (its smallest unit is ${smallest})`);
  }
  const base = BigInt(whole) * 10n ** BigInt(decimals) + BigInt(significant.padEnd(decimals, "0") || "0");
  return checkRange(name, base, type, shown, decimals);
}
