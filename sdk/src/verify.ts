/**
 * Verify before trusting: every program account the SDK decodes (and so the CLI, the keeper and
 * the dashboard, which read through it) is checked for its owner (this program), its
 * discriminator, the market it belongs to and, since every one of them lives at an address
 * derived from its own content, that it is at that address. An RPC, or a proxy in front of it,
 * that answers with another account's data is refused with an `UntrustedAccountError` naming the
 * address and the rule it broke, before anything is built from it.
 */
import type { IdlAccounts } from "@anchor-lang/core";
import { AccountInfo, PublicKey } from "@solana/web3.js";
import type { LossMutualization } from "./idl/loss_mutualization";
import { ACCOUNTS_CODER } from "./layout";
import { pdas } from "./pda";
import { PROGRAM_ID } from "./program";

/** Every program account, decoded, by name (from the IDL). */
export type Accounts = IdlAccounts<LossMutualization>;
export type ProgramAccountName = "market" | "insuranceFund" | "userPosition" | "insuranceStake" | "shortfallRecord" | "pendingChange";

/** An account an RPC returned that is not what it claims to be. */
export class UntrustedAccountError extends Error {
  constructor(
    readonly address: PublicKey,
    reason: string,
  ) {
    super(`refusing the account at ${address.toBase58()}: ${reason} (a wrong or lying RPC?)`);
    this.name = "UntrustedAccountError";
  }
}

/** The address an account's own content puts it at (its PDA seeds are fields of it). */
function derivedAddress<K extends ProgramAccountName>(kind: K, a: Accounts[K]): PublicKey {
  const any = a as Record<string, unknown> & Accounts[ProgramAccountName];
  switch (kind) {
    case "market": {
      const m = any as Accounts["market"];
      return pdas.market(m.collateralMint, m.creator, BigInt(m.marketId.toString()));
    }
    case "insuranceFund":
      return pdas.insuranceFund((any as Accounts["insuranceFund"]).market);
    case "userPosition": {
      const p = any as Accounts["userPosition"];
      return pdas.position(p.market, p.owner);
    }
    case "insuranceStake": {
      const s = any as Accounts["insuranceStake"];
      return pdas.stake(s.fund, s.staker);
    }
    case "shortfallRecord": {
      // The program accepts any valid bump a resolver gives, and keeps it in the record.
      const r = any as Accounts["shortfallRecord"];
      return pdas.shortfallRecordAt(r.position, BigInt(r.positionSeq.toString()), r.bump) ?? PublicKey.default;
    }
    case "pendingChange": {
      const c = any as Accounts["pendingChange"];
      return pdas.pendingChange(c.market, BigInt(c.seq.toString()));
    }
  }
  throw new Error(`unknown account kind ${kind}`);
}

/** The market an account belongs to (for a stake: its fund). */
function parentOf(kind: ProgramAccountName, a: Record<string, unknown>): PublicKey | null {
  if (kind === "market") return null;
  return (kind === "insuranceStake" ? a.fund : a.market) as PublicKey;
}

/**
 * Decode `info` (fetched at `address`) as a `kind` account after checking it: owned by this
 * program, the right discriminator, at the address its content derives, and (when `parent` is
 * given) belonging to that market (for a stake: that insurance fund). Throws
 * `UntrustedAccountError` otherwise, and when the account does not exist.
 */
export function decodeVerified<K extends ProgramAccountName>(
  kind: K,
  address: PublicKey,
  info: AccountInfo<Buffer> | null,
  parent?: PublicKey,
): Accounts[K] {
  if (!info) throw new UntrustedAccountError(address, `no ${kind} account there`);
  if (!info.owner.equals(PROGRAM_ID)) {
    throw new UntrustedAccountError(address, `it is owned by ${info.owner.toBase58()}, not the loss-mutualization program`);
  }
  if (!info.data.subarray(0, 8).equals(ACCOUNTS_CODER.accountDiscriminator(kind))) {
    throw new UntrustedAccountError(address, `it is not a ${kind} account`);
  }
  let decoded: Accounts[K];
  try {
    decoded = ACCOUNTS_CODER.decode(kind, info.data) as Accounts[K];
  } catch (e) {
    throw new UntrustedAccountError(address, `its ${kind} data does not decode (${(e as Error).message})`);
  }
  if (!derivedAddress(kind, decoded).equals(address)) {
    throw new UntrustedAccountError(address, `its content derives another address: it is not this ${kind}`);
  }
  const owner = parentOf(kind, decoded as Record<string, unknown>);
  if (parent && owner && !owner.equals(parent)) {
    throw new UntrustedAccountError(address, `it belongs to ${owner.toBase58()}, not ${parent.toBase58()}`);
  }
  return decoded;
}

/** `decodeVerified`, or null when no account exists at `address` (an existing wrong one still throws). */
export function decodeVerifiedOrNull<K extends ProgramAccountName>(
  kind: K,
  address: PublicKey,
  info: AccountInfo<Buffer> | null,
  parent?: PublicKey,
): Accounts[K] | null {
  return info ? decodeVerified(kind, address, info, parent) : null;
}
