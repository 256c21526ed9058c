/**
 * What the client reads from the chain: the market's accounts, each fetched and verified
 * (verify.ts: owner, type, market, address) before it is decoded, its loss records, and the
 * pending losses (bankrupt positions, the resolutions to put in front of a send, and their
 * predicted splits, with the program's math).
 */
import { Connection, GetProgramAccountsFilter, PublicKey, SYSVAR_CLOCK_PUBKEY, type AccountInfo, TransactionInstruction } from "@solana/web3.js";
import { resolveShortfall as previewResolve, ResolutionSplit, WaterfallState } from "./math";
import { pdas } from "./pda";
import { PROGRAM_ID } from "./program";
import { bs58, discriminatorFilter, LAYOUT } from "./layout";
import { decodeVerified, decodeVerifiedOrNull, ProgramAccountName } from "./verify";
import { big, fundView, LossEvent, lossEventView, marketView, positionView } from "./accounts";
import { Signer } from "./signers";
import { InstructionBuilders } from "./instructions";
import type { BankruptPosition } from "./client";

export abstract class MarketReads extends InstructionBuilders {
  abstract readonly connection: Connection;
  abstract readonly payer: Signer;

  protected parentOf(kind: ProgramAccountName): PublicKey | undefined {
    return kind === "market" ? undefined : kind === "insuranceStake" ? this.keys.insuranceFund : this.keys.market;
  }

  /** An account of this market, fetched and verified, or null when none is there. */
  protected async fetchVerifiedOrNull<K extends ProgramAccountName>(kind: K, address: PublicKey) {
    return decodeVerifiedOrNull(kind, address, await this.connection.getAccountInfo(address, "confirmed"), this.parentOf(kind));
  }

  /** An account of this market, fetched and verified (`UntrustedAccountError` when none is there). */
  protected async fetchVerified<K extends ProgramAccountName>(kind: K, address: PublicKey) {
    return decodeVerified(kind, address, await this.connection.getAccountInfo(address, "confirmed"), this.parentOf(kind));
  }

  protected async scanMarket(account: "userPosition" | "shortfallRecord", extra: GetProgramAccountsFilter[] = []) {
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

  /**
   * The bankrupt position whose loss is pending, or none. The program allows one liquidation at a
   * time (the market's `pendingPosition`), so this reads that one position, verified, and never
   * scans: an RPC cannot add positions for a send path to resolve (and its payer to pay for).
   */
  async pendingPositions(): Promise<BankruptPosition[]> {
    const { liquidation } = await this.market();
    if (!liquidation) return [];
    const p = await this.positionAt(liquidation.position);
    if (!p || p.realizedPnl >= 0n) return [];
    return [{ address: p.address, owner: p.owner as PublicKey, shortfall: -p.realizedPnl, shortfallCount: p.shortfallCount, eventCap: p.eventCap }];
  }

  /** A `resolve_shortfall` of the pending loss, if any (resolver: the payer by default). */
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

  protected decodeRecord(address: PublicKey, info: AccountInfo<Buffer>): LossEvent {
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
}
