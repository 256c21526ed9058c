/**
 * Sending: every transaction of the SDK is a versioned (v0) transaction, paid by the client's
 * payer, with a compute-unit limit and, when the client sets one, a priority fee.
 *
 * The limit comes from a simulation of the very instructions (with the limit at its maximum):
 * the units it consumed, plus 10 % and 10,000 (the state may move between the simulation and the
 * slot that lands it: another fill, a settlement), rounded up to a thousand (so that the same
 * request twice is the same transaction, which the cluster treats as a duplicate; see below),
 * at most 1,400,000. `computeUnitLimit` on the client fixes it instead (no simulation). A program
 * error found by the simulation is thrown at once, with its logs, and nothing is sent. A caller's
 * own ComputeBudget instructions are left as they are and none is added.
 *
 * Failures sent again (at most 3 attempts): an expired blockhash, once the cluster says the
 * transaction did not land (a lost confirmation of one that did returns its signature, or its
 * error: a request never executes twice), and a duplicate (an identical transaction under the same blockhash already landed; the caller
 * asked again, so it goes again under a new blockhash). Program errors never are.
 */
import {
  ComputeBudgetProgram,
  Connection,
  PACKET_DATA_SIZE,
  PublicKey,
  SendTransactionError,
  TransactionError,
  TransactionInstruction,
  TransactionMessage,
  TransactionSignature,
  VersionedTransaction,
} from "@solana/web3.js";
import { distinctSigners, Signer, signWith } from "./signers";
import { bs58 } from "./layout";

/** The most compute units one transaction may use. */
export const MAX_COMPUTE_UNITS = 1_400_000;
const MAX_SEND_ATTEMPTS = 3;

/** What a send needs of the client (`LossMutualizationClient` has it). */
export interface SendContext {
  connection: Connection;
  payer: Signer;
  /** A fixed compute-unit limit for every transaction (default: from simulation). */
  computeUnitLimit?: number;
  /** Priority fee, in micro-lamports per compute unit (none when absent or 0). */
  computeUnitPriceMicroLamports?: number | bigint;
  /** Called before a send is retried after a transient failure. */
  onRetry?: (message: string) => void;
}

/** The limit for a transaction whose simulation consumed `units` (see the module docs). */
export function computeUnitLimitFor(units: number): number {
  // An RPC that reports no units, or nonsense, gets the most: a transaction that runs out of
  // compute still pays its fee, one with room to spare costs only its priority fee's share.
  if (!Number.isSafeInteger(units) || units <= 0) return MAX_COMPUTE_UNITS;
  const withMargin = units + Math.ceil(units / 10) + 10_000;
  return Math.min(MAX_COMPUTE_UNITS, Math.ceil(withMargin / 1_000) * 1_000);
}

const hasBudget = (ixs: TransactionInstruction[]) => ixs.some((ix) => ix.programId.equals(ComputeBudgetProgram.programId));

/** `ixs` behind the ComputeBudget instructions of `limit` and the context's price. */
function budgeted(ctx: SendContext, ixs: TransactionInstruction[], limit: number): TransactionInstruction[] {
  if (hasBudget(ixs)) return ixs;
  const price = BigInt(ctx.computeUnitPriceMicroLamports ?? 0);
  return [
    ComputeBudgetProgram.setComputeUnitLimit({ units: limit }),
    ...(price > 0n ? [ComputeBudgetProgram.setComputeUnitPrice({ microLamports: price })] : []),
    ...ixs,
  ];
}

function v0(payer: PublicKey, ixs: TransactionInstruction[], blockhash: string): VersionedTransaction {
  return new VersionedTransaction(new TransactionMessage({ payerKey: payer, recentBlockhash: blockhash, instructions: ixs }).compileToV0Message());
}

/** Whether `ixs` fit in one transaction paid by `payer`, with the ComputeBudget instructions a send adds. */
export function fitsOneTransaction(ctx: SendContext, ixs: TransactionInstruction[]): boolean {
  try {
    return v0(ctx.payer.publicKey, budgeted(ctx, ixs, MAX_COMPUTE_UNITS), PublicKey.default.toBase58()).serialize().length <= PACKET_DATA_SIZE;
  } catch {
    return false; // too many keys or bytes to encode at all
  }
}

/** A transaction error as the RPC words it in a preflight failure (`custom program error: 0x1`). */
function errorText(err: TransactionError): string {
  const ix = (err as { InstructionError?: [number, unknown] }).InstructionError;
  if (!ix) return typeof err === "string" ? err : JSON.stringify(err);
  const [index, inner] = ix;
  const custom = (inner as { Custom?: number })?.Custom;
  return `Error processing Instruction ${index}: ${custom !== undefined ? `custom program error: 0x${custom.toString(16)}` : typeof inner === "string" ? inner : JSON.stringify(inner)}`;
}

/** The limit to ask for: the context's, or from a simulation (which throws a failure, with its logs). */
async function limitFor(ctx: SendContext, ixs: TransactionInstruction[]): Promise<number> {
  if (ctx.computeUnitLimit !== undefined || hasBudget(ixs)) return ctx.computeUnitLimit ?? MAX_COMPUTE_UNITS;
  const probe = v0(ctx.payer.publicKey, budgeted(ctx, ixs, MAX_COMPUTE_UNITS), PublicKey.default.toBase58());
  const { value } = await ctx.connection.simulateTransaction(probe, { sigVerify: false, replaceRecentBlockhash: true, commitment: "confirmed" });
  if (value.err) {
    throw new SendTransactionError({ action: "simulate", signature: "", transactionMessage: `Transaction simulation failed: ${errorText(value.err)}`, logs: value.logs ?? [] });
  }
  return computeUnitLimitFor(value.unitsConsumed ?? Number.NaN);
}

/** Failures worth sending again (see the module docs), else null. */
function transientFailure(err: unknown): "expired" | "duplicate" | null {
  const text = [String((err as { message?: string })?.message ?? err), String((err as { transactionMessage?: string })?.transactionMessage ?? "")].join(" ");
  if (/already been processed/i.test(text)) return "duplicate";
  if (/blockhash not found|block height exceeded/i.test(text)) return "expired";
  return null;
}

/** Wait until the cluster hands out a blockhash other than `used` (at most ~5 s). */
async function nextBlockhash(connection: Connection, used: string) {
  for (let i = 0; i < 100; i++) {
    if ((await connection.getLatestBlockhash("confirmed")).blockhash !== used) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Send `ixs` in one v0 transaction signed by the payer and `signers`; the signature once confirmed. */
export async function sendTransaction(ctx: SendContext, ixs: TransactionInstruction[], signers: Signer[] = []): Promise<TransactionSignature> {
  const { connection } = ctx;
  const all = distinctSigners([ctx.payer, ...signers]);
  for (let attempt = 1; ; attempt++) {
    const latest = await connection.getLatestBlockhash("confirmed");
    const limit = await limitFor(ctx, ixs);
    const tx = await signWith(v0(ctx.payer.publicKey, budgeted(ctx, ixs, limit), latest.blockhash), all);
    try {
      const signature = await connection.sendRawTransaction(tx.serialize(), { preflightCommitment: "confirmed" });
      const { value } = await connection.confirmTransaction({ signature, ...latest }, "confirmed");
      if (value.err) {
        const landed = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
        throw new SendTransactionError({ action: "send", signature, transactionMessage: `Transaction failed: ${errorText(value.err)}`, logs: landed?.meta?.logMessages ?? [] });
      }
      return signature;
    } catch (err) {
      const retry = transientFailure(err);
      if (!retry) throw err;
      if (retry === "expired") {
        // A confirmation that timed out (a lost PubSub connection, an RPC without one) is no
        // proof that the transaction did not land: ask before sending it again, so that a request
        // never executes twice.
        const signature = bs58.encode(tx.signatures[0]);
        const status = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value[0];
        if (status) {
          if (!status.err) return signature;
          const landed = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
          throw new SendTransactionError({ action: "send", signature, transactionMessage: `Transaction failed: ${errorText(status.err)}`, logs: landed?.meta?.logMessages ?? [] });
        }
      }
      if (attempt >= MAX_SEND_ATTEMPTS) throw err;
      // An identical transaction under the same blockhash is a duplicate the cluster drops:
      // wait for a new blockhash so that this one (the caller asked again) lands too.
      if (retry === "duplicate") await nextBlockhash(connection, latest.blockhash);
      ctx.onRetry?.(`${retry === "duplicate" ? "duplicate of a transaction already processed under the same blockhash" : "blockhash expired"}; sent again with a new blockhash (attempt ${attempt + 1})`);
    }
  }
}
