/**
 * Account layouts computed from the IDL (byte offsets for getProgramAccounts filters), the
 * accounts coder, and the `ShortfallRecord` type the generated IDL lacks.
 */
import { BorshAccountsCoder, convertIdlToCamelCase, Idl, utils } from "@anchor-lang/core";
import idlJson from "../../idl/loss_mutualization.json";

type RawIdlType = { name: string; type: { kind: string; fields?: { name: string; type: unknown }[]; variants?: { name: string; fields?: unknown[] }[] } };

/**
 * `ShortfallRecord` (programs/loss_mutualization/src/state/shortfall_record.rs). The program
 * writes it through an `UncheckedAccount` (it creates the record only when the position is
 * bankrupt), so Anchor leaves it out of the generated IDL; this mirrors the Rust struct, field
 * for field. An IDL that lists the account wins over this copy.
 */
const SHORTFALL_RECORD_TYPE: RawIdlType = {
  name: "ShortfallRecord",
  type: {
    kind: "struct",
    fields: [
      { name: "market", type: "pubkey" },
      { name: "seq", type: "u64" },
      { name: "position", type: "pubkey" },
      { name: "owner", type: "pubkey" },
      { name: "position_seq", type: "u64" },
      { name: "shortfall", type: "u64" },
      { name: "insurance_paid", type: "u64" },
      { name: "socialized", type: "u64" },
      { name: "haircut", type: "u64" },
      { name: "at_risk_profit_before", type: "u64" },
      { name: "principal_before", type: "u64" },
      { name: "clawback_index_before", type: { defined: { name: "LossIndex" } } },
      { name: "clawback_index_after", type: { defined: { name: "LossIndex" } } },
      { name: "haircut_index_before", type: { defined: { name: "LossIndex" } } },
      { name: "haircut_index_after", type: { defined: { name: "LossIndex" } } },
      { name: "resolver", type: "pubkey" },
      { name: "resolved_at", type: "i64" },
      { name: "record_rent_from_reserve", type: "u64" },
      { name: "record_rent_from_resolver", type: "u64" },
      { name: "bump", type: "u8" },
    ],
  },
};

const RAW_IDL = idlJson as unknown as { accounts: { name: string; discriminator: number[] }[]; types: RawIdlType[] };
const RECORD_IN_IDL = RAW_IDL.types.some((t) => t.name === "ShortfallRecord") && RAW_IDL.accounts.some((a) => a.name === "ShortfallRecord");
/** The program's IDL plus `ShortfallRecord` where the IDL does not have it. */
const FULL_RAW_IDL = RECORD_IN_IDL
  ? RAW_IDL
  : {
      ...RAW_IDL,
      accounts: [
        ...RAW_IDL.accounts,
        { name: "ShortfallRecord", discriminator: [...Buffer.from(utils.sha256.hash("account:ShortfallRecord"), "hex").subarray(0, 8)] },
      ],
      types: [...RAW_IDL.types, SHORTFALL_RECORD_TYPE],
    };
const TYPES = new Map(FULL_RAW_IDL.types.map((t) => [t.name, t] as const));
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

const FULL_IDL = convertIdlToCamelCase(FULL_RAW_IDL as unknown as Idl);
export const ACCOUNTS_CODER = new BorshAccountsCoder(FULL_IDL);
export const bs58 = utils.bytes.bs58;
export const discriminatorFilter = (account: string) => ({
  memcmp: { offset: 0, bytes: bs58.encode(ACCOUNTS_CODER.accountDiscriminator(account)) },
});

