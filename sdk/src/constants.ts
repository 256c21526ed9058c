/**
 * The program's constants as its IDL exports them (`#[constant]` in programs/loss_mutualization:
 * PDA seeds in state/mod.rs, pause bits in state/pause.rs, precision and bounds in
 * math/constants.rs). The SDK reads them here instead of copying them, so a change in the
 * program reaches clients through the IDL (whose freshness the test command checks).
 */
import idlJson from "./idl/loss_mutualization.json";

/** A constant as the IDL lists it. */
export interface IdlConstant {
  name: string;
  type: string;
  value: string;
}

const constants: IdlConstant[] = (idlJson as { constants?: IdlConstant[] }).constants ?? [];

/** The IDL's value text of constant `name`; throws if the IDL lacks it. */
export function idlConstant(name: string): IdlConstant {
  const found = constants.find((c) => c.name === name);
  if (!found) throw new Error(`the IDL exports no constant ${name}: rebuild it (cargo run -p lm-idl)`);
  return found;
}

/** A `bytes` constant (a PDA seed); the IDL writes it as `[109, 97, ...]`. */
export function bytesConstant(name: string): Buffer {
  const c = idlConstant(name);
  if (c.type !== "bytes") throw new Error(`constant ${name} is ${c.type}, not bytes`);
  return Buffer.from(JSON.parse(c.value) as number[]);
}

/** An integer constant of any width, exactly. */
export function bigintConstant(name: string): bigint {
  return BigInt(idlConstant(name).value);
}

/** An integer constant that fits a JavaScript number (pause bits, small bounds). */
export function numberConstant(name: string): number {
  const value = bigintConstant(name);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new Error(`constant ${name} does not fit a number`);
  }
  return Number(value);
}
