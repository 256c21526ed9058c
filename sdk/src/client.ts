/**
 * Typed client for the loss_mutualization program: one builder per instruction (inherited from
 * instructions.ts), account fetch and decode and the pending losses (inherited from reads.ts),
 * send paths, events, read-side analytics computed exactly as the program computes them, and
 * error messages that carry the program's named error.
 *
 * Pending losses. From the moment a position goes bankrupt until `resolve_shortfall` assigns its
 * loss, the program refuses deposit, withdraw, apply_pnl (except the liquidation's own fills),
 * release_profit, stake, unstake, fund_insurance, apply_change and sweep_dust
 * (`LossResolutionPending`). The liquidation books fills for the market's liquidation window;
 * until it ends only the clearing authority may resolve, afterwards anyone may (liquidation.ts).
 * The send paths of this client for those operations (`deposit`, `withdraw`, `applyPnl`,
 * `releaseProfit`, `stake`, `unstake`, `fundInsurance`, `applyChange`, `sweepDust`, or
 * `sendResolved` for hand-built instructions) put the pending resolution in front of the
 * instruction, signed and paid for by the client's payer, after waiting for the window to end
 * (bounded by `maxLiquidationWaitSecs`) unless the clearing authority signs (resolve.ts). The
 * `…Ix` builders and `send` never add anything.
 *
 * Amounts are bigints of base units; a builder refuses one its type cannot hold (a negative
 * amount, a u64 above 2^64 - 1) with an `AmountError` naming the argument (amount.ts), and
 * `parseAmount` reads one a person typed in token units.
 *
 * Signing and sending (signers.ts, send.ts): the payer and every extra signer may be a keypair or
 * a wallet that signs itself (`TransactionSigner`); every transaction is v0, with a compute-unit
 * limit from its simulation and the client's priority fee (`computeUnitPriceMicroLamports`).
 *
 * Finding a market: `LossMutualizationClient.open` derives its address from (mint, creator, id);
 * `LossMutualizationClient.load` reads one at an address and refuses it when its admin or
 * creator is not the expected one (market.ts).
 *
 * Governance: every change of the parameters, the authorities or the admin is proposed
 * (`proposeChange`), public from then on (`pendingChanges`, with each one's status and countdown),
 * and applies only after the market's notice of open exits (`applyChange`); changes.ts and
 * governance.ts.
 */
import { AnchorProvider, EventParser, Program } from "@anchor-lang/core";
import { Connection, PublicKey, TransactionInstruction, TransactionSignature } from "@solana/web3.js";
import type { LossMutualization } from "./idl/loss_mutualization";
import { ResolutionSplit } from "./math";
import { MarketKeys, pdas } from "./pda";
import { IDL, PROGRAM_ID } from "./program";
import { LiquidationWaitHook } from "./liquidation";
import { ExpectedMarket, fundRentReserveIx, loadMarketKeys, MarketSeeds, openMarketKeys, rentReserve } from "./market";
import { resolveShortfall, sendResolved, SendResolvedOptions } from "./resolve";
import * as analytics from "./analytics";
import * as changes from "./changes";
import { Change } from "./governance";
import { RecordRent } from "./accounts";
import { Signer, TransactionSigner, transactionSigner } from "./signers";
import { SendContext, sendTransaction } from "./send";
import { MarketReads } from "./reads";

// The SDK's modules, re-exported so that `./client` stays the one import a caller needs.
export * from "./pda";
export * from "./program";
export * from "./pause";
export * from "./params";
export * from "./layout";
export * from "./errors";
export * from "./liquidation";
export * from "./market";
export * from "./governance";
export * from "./halt";
export * from "./verify";
export * from "./amount";
export * from "./signers";
export { computeUnitLimitFor, MAX_COMPUTE_UNITS } from "./send";
export { fundView, lossEventView, marketView, positionView } from "./accounts";
export type { LossEvent, RecordRent } from "./accounts";
export type { ChangeRef, Proposed } from "./changes";

// ---------------------------------------------------------------------------------------------
// The client

/** A bankrupt position whose loss `resolve_shortfall` has not assigned yet. */
export interface BankruptPosition {
  address: PublicKey;
  owner: PublicKey;
  /** Its negative equity (the loss to assign). */
  shortfall: bigint;
  /** The record of this loss will be `pdas.shortfallRecord(address, shortfallCount)`. */
  shortfallCount: bigint;
  eventCap: { startedAt: number; drawn: bigint };
}

/** What a send path that resolves pending losses first did. */
export interface SentWithResolutions {
  signature: TransactionSignature;
  /**
   * The bankrupt positions this call put a `resolve_shortfall` in front of (in the same
   * transaction, or in transactions of their own when they would not all fit). A resolution
   * someone else sent first runs as a no-op.
   */
  resolved: BankruptPosition[];
}

/** The result of `resolveShortfall`. */
export interface Resolution {
  signature: TransactionSignature;
  /** False when the position was not bankrupt (the instruction succeeded and changed nothing). */
  resolved: boolean;
  /** The loss event's record and market-wide sequence number (null when nothing was resolved). */
  record: PublicKey | null;
  seq: bigint | null;
  resolver: PublicKey;
  /** The split (from the `ShortfallResolved` event, or the record). */
  split: ResolutionSplit | null;
  /** Where the record's rent came from: the market's rent reserve, and what it lacked, the resolver. */
  recordRent: RecordRent | null;
}

export class LossMutualizationClient extends MarketReads implements SendContext {
  readonly program: Program<LossMutualization>;
  readonly parser: EventParser;

  /**
   * `payer` pays every transaction's fee and signs it: a keypair, or a wallet that signs itself
   * (`TransactionSigner`, e.g. a wallet adapter). Extra signers of a send may be either too.
   */
  constructor(readonly connection: Connection, readonly payer: Signer, readonly keys: MarketKeys) {
    super();
    // Anchor's provider wants a wallet with signAllTransactions; the SDK itself signs in send.ts.
    const wallet = transactionSigner(payer);
    const signAllTransactions: TransactionSigner["signAllTransactions"] = async (txs) => await Promise.all(txs.map((tx) => wallet.signTransaction(tx)));
    const provider = new AnchorProvider(connection, { signAllTransactions, ...wallet } as Required<TransactionSigner>, { commitment: "confirmed" });
    this.program = new Program<LossMutualization>(IDL, provider);
    this.parser = new EventParser(PROGRAM_ID, this.program.coder);
  }

  /**
   * The market at `address`, refused (`MarketMismatchError`) when no market is there or when its
   * admin or creator is not the one `expected` names: pass the operator's key you trust.
   */
  static async load(connection: Connection, payer: Signer, address: PublicKey, expected: ExpectedMarket = {}) {
    return new LossMutualizationClient(connection, payer, (await loadMarketKeys(connection, address, expected)).keys);
  }

  /** The market derived from (mint, creator, id): only `creator` can have made it. Checked like `load`. */
  static async open(connection: Connection, payer: Signer, seeds: MarketSeeds, expected: ExpectedMarket = {}) {
    return new LossMutualizationClient(connection, payer, (await openMarketKeys(connection, seeds, expected)).keys);
  }

  /** A client of another market with the same payer and settings. */
  withMarket(keys: MarketKeys): LossMutualizationClient {
    const client = new LossMutualizationClient(this.connection, this.payer, keys);
    const { maxLiquidationWaitSecs, onLiquidationWait, onRetry, computeUnitLimit, computeUnitPriceMicroLamports } = this;
    return Object.assign(client, { maxLiquidationWaitSecs, onLiquidationWait, onRetry, computeUnitLimit, computeUnitPriceMicroLamports });
  }

  /**
   * Longest a send path (or `resolveShortfall`) waits for a liquidation's window to end before it
   * may resolve the loss, in seconds (default: the market's `liquidationWindowSecs`); beyond it,
   * `LiquidationInProgressError`. 0: never wait.
   */
  maxLiquidationWaitSecs?: number;
  /** Called once before such a wait (the CLI reports it on stderr). */
  onLiquidationWait?: LiquidationWaitHook;

  /** Priority fee of every transaction, in micro-lamports per compute unit (default: none). */
  computeUnitPriceMicroLamports?: number | bigint;
  /** A fixed compute-unit limit for every transaction (default: its simulation's units with a margin; send.ts). */
  computeUnitLimit?: number;
  /** Called before a send is retried after a transient failure (the CLI reports it on stderr). */
  onRetry?: (message: string) => void;

  /**
   * Send instructions, as they are, in one v0 transaction with a compute-unit limit (send.ts),
   * signed by the payer and `signers`; returns the signature once confirmed.
   */
  async send(ixs: TransactionInstruction[], signers: Signer[] = []): Promise<TransactionSignature> {
    return await sendTransaction(this, ixs, signers);
  }

  /**
   * Send instructions with the pending loss resolved first: when `market.pendingShortfall > 0` a
   * `resolve_shortfall` of the bankrupt position goes in front of them, in the same transaction.
   * Its resolver is the payer, which waits for the liquidation's window to end first (bounded by
   * `maxLiquidationWaitSecs`), or the clearing authority at once when it is among the signers. A
   * fill of the liquidation itself (`options.fillOf`) within the window books into it, with
   * nothing in front. Without a pending loss this costs one account read and no scan. If a new
   * bankruptcy lands between the scan and the transaction, it scans and sends again.
   */
  async sendResolved(ixs: TransactionInstruction[], signers: Signer[] = [], options: SendResolvedOptions = {}): Promise<SentWithResolutions> {
    return await sendResolved(this, ixs, signers, options);
  }

  /** `ixs` with the pending resolutions in front (resolver: the payer), as `sendResolved` sends them when they fit. */
  async withPendingResolutions(ixs: TransactionInstruction[], resolver = this.payer.publicKey): Promise<TransactionInstruction[]> {
    return [...(await this.pendingResolutions(resolver)), ...ixs];
  }

  /** Events the program emitted in a confirmed transaction (names in camelCase, e.g. `shortfallResolved`). */
  async events(signature: TransactionSignature): Promise<{ name: string; data: any }[]> {
    const tx = await this.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    return [...this.parser.parseLogs(tx?.meta?.logMessages ?? [])];
  }

  onEvent(name: string, callback: (event: any, slot: number, signature: string) => void): number {
    return this.program.addEventListener(name as any, callback as any);
  }

  // --- instructions (instructions.ts; these read the chain first) ------------------------------

  /**
   * `resolve_shortfall` for a bankrupt wallet (or a position address): reads the position's
   * `shortfallCount` now to address the record. Permissionless and idempotent: if the position
   * is not bankrupt when it runs, it succeeds and changes nothing.
   */
  async resolveShortfallIx(resolver: PublicKey, bankruptOwnerOrPosition: PublicKey) {
    const position = await this.locatePosition(bankruptOwnerOrPosition);
    return await this.resolveShortfallIxAt(resolver, position.address, position.shortfallCount);
  }

  /** `propose_change` (admin) at sequence `seq` (default: the market's `changeCount`, read now). */
  async proposeChangeIx(admin: PublicKey, change: Change, seq?: bigint) {
    return await changes.proposeChangeIx(this, admin, change, seq);
  }

  /** `apply_change`: anyone once the change is due; the new admin for an admin change. */
  async applyChangeIx(authority: PublicKey, change: changes.ChangeRef) {
    return await changes.applyChangeIx(this, authority, change);
  }

  /** `cancel_change` (admin). */
  async cancelChangeIx(admin: PublicKey, change: changes.ChangeRef) {
    return await changes.cancelChangeIx(this, admin, change);
  }

  /** `raise_notice` (admin): a longer notice, at once. */
  async raiseNoticeIx(admin: PublicKey, noticeSecs: number) {
    return await changes.raiseNoticeIx(this, admin, noticeSecs);
  }

  // --- send paths (pending losses resolved first) ---------------------------------------------

  /** Deposit (opening the position first if it has none). */
  async deposit(owner: Signer, tokenAccount: PublicKey, amount: bigint): Promise<SentWithResolutions> {
    const ixs: TransactionInstruction[] = [];
    if (!(await this.position(owner.publicKey))) ixs.push(await this.openPositionIx(owner.publicKey));
    ixs.push(await this.depositIx(owner.publicKey, tokenAccount, amount));
    return await this.sendResolved(ixs, [owner]);
  }

  async withdraw(owner: Signer, tokenAccount: PublicKey, amount: bigint): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.withdrawIx(owner.publicKey, tokenAccount, amount)], [owner]);
  }

  /**
   * The clearing authority moves realized PnL from `loser` to `winner` (wallets). A fill of the
   * liquidation in progress (the loser is the bankrupt position) books into it within its window.
   */
  async applyPnl(clearing: Signer, winner: PublicKey, loser: PublicKey, amount: bigint): Promise<SentWithResolutions> {
    const ix = await this.applyPnlIx(clearing.publicKey, winner, loser, amount);
    return await this.sendResolved([ix], [clearing], { fillOf: pdas.position(this.keys.market, loser) });
  }

  async releaseProfit(owner: Signer): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.releaseProfitIx(owner.publicKey)], [owner]);
  }

  async stake(staker: Signer, tokenAccount: PublicKey, amount: bigint): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.stakeIx(staker.publicKey, tokenAccount, amount)], [staker]);
  }

  /** Collect an unlocked unstake request within its window (`stakeView` shows it). */
  async unstake(staker: Signer, tokenAccount: PublicKey): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.unstakeIx(staker.publicKey, tokenAccount)], [staker]);
  }

  async fundInsurance(funder: Signer, tokenAccount: PublicKey, amount: bigint): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.fundInsuranceIx(funder.publicKey, tokenAccount, amount)], [funder]);
  }

  // --- governance (changes.ts) -----------------------------------------------------------------

  /** The admin proposes a change; it applies after the notice (`pendingChanges` shows when). */
  async proposeChange(admin: Signer, change: Change): Promise<changes.Proposed> {
    return await changes.proposeChange(this, admin, change);
  }

  /** Apply the pending change `seq` (pending losses resolved first). */
  async applyChange(authority: Signer, seq: number | bigint): Promise<SentWithResolutions> {
    return await changes.applyChange(this, authority, seq);
  }

  async cancelChange(admin: Signer, seq: number | bigint): Promise<TransactionSignature> {
    return await changes.cancelChange(this, admin, seq);
  }

  async raiseNotice(admin: Signer, noticeSecs: number): Promise<TransactionSignature> {
    return await changes.raiseNotice(this, admin, noticeSecs);
  }

  /** Every pending change of the market with its status, open time left, due and lapse times at `now`. */
  async pendingChanges(now?: number) {
    return await changes.pendingChanges(this, now);
  }

  /** The pending change `seq`, or null. */
  async pendingChange(seq: number | bigint, now?: number) {
    return await changes.pendingChange(this, seq, now);
  }

  /** Move the settled rounding dust to the insurance fund (anyone may; the payer signs). */
  async sweepDust(): Promise<SentWithResolutions> {
    return await this.sendResolved([await this.sweepDustIx()]);
  }

  /**
   * Resolve a bankrupt position's loss (insurance draw, clawback, haircut) in one instruction
   * signed by any wallet (the record's rent comes from the market's rent reserve first). Before
   * the liquidation's window ends, a resolver other than the clearing authority waits for it, at
   * most `options.maxWaitSecs` (default `maxLiquidationWaitSecs`, else the market's window; 0:
   * `LiquidationInProgressError` at once). A position that is not bankrupt (never was, or
   * someone resolved it first) makes it a successful no-op: `resolved: false`.
   */
  async resolveShortfall(resolver: Signer, bankruptOwnerOrPosition: PublicKey, options: { maxWaitSecs?: number } = {}): Promise<Resolution> {
    return await resolveShortfall(this, resolver, bankruptOwnerOrPosition, options);
  }

  /**
   * This market's accounts of one kind (getProgramAccounts: size, discriminator, the market
   * field), narrowed by `extra` filters.
   */
  /** What an account of `kind` belongs to in this market (verify.ts): a stake to its fund, the rest to the market. */
  // --- analytics (analytics.ts) -----------------------------------------------------------------

  /** A wallet's exposure: pending charges, what settles, withdrawable, releasable and maturing profit (`analytics.exposure`). */
  async exposure(owner: PublicKey, now?: number) {
    return await analytics.exposure(this, owner, now);
  }

  /** Insurance coverage, the liquidation in progress, loss totals and the rent reserve (`analytics.risk`). */
  async risk() {
    return await analytics.risk(this);
  }

  async stakeValue(staker: PublicKey) {
    return await analytics.stakeValue(this, staker);
  }

  /** A staker's shares, value and unstake request with its window (`analytics.stakeView`). */
  async stakeView(staker: PublicKey, now?: number) {
    return await analytics.stakeView(this, staker, now);
  }

  /** Lamports on the market account above its rent-exempt minimum: what pays shortfall records' rent. */
  async rentReserve(): Promise<bigint> {
    return await rentReserve(this.connection, this.keys.market);
  }

  /** Add `lamports` to the market's rent reserve (a plain transfer from the payer). */
  async fundRentReserve(lamports: bigint): Promise<TransactionSignature> {
    return await this.send([fundRentReserveIx(this.payer.publicKey, this.keys.market, lamports)]);
  }
}
