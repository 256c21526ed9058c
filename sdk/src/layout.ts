/**
 * Account layouts computed from the IDL (byte offsets for getProgramAccounts filters) and the
 * accounts coder. Every account is in the IDL, `ShortfallRecord` included (tools/idl adds the
 * accounts the program creates by hand).
 */
import { BorshAccountsCoder, convertIdlToCamelCase, Idl, utils } from "@anchor-lang/core";
import idlJson from "./idl/loss_mutualization.json";

type RawIdlType = { name: string; type: { kind: string; fields?: { name: string; type: unknown }[]; variants?: { name: string; fields?: unknown[] }[] } };

const RAW_IDL = idlJson as unknown as { types: RawIdlType[] };
const TYPES = new Map(RAW_IDL.types.map((t) => [t.name, t] as const));
const PRIMITIVE_SIZES: Record<string, number> = {
  bool: 1, u8: 1, i8: 1, u16: 2, i16: 2, u32: 4, i32: 4, f32: 4, u64: 8, i64: 8, f64: 8, u128: 16, i128: 16, pubkey: 32,
};

/** Borsh size of a fixed-size IDL type (throws on options, vectors and strings). */
function sizeOf(ty: unknown): number {
  if (typeof ty === "string") {
    const size = PRIMITIVE_SIZES[ty];
    if (size === undefined) throw new Error(`variable-size IDL type ${ty}`);
    return size;
  }
  const t = ty as { defined?: { name: string }; array?: [unknown, number] };
  if (t.array) return sizeOf(t.array[0]) * t.array[1];
  if (t.defined) {
    const def = TYPES.get(t.defined.name);
    if (!def) throw new Error(`IDL type ${t.defined.name} not found`);
    if (def.type.kind === "struct") return (def.type.fields ?? []).reduce((n, f) => n + sizeOf(f.type), 0);
    if (def.type.kind === "enum" && (def.type.variants ?? []).every((v) => !v.fields?.length)) return 1;
  }
  throw new Error(`variable-size IDL type ${JSON.stringify(ty)}`);
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Byte offset of an account's field (camelCase or snake_case name), counting the 8-byte discriminator. */
export function accountFieldOffset(account: string, field: string): number {
  const def = TYPES.get(account);
  if (!def?.type.fields) throw new Error(`account ${account} not in the IDL`);
  let offset = 8;
  for (const f of def.type.fields) {
    if (f.name === field || f.name === snake(field)) return offset;
    offset += sizeOf(f.type);
  }
  throw new Error(`${account} has no field ${field}`);
}

/** Size of a fixed-size account, with its discriminator. */
export function accountSize(account: string): number {
  return sizeOf({ defined: { name: account } }) + 8;
}

/** Offsets used by getProgramAccounts filters. */
export const LAYOUT = {
  userPosition: {
    size: accountSize("UserPosition"),
    market: accountFieldOffset("UserPosition", "market"),
    owner: accountFieldOffset("UserPosition", "owner"),
    /** `PositionStatus` as one byte: 0 Active, 1 Bankrupt. */
    status: accountFieldOffset("UserPosition", "status"),
  },
  shortfallRecord: {
    size: accountSize("ShortfallRecord"),
    market: accountFieldOffset("ShortfallRecord", "market"),
    position: accountFieldOffset("ShortfallRecord", "position"),
  },
  /** Variable-size fields (its change): found by discriminator and market only. */
  pendingChange: {
    market: accountFieldOffset("PendingChange", "market"),
  },
} as const;

export const ACCOUNTS_CODER = new BorshAccountsCoder(convertIdlToCamelCase(idlJson as unknown as Idl));
export const bs58 = utils.bytes.bs58;
export const discriminatorFilter = (account: string) => ({
  memcmp: { offset: 0, bytes: bs58.encode(ACCOUNTS_CODER.accountDiscriminator(account)) },
});

