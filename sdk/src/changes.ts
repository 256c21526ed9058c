/**
 * Governance with notice, the client side: the instructions that propose, apply and cancel a
 * change and raise the notice, their send paths, and every pending change of a market read from
 * the chain with where it stands (governance.ts computes it exactly as the program does).
 * `LossMutualizationClient`'s `proposeChange`, `applyChange`, `cancelChange`, `raiseNotice`,
 * `pendingChanges` and `pendingChange` call these.
 *
 * Nothing changes when a change is proposed: it is a public account (`PendingChange`) from then
 * on, and anyone may apply it once its notice is served (an admin change: the new admin, who
 * signs); the admin may cancel it at any time before. Either returns its rent to the proposer.
 */
import { PublicKey, SystemProgram, TransactionSignature } from "@solana/web3.js";
import type { LossMutualizationClient, SentWithResolutions } from "./client";
import { checkedBn } from "./amount";
import type { Signer } from "./signers";
import { Change, changeArg, PendingChangeView, pendingChangeAccount, pendingChangeView } from "./governance";
import { discriminatorFilter, LAYOUT } from "./layout";
import { pdas } from "./pda";
import { PROGRAM_ID } from "./program";
import { decodeVerified, decodeVerifiedOrNull } from "./verify";

/** What `apply_change` and `cancel_change` need of a pending change (a `PendingChangeView` has it). */
export interface ChangeRef {
  seq: bigint;
  /** Receives the change's rent back (the program checks it is the proposer). */
  proposer: PublicKey;
}

/**
 * `propose_change`: the admin proposes `change` at sequence `seq` (default: the market's
 * `changeCount` now, read from the chain); the admin pays the change account's rent.
 */
export async function proposeChangeIx(client: LossMutualizationClient, admin: PublicKey, change: Change, seq?: bigint) {
  const at = seq ?? (await client.market()).changeCount;
  return await client.methods
    .proposeChange({ change: changeArg(change) })
    .accountsPartial({
      admin,
      market: client.keys.market,
      insuranceFund: client.keys.insuranceFund,
      pendingChange: pdas.pendingChange(client.keys.market, at),
      systemProgram: SystemProgram.programId,
    })
    .instruction();
}

function decideChange(client: LossMutualizationClient, authority: PublicKey, change: ChangeRef) {
  return {
    authority,
    market: client.keys.market,
    insuranceFund: client.keys.insuranceFund,
    pendingChange: pdas.pendingChange(client.keys.market, change.seq),
    proposer: change.proposer,
  };
}

/** `apply_change`: any signer once the change is due; for an admin change, the new admin. */
export async function applyChangeIx(client: LossMutualizationClient, authority: PublicKey, change: ChangeRef) {
  return await client.methods.applyChange().accountsPartial(decideChange(client, authority, change)).instruction();
}

/** `cancel_change`: the admin withdraws a change (also once it lapsed). */
export async function cancelChangeIx(client: LossMutualizationClient, admin: PublicKey, change: ChangeRef) {
  return await client.methods.cancelChange().accountsPartial(decideChange(client, admin, change)).instruction();
}

/** `raise_notice`: a longer notice applies at once (also to changes already pending); a shorter one is a proposed change. */
export async function raiseNoticeIx(client: LossMutualizationClient, admin: PublicKey, noticeSecs: number) {
  return await client.methods.raiseNotice({ noticeSecs: checkedBn("noticeSecs", noticeSecs, "i64") }).accountsPartial({ admin, market: client.keys.market }).instruction();
}

/** Every pending change of the market (getProgramAccounts: the discriminator and the market), as of `now` (default: the cluster's clock), by sequence. */
export async function pendingChanges(client: LossMutualizationClient, now?: number): Promise<PendingChangeView[]> {
  const [found, market, time] = await Promise.all([
    client.connection.getProgramAccounts(PROGRAM_ID, {
      commitment: "confirmed",
      filters: [discriminatorFilter("pendingChange"), { memcmp: { offset: LAYOUT.pendingChange.market, bytes: client.keys.market.toBase58() } }],
    }),
    client.market(),
    now ?? client.chainTime(),
  ]);
  return found
    .map(({ pubkey, account }) => pendingChangeView(pendingChangeAccount(pubkey, decodeVerified("pendingChange", pubkey, account, client.keys.market)), market, time))
    .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
}

/** The pending change of sequence `seq`, or null (never proposed, applied or cancelled). */
export async function pendingChange(client: LossMutualizationClient, seq: number | bigint, now?: number): Promise<PendingChangeView | null> {
  const address = pdas.pendingChange(client.keys.market, seq);
  const [info, market, time] = await Promise.all([client.connection.getAccountInfo(address, "confirmed"), client.market(), now ?? client.chainTime()]);
  const raw = decodeVerifiedOrNull("pendingChange", address, info, client.keys.market);
  return raw ? pendingChangeView(pendingChangeAccount(address, raw), market, time) : null;
}

/** What `proposeChange` did. */
export interface Proposed {
  signature: TransactionSignature;
  seq: bigint;
  /** The `PendingChange` account. */
  address: PublicKey;
}

/** The admin proposes `change` (at the market's next sequence number). */
export async function proposeChange(client: LossMutualizationClient, admin: Signer, change: Change): Promise<Proposed> {
  const seq = (await client.market()).changeCount;
  const signature = await client.send([await proposeChangeIx(client, admin.publicKey, change, seq)], [admin]);
  return { signature, seq, address: pdas.pendingChange(client.keys.market, seq) };
}

/** The pending change `seq`, read; a clear error when there is none. */
async function existing(client: LossMutualizationClient, seq: number | bigint): Promise<PendingChangeView> {
  const change = await pendingChange(client, seq);
  if (!change) throw new Error(`no pending change ${seq} in market ${client.keys.market.toBase58()} (never proposed, or already applied or cancelled)`);
  return change;
}

/**
 * Apply the pending change `seq`, signed by `authority` (anyone once it is due; the new admin for
 * an admin change). A pending loss is resolved first (the program refuses it while one is pending).
 */
export async function applyChange(client: LossMutualizationClient, authority: Signer, seq: number | bigint): Promise<SentWithResolutions> {
  const change = await existing(client, seq);
  return await client.sendResolved([await applyChangeIx(client, authority.publicKey, change)], [authority]);
}

/** The admin cancels the pending change `seq`. */
export async function cancelChange(client: LossMutualizationClient, admin: Signer, seq: number | bigint): Promise<TransactionSignature> {
  const change = await existing(client, seq);
  return await client.send([await cancelChangeIx(client, admin.publicKey, change)], [admin]);
}

/** The admin lengthens the market's notice at once. */
export async function raiseNotice(client: LossMutualizationClient, admin: Signer, noticeSecs: number): Promise<TransactionSignature> {
  return await client.send([await raiseNoticeIx(client, admin.publicKey, noticeSecs)], [admin]);
}
