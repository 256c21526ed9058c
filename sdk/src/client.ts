/**
 * Typed client for the loss_mutualization program: PDA helpers, one function per instruction,
 * account fetch and decode, events, read-side analytics computed exactly as the program
 * computes them, and error messages that carry the program's named error.
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
import {
  Connection,
  GetProgramAccountsFilter,
  PublicKey,
  SystemProgram,
  SYSVAR_CLOCK_PUBKEY,
  type AccountInfo,
  TransactionInstruction,
  TransactionSignature,
} from "@solana/web3.js";
import type { LossMutualization } from "./idl/loss_mutualization";
import {
  resolveShortfall as previewResolve,
  ResolutionSplit,
  WaterfallState,
} from "./math";

import { IDL, MarketKeys, MarketParams, pdas, PROGRAM_ID } from "./pda";
import { bs58, discriminatorFilter, LAYOUT } from "./layout";
import { LiquidationWaitHook } from "./liquidation";
import { ExpectedMarket, fundRentReserveIx, loadMarketKeys, MarketSeeds, openMarketKeys, rentReserve } from "./market";
import { resolveShortfall, sendResolved, SendResolvedOptions } from "./resolve";
import * as analytics from "./analytics";
import * as changes from "./changes";
import { Change } from "./governance";
import { decodeVerified, decodeVerifiedOrNull, ProgramAccountName } from "./verify";
import { big, fundView, LossEvent, lossEventView, marketView, positionView, RecordRent } from "./accounts";
import { checkedBn } from "./amount";
import { Signer, TransactionSigner, transactionSigner } from "./signers";
import { SendContext, sendTransaction } from "./send";

// The SDK's modules, re-exported so that `./client` stays the one import a caller needs.
export * from "./pda";
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

export class LossMutualizationClient implements SendContext {
  readonly program: Program<LossMutualization>;
  readonly parser: EventParser;

  /**
   * `payer` pays every transaction's fee and signs it: a keypair, or a wallet that signs itself
   * (`TransactionSigner`, e.g. a wallet adapter). Extra signers of a send may be either too.
   */
  constructor(readonly connection: Connection, readonly payer: Signer, readonly keys: MarketKeys) {
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

  get methods() {
    return this.program.methods;
  }

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

  // --- instructions ---------------------------------------------------------------------------

  async initializeMarketIx(admin: PublicKey, marketId: number | bigint, risk: PublicKey, clearing: PublicKey, params: MarketParams) {
    return this.methods
      .initializeMarket({
        marketId: checkedBn("marketId", marketId),
        riskAuthority: risk,
        clearingAuthority: clearing,
        params: {
          profitMaturitySecs: checkedBn("params.profitMaturitySecs", params.profitMaturitySecs, "i64"),
          maxDrawPerEvent: checkedBn("params.maxDrawPerEvent", params.maxDrawPerEvent),
          drawWindowCap: checkedBn("params.drawWindowCap", params.drawWindowCap),
          drawWindowSecs: checkedBn("params.drawWindowSecs", params.drawWindowSecs, "i64"),
          unstakeDelaySecs: checkedBn("params.unstakeDelaySecs", params.unstakeDelaySecs, "i64"),
          unstakeWindowSecs: checkedBn("params.unstakeWindowSecs", params.unstakeWindowSecs, "i64"),
          liquidationWindowSecs: checkedBn("params.liquidationWindowSecs", params.liquidationWindowSecs, "i64"),
          maxShortfallBps: params.maxShortfallBps,
          noticeSecs: checkedBn("params.noticeSecs", params.noticeSecs, "i64"),
        },
      })
      .accountsPartial({
        admin,
        collateralMint: this.keys.mint,
        market: this.keys.market,
        collateralVault: this.keys.collateralVault,
        insuranceFund: this.keys.insuranceFund,
        insuranceVault: this.keys.insuranceVault,
        tokenProgram: this.keys.tokenProgram,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  openPositionIx(owner: PublicKey) {
    return this.methods
      .openPosition()
      .accountsPartial({ owner, market: this.keys.market, position: pdas.position(this.keys.market, owner), systemProgram: SystemProgram.programId })
      .instruction();
  }

  private collateral(owner: PublicKey, tokenAccount: PublicKey) {
    return {
      owner,
      market: this.keys.market,
      position: pdas.position(this.keys.market, owner),
      collateralMint: this.keys.mint,
      collateralVault: this.keys.collateralVault,
      ownerTokenAccount: tokenAccount,
      tokenProgram: this.keys.tokenProgram,
    };
  }

  async depositIx(owner: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.deposit({ amount: checkedBn("amount", amount) }).accountsPartial(this.collateral(owner, tokenAccount)).instruction();
  }

  async withdrawIx(owner: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.withdraw({ amount: checkedBn("amount", amount) }).accountsPartial(this.collateral(owner, tokenAccount)).instruction();
  }

  async applyPnlIx(clearing: PublicKey, winner: PublicKey, loser: PublicKey, amount: bigint) {
    return this.methods
      .applyPnl({ amount: checkedBn("amount", amount) })
      .accountsPartial({
        clearingAuthority: clearing,
        market: this.keys.market,
        winner: pdas.position(this.keys.market, winner),
        loser: pdas.position(this.keys.market, loser),
      })
      .instruction();
  }

  /** The clearing authority locks `lockedMargin` of `owner`'s principal behind open exposure. */
  async setMarginIx(clearing: PublicKey, owner: PublicKey, lockedMargin: bigint) {
    return this.methods
      .setMargin({ lockedMargin: checkedBn("lockedMargin", lockedMargin) })
      .accountsPartial({ clearingAuthority: clearing, market: this.keys.market, position: pdas.position(this.keys.market, owner) })
      .instruction();
  }

  settleIx(owner: PublicKey) {
    return this.methods
      .settleClawback()
      .accountsPartial({ owner, market: this.keys.market, position: pdas.position(this.keys.market, owner) })
      .instruction();
  }

  releaseProfitIx(owner: PublicKey) {
    return this.methods
      .releaseProfit()
      .accountsPartial({ owner, market: this.keys.market, position: pdas.position(this.keys.market, owner) })
      .instruction();
  }

  /**
   * `resolve_shortfall` for a position whose `shortfallCount` is `positionSeq` (its record is
   * `pdas.shortfallRecord(position, positionSeq)`, whose bump it passes). Before the liquidation's
   * window ends only the clearing authority may be the resolver, afterwards any signer. The
   * record's rent comes from the market's rent reserve; the resolver pays what it lacks.
   */
  resolveShortfallIxAt(resolver: PublicKey, position: PublicKey, positionSeq: number | bigint, overrides: { record?: PublicKey; recordBump?: number } = {}) {
    const [derived, canonicalBump] = pdas.shortfallRecordWithBump(position, positionSeq);
    // Overrides: only to exercise the program's checks of the record's address and bump.
    const record = overrides.record ?? derived;
    const recordBump = overrides.recordBump ?? canonicalBump;
    return this.methods
      .resolveShortfall({ recordBump })
      .accountsPartial({
        resolver,
        market: this.keys.market,
        position,
        record,
        insuranceFund: this.keys.insuranceFund,
        insuranceVault: this.keys.insuranceVault,
        collateralVault: this.keys.collateralVault,
        collateralMint: this.keys.mint,
        tokenProgram: this.keys.tokenProgram,
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  /**
   * `resolve_shortfall` for a bankrupt wallet (or a position address): reads the position's
   * `shortfallCount` now to address the record. Permissionless and idempotent: if the position
   * is not bankrupt when it runs, it succeeds and changes nothing.
   */
  async resolveShortfallIx(resolver: PublicKey, bankruptOwnerOrPosition: PublicKey) {
    const position = await this.locatePosition(bankruptOwnerOrPosition);
    return await this.resolveShortfallIxAt(resolver, position.address, position.shortfallCount);
  }

  sweepDustIx() {
    return this.methods
      .sweepDust()
      .accountsPartial({
        market: this.keys.market,
        insuranceFund: this.keys.insuranceFund,
        insuranceVault: this.keys.insuranceVault,
        collateralVault: this.keys.collateralVault,
        collateralMint: this.keys.mint,
        tokenProgram: this.keys.tokenProgram,
      })
      .instruction();
  }

  private insuranceDeposit(payer: PublicKey, tokenAccount: PublicKey) {
    return {
      payer,
      market: this.keys.market,
      insuranceFund: this.keys.insuranceFund,
      insuranceVault: this.keys.insuranceVault,
      collateralMint: this.keys.mint,
      payerTokenAccount: tokenAccount,
      tokenProgram: this.keys.tokenProgram,
    };
  }

  async fundInsuranceIx(funder: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.fundInsurance({ amount: checkedBn("amount", amount) }).accountsPartial(this.insuranceDeposit(funder, tokenAccount)).instruction();
  }

  async stakeIx(staker: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods
      .stake({ amount: checkedBn("amount", amount) })
      .accountsPartial({
        deposit: this.insuranceDeposit(staker, tokenAccount),
        stake: pdas.stake(this.keys.insuranceFund, staker),
        systemProgram: SystemProgram.programId,
      } as any)
      .instruction();
  }

  private unstakeRequest(staker: PublicKey) {
    return {
      staker,
      market: this.keys.market,
      insuranceFund: this.keys.insuranceFund,
      stake: pdas.stake(this.keys.insuranceFund, staker),
    };
  }

  async requestUnstakeIx(staker: PublicKey, shares: bigint) {
    return this.methods.requestUnstake({ shares: checkedBn("shares", shares, "u128") }).accountsPartial(this.unstakeRequest(staker)).instruction();
  }

  cancelUnstakeIx(staker: PublicKey) {
    return this.methods.cancelUnstake().accountsPartial(this.unstakeRequest(staker)).instruction();
  }

  unstakeIx(staker: PublicKey, tokenAccount: PublicKey) {
    return this.methods
      .unstake()
      .accountsPartial({
        ...this.unstakeRequest(staker),
        insuranceVault: this.keys.insuranceVault,
        collateralMint: this.keys.mint,
        stakerTokenAccount: tokenAccount,
        tokenProgram: this.keys.tokenProgram,
      })
      .instruction();
  }

  /** The admin sets any mask; the risk authority may only add bits. */
  setPauseIx(authority: PublicKey, paused: number) {
    return this.methods.setPause({ paused }).accountsPartial({ authority, market: this.keys.market }).instruction();
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
  private parentOf(kind: ProgramAccountName): PublicKey | undefined {
    return kind === "market" ? undefined : kind === "insuranceStake" ? this.keys.insuranceFund : this.keys.market;
  }

  /** An account of this market, fetched and verified, or null when none is there. */
  private async fetchVerifiedOrNull<K extends ProgramAccountName>(kind: K, address: PublicKey) {
    return decodeVerifiedOrNull(kind, address, await this.connection.getAccountInfo(address, "confirmed"), this.parentOf(kind));
  }

  /** An account of this market, fetched and verified (`UntrustedAccountError` when none is there). */
  private async fetchVerified<K extends ProgramAccountName>(kind: K, address: PublicKey) {
    return decodeVerified(kind, address, await this.connection.getAccountInfo(address, "confirmed"), this.parentOf(kind));
  }

  private async scanMarket(account: "userPosition" | "shortfallRecord", extra: GetProgramAccountsFilter[] = []) {
    return await this.connection.getProgramAccounts(PROGRAM_ID, {
      commitment: "confirmed",
      filters: [
        { dataSize: LAYOUT[account].size },
        discriminatorFilter(account),
        { memcmp: { offset: LAYOUT[account].market, bytes: this.keys.market.toBase58() } },
        ...extra,
      ],
    });
  }

  // --- pending losses --------------------------------------------------------------------------

  /**
   * Every bankrupt position of this market (getProgramAccounts: the UserPosition
   * discriminator, the market at offset 8 and the status byte = 1), in address order.
   */
  async bankruptPositions(): Promise<BankruptPosition[]> {
    const found = await this.scanMarket("userPosition", [
      { memcmp: { offset: LAYOUT.userPosition.status, bytes: bs58.encode(Buffer.from([1])) } },
    ]);
    return found
      .map(({ pubkey, account }) => {
        const p = decodeVerified("userPosition", pubkey, account, this.keys.market);
        return {
          address: pubkey,
          owner: p.owner as PublicKey,
          shortfall: -big(p.realizedPnl),
          shortfallCount: big(p.shortfallCount),
          eventCap: { startedAt: Number(p.eventCap.startedAt), drawn: big(p.eventCap.drawn) },
        };
      })
      .sort((a, b) => Buffer.compare(a.address.toBuffer(), b.address.toBuffer()));
  }

  /** The bankrupt positions, or none without a scan when `market.pendingShortfall` is zero. */
  async pendingPositions(): Promise<BankruptPosition[]> {
    if ((await this.market()).pendingShortfall === 0n) return [];
    return await this.bankruptPositions();
  }

  /** A `resolve_shortfall` for each bankrupt position of the market (resolver: the payer by default). */
  async pendingResolutions(resolver = this.payer.publicKey): Promise<TransactionInstruction[]> {
    const pending = await this.pendingPositions();
    return await Promise.all(pending.map((p) => this.resolveShortfallIxAt(resolver, p.address, p.shortfallCount)));
  }

  /**
   * What resolving every pending loss now would do, in the order the send paths resolve them:
   * each split and the pools afterwards (the fund draws with its allowance and per-event cap as
   * of the bankruptcy, whenever it is resolved, as resolve_shortfall does).
   */
  async previewResolutions(now?: number): Promise<{ splits: (ResolutionSplit & { owner: PublicKey; position: PublicKey })[]; after: WaterfallState }> {
    const [market, fund, pending, time] = await Promise.all([this.market(), this.fund(), this.pendingPositions(), now ?? this.chainTime()]);
    let state: WaterfallState = {
      profitPool: market.profitPool,
      principalPool: market.principalPool,
      pendingShortfall: market.pendingShortfall,
      fund: {
        balance: fund.balance,
        maxDrawPerEvent: fund.maxDrawPerEvent,
        drawWindowCap: fund.drawWindowCap,
        drawWindowSecs: fund.drawWindowSecs,
        drawAllowance: fund.drawAllowance,
        drawAllowanceUpdatedAt: fund.drawAllowanceUpdatedAt,
        drawRefillRemainder: fund.drawRefillRemainder,
      },
    };
    const splits = [];
    for (const p of pending) {
      // The fund draws as of the bankruptcy (resolve_shortfall's drawn_as_of), whenever it is resolved.
      const drawTime = Math.min(Math.max(market.liquidationEndsAt - market.liquidationWindowSecs, state.fund.drawAllowanceUpdatedAt), time);
      const step = previewResolve(state, p, drawTime);
      state = step.state;
      splits.push({ ...step.split, owner: p.owner, position: p.address });
    }
    return { splits, after: state };
  }

  /** The cluster's unix time (the Clock sysvar), or this machine's if it cannot be read. */
  async chainTime(): Promise<number> {
    try {
      const clock = await this.connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
      if (clock && clock.data.length >= 40) return Number(clock.data.readBigInt64LE(32));
    } catch {
      // fall through
    }
    return Math.floor(Date.now() / 1000);
  }

  // --- accounts -------------------------------------------------------------------------------

  async market() {
    return marketView(await this.fetchVerified("market", this.keys.market));
  }

  /** Every position of this market (one getProgramAccounts scan), decoded, in address order. */
  async positions() {
    const found = await this.scanMarket("userPosition");
    return found
      .map(({ pubkey, account }) => positionView(pubkey, decodeVerified("userPosition", pubkey, account, this.keys.market)))
      .sort((a, b) => Buffer.compare(a.address.toBuffer(), b.address.toBuffer()));
  }

  /** A wallet's position in this market, or null. */
  async position(owner: PublicKey) {
    return await this.positionAt(pdas.position(this.keys.market, owner));
  }

  /** A position by its address, or null. */
  async positionAt(address: PublicKey) {
    const p = await this.fetchVerifiedOrNull("userPosition", address);
    return p ? positionView(address, p) : null;
  }

  /** The position of a wallet, or the position at an address (of this market). */
  async locatePosition(ownerOrPosition: PublicKey) {
    const derived = pdas.position(this.keys.market, ownerOrPosition);
    const [given, owned] = await this.connection.getMultipleAccountsInfo([ownerOrPosition, derived], "confirmed");
    const decode = (address: PublicKey, info: typeof given) => {
      // A wallet's address is not a position: only a verified position of this market counts.
      if (!info || !info.owner.equals(PROGRAM_ID)) return null;
      return positionView(address, decodeVerified("userPosition", address, info, this.keys.market));
    };
    const position = decode(ownerOrPosition, given) ?? decode(derived, owned);
    if (!position) throw new Error(`no position in market ${this.keys.market.toBase58()} for ${ownerOrPosition.toBase58()}`);
    return position;
  }

  async fund() {
    return fundView(await this.fetchVerified("insuranceFund", this.keys.insuranceFund));
  }

  async stakeAccount(staker: PublicKey) {
    return await this.fetchVerifiedOrNull("insuranceStake", pdas.stake(this.keys.insuranceFund, staker));
  }

  private decodeRecord(address: PublicKey, info: AccountInfo<Buffer>): LossEvent {
    return lossEventView(address, decodeVerified("shortfallRecord", address, info, this.keys.market));
  }

  /** The shortfall record at an address, or null. */
  async recordAt(address: PublicKey): Promise<LossEvent | null> {
    const info = await this.connection.getAccountInfo(address, "confirmed");
    return info ? this.decodeRecord(address, info) : null;
  }

  /**
   * The `positionSeq`-th loss record of a wallet's position (or of a position address). At its
   * canonical address, or, if a resolver gave another valid bump (the program checks the bump it
   * is given rather than search for it), found by its position and sequence.
   */
  async record(ownerOrPosition: PublicKey, positionSeq: number | bigint): Promise<LossEvent | null> {
    const position = await this.locatePosition(ownerOrPosition);
    const canonical = await this.recordAt(pdas.shortfallRecord(position.address, positionSeq));
    if (canonical) return canonical;
    const found = await this.scanMarket("shortfallRecord", [{ memcmp: { offset: LAYOUT.shortfallRecord.position, bytes: position.address.toBase58() } }]);
    const records = found.map(({ pubkey, account }) => this.decodeRecord(pubkey, account));
    return records.find((r) => r.positionSeq === BigInt(positionSeq)) ?? null;
  }

  /** Every loss event of this market, oldest first (getProgramAccounts with memcmp filters). */
  async lossEvents(): Promise<LossEvent[]> {
    const found = await this.scanMarket("shortfallRecord");
    return found.map(({ pubkey, account }) => this.decodeRecord(pubkey, account)).sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
  }

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
