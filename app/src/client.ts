/**
 * Typed client for the loss_mutualization program: PDA helpers, one function per instruction,
 * account fetch and decode, events, read-side analytics computed exactly as the program
 * computes them, and error messages that carry the program's named error.
 */
import { AnchorProvider, BN, EventParser, Program, Wallet } from "@anchor-lang/core";
import {
  Connection,
  Keypair,
  PublicKey,
  SystemProgram,
  Transaction,
  TransactionInstruction,
  TransactionSignature,
} from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import idlJson from "../../idl/loss_mutualization.json";
import type { LossMutualization } from "./idl/loss_mutualization";
import { LossIndex, pendingCharge, valueOfShares } from "./math";

export const IDL = idlJson as unknown as LossMutualization;
export const PROGRAM_ID = new PublicKey(IDL.address);

// ---------------------------------------------------------------------------------------------
// PDAs (seeds as in programs/loss_mutualization/src/state/mod.rs)

const seed = (s: string) => Buffer.from(s);
const u64le = (n: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const pda = (seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

export const pdas = {
  market: (mint: PublicKey, marketId: number | bigint) => pda([seed("market"), mint.toBuffer(), u64le(marketId)]),
  collateralVault: (market: PublicKey) => pda([seed("collateral_vault"), market.toBuffer()]),
  insuranceFund: (market: PublicKey) => pda([seed("insurance_fund"), market.toBuffer()]),
  insuranceVault: (market: PublicKey) => pda([seed("insurance_vault"), market.toBuffer()]),
  position: (market: PublicKey, owner: PublicKey) => pda([seed("position"), market.toBuffer(), owner.toBuffer()]),
  shortfallRecord: (market: PublicKey, seq: number | bigint) => pda([seed("shortfall"), market.toBuffer(), u64le(seq)]),
  stake: (fund: PublicKey, staker: PublicKey) => pda([seed("stake"), fund.toBuffer(), staker.toBuffer()]),
};

/** The pause bits of `Market.paused`. */
export const PAUSE = {
  openPosition: 1 << 0,
  deposit: 1 << 1,
  withdraw: 1 << 2,
  applyPnl: 1 << 3,
  recordShortfall: 1 << 4,
  drawInsurance: 1 << 5,
  socialize: 1 << 6,
  settle: 1 << 7,
  releaseProfit: 1 << 8,
  fundInsurance: 1 << 9,
  stake: 1 << 10,
  unstake: 1 << 11,
  sweepDust: 1 << 12,
} as const;

export interface MarketParams {
  profitMaturitySecs: number;
  maxDrawPerEvent: bigint;
  drawWindowCap: bigint;
  drawWindowSecs: number;
  unstakeDelaySecs: number;
}

export interface MarketKeys {
  market: PublicKey;
  mint: PublicKey;
  tokenProgram: PublicKey;
  collateralVault: PublicKey;
  insuranceFund: PublicKey;
  insuranceVault: PublicKey;
}

export function marketKeys(mint: PublicKey, marketId: number | bigint, tokenProgram = TOKEN_PROGRAM_ID): MarketKeys {
  const market = pdas.market(mint, marketId);
  return {
    market,
    mint,
    tokenProgram,
    collateralVault: pdas.collateralVault(market),
    insuranceFund: pdas.insuranceFund(market),
    insuranceVault: pdas.insuranceVault(market),
  };
}

const bn = (n: number | bigint) => new BN(n.toString());
const big = (n: BN | number) => BigInt(n.toString());
const index = (i: { factor: BN; scale: number; epoch: number }): LossIndex => ({
  factor: big(i.factor),
  scale: i.scale,
  epoch: i.epoch,
});

// ---------------------------------------------------------------------------------------------
// Errors

const ERRORS = new Map(IDL.errors.map((e) => [e.code as number, e] as const));
const ANCHOR_ERRORS: Record<number, string> = {
  2000: "ConstraintMut",
  2003: "ConstraintRaw",
  2006: "ConstraintSeeds",
  2040: "ConstraintDuplicateMutableAccount",
  3007: "AccountOwnedByWrongProgram",
  3010: "AccountNotSigner",
  3012: "AccountNotInitialized",
};

/** The program's named error in a failed transaction, if any: `{ code, name, msg }`. */
export function programError(err: unknown): { code: number; name: string; msg: string } | undefined {
  const text = [String((err as { message?: string })?.message ?? err), ...(((err as { logs?: string[] })?.logs) ?? [])].join("\n");
  const hex = /custom program error: 0x([0-9a-f]+)/i.exec(text);
  const json = /"Custom":\s*(\d+)/.exec(text);
  const code = hex ? parseInt(hex[1], 16) : json ? Number(json[1]) : undefined;
  if (code === undefined) return undefined;
  const known = ERRORS.get(code);
  if (known) return { code, name: known.name, msg: known.msg };
  return { code, name: ANCHOR_ERRORS[code] ?? `Custom(${code})`, msg: ANCHOR_ERRORS[code] ?? "program error" };
}

/** A one-line description of a failed transaction, with the program's named error. */
export function describeError(err: unknown): string {
  const named = programError(err);
  if (named) return `${named.name} (${named.code}): ${named.msg}`;
  return String((err as { message?: string })?.message ?? err).split("\n")[0];
}

// ---------------------------------------------------------------------------------------------
// The client

export type Signer = Keypair;

export class LossMutualizationClient {
  readonly program: Program<LossMutualization>;
  readonly parser: EventParser;

  constructor(readonly connection: Connection, readonly payer: Keypair, readonly keys: MarketKeys) {
    const provider = new AnchorProvider(connection, new Wallet(payer), { commitment: "confirmed" });
    this.program = new Program<LossMutualization>(IDL, provider);
    this.parser = new EventParser(PROGRAM_ID, this.program.coder);
  }

  withMarket(keys: MarketKeys): LossMutualizationClient {
    return new LossMutualizationClient(this.connection, this.payer, keys);
  }

  get methods() {
    return this.program.methods;
  }

  /** Send instructions signed by the payer and `signers`; returns the signature. */
  async send(ixs: TransactionInstruction[], signers: Signer[] = []): Promise<TransactionSignature> {
    const tx = new Transaction().add(...ixs);
    const all = [this.payer, ...signers.filter((s) => !s.publicKey.equals(this.payer.publicKey))];
    return await (this.program.provider as AnchorProvider).sendAndConfirm(tx, all, { commitment: "confirmed" });
  }

  /** Events the program emitted in a confirmed transaction. */
  async events(signature: TransactionSignature): Promise<{ name: string; data: any }[]> {
    const tx = await this.connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    return [...this.parser.parseLogs(tx?.meta?.logMessages ?? [])];
  }

  onEvent(name: string, callback: (event: any, slot: number, signature: string) => void): number {
    return this.program.addEventListener(name as any, callback as any);
  }

  // --- instructions ---------------------------------------------------------------------------

  initializeMarketIx(admin: PublicKey, marketId: number | bigint, risk: PublicKey, clearing: PublicKey, params: MarketParams) {
    return this.methods
      .initializeMarket({
        marketId: bn(marketId),
        riskAuthority: risk,
        clearingAuthority: clearing,
        params: {
          profitMaturitySecs: bn(params.profitMaturitySecs),
          maxDrawPerEvent: bn(params.maxDrawPerEvent),
          drawWindowCap: bn(params.drawWindowCap),
          drawWindowSecs: bn(params.drawWindowSecs),
          unstakeDelaySecs: bn(params.unstakeDelaySecs),
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

  depositIx(owner: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.deposit({ amount: bn(amount) }).accountsPartial(this.collateral(owner, tokenAccount)).instruction();
  }

  withdrawIx(owner: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.withdraw({ amount: bn(amount) }).accountsPartial(this.collateral(owner, tokenAccount)).instruction();
  }

  applyPnlIx(clearing: PublicKey, winner: PublicKey, loser: PublicKey, amount: bigint) {
    return this.methods
      .applyPnl({ amount: bn(amount) })
      .accountsPartial({
        clearingAuthority: clearing,
        market: this.keys.market,
        winner: pdas.position(this.keys.market, winner),
        loser: pdas.position(this.keys.market, loser),
      })
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

  recordShortfallIx(payer: PublicKey, bankruptOwner: PublicKey, seq: number | bigint) {
    return this.methods
      .recordShortfall()
      .accountsPartial({
        payer,
        market: this.keys.market,
        position: pdas.position(this.keys.market, bankruptOwner),
        record: pdas.shortfallRecord(this.keys.market, seq),
        systemProgram: SystemProgram.programId,
      })
      .instruction();
  }

  drawInsuranceIx(risk: PublicKey, seq: number | bigint) {
    return this.methods
      .drawInsuranceFund()
      .accountsPartial({
        riskAuthority: risk,
        market: this.keys.market,
        record: pdas.shortfallRecord(this.keys.market, seq),
        insuranceFund: this.keys.insuranceFund,
        insuranceVault: this.keys.insuranceVault,
        collateralVault: this.keys.collateralVault,
        collateralMint: this.keys.mint,
        tokenProgram: this.keys.tokenProgram,
      })
      .instruction();
  }

  socializeIx(risk: PublicKey, seq: number | bigint) {
    return this.methods
      .socializeLoss()
      .accountsPartial({
        riskAuthority: risk,
        market: this.keys.market,
        record: pdas.shortfallRecord(this.keys.market, seq),
        collateralVault: this.keys.collateralVault,
      })
      .instruction();
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

  fundInsuranceIx(funder: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods.fundInsurance({ amount: bn(amount) }).accountsPartial(this.insuranceDeposit(funder, tokenAccount)).instruction();
  }

  stakeIx(staker: PublicKey, tokenAccount: PublicKey, amount: bigint) {
    return this.methods
      .stake({ amount: bn(amount) })
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

  requestUnstakeIx(staker: PublicKey, shares: bigint) {
    return this.methods.requestUnstake({ shares: bn(shares) }).accountsPartial(this.unstakeRequest(staker)).instruction();
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

  setPauseIx(authority: PublicKey, paused: number) {
    return this.methods.setPause({ paused }).accountsPartial({ authority, market: this.keys.market }).instruction();
  }

  /** Fields left undefined keep their value. */
  updateParamsIx(admin: PublicKey, params: Partial<MarketParams>) {
    const opt = (v: number | bigint | undefined) => (v === undefined ? null : bn(v));
    return this.methods
      .updateParams({
        profitMaturitySecs: opt(params.profitMaturitySecs),
        maxDrawPerEvent: opt(params.maxDrawPerEvent),
        drawWindowCap: opt(params.drawWindowCap),
        drawWindowSecs: opt(params.drawWindowSecs),
        unstakeDelaySecs: opt(params.unstakeDelaySecs),
      })
      .accountsPartial({ admin, market: this.keys.market, insuranceFund: this.keys.insuranceFund })
      .instruction();
  }

  transferAdminIx(admin: PublicKey, newAdmin: PublicKey | null) {
    return this.methods.transferAdmin({ newAdmin }).accountsPartial({ admin, market: this.keys.market }).instruction();
  }

  acceptAdminIx(pendingAdmin: PublicKey) {
    return this.methods.acceptAdmin().accountsPartial({ pendingAdmin, market: this.keys.market }).instruction();
  }

  setAuthoritiesIx(admin: PublicKey, riskAuthority: PublicKey, clearingAuthority: PublicKey) {
    return this.methods
      .setAuthorities({ riskAuthority, clearingAuthority })
      .accountsPartial({ admin, market: this.keys.market })
      .instruction();
  }

  /**
   * record_shortfall + draw_insurance_fund + socialize_loss in one transaction (it fits: about
   * 600 bytes), signed by the risk authority. Returns the record's sequence number.
   */
  async resolveShortfall(risk: Keypair, bankruptOwner: PublicKey): Promise<{ seq: bigint; signature: string }> {
    const seq = (await this.market()).shortfallSeq;
    const ixs = [
      await this.recordShortfallIx(risk.publicKey, bankruptOwner, seq),
      await this.drawInsuranceIx(risk.publicKey, seq),
      await this.socializeIx(risk.publicKey, seq),
    ];
    const signature = await this.send(ixs, [risk]);
    return { seq, signature };
  }

  // --- accounts -------------------------------------------------------------------------------

  async market() {
    const m = await this.program.account.market.fetch(this.keys.market);
    const pool = (p: typeof m.profitPool) => ({
      total: big(p.total),
      index: index(p.index),
      socialized: big(p.socialized),
      collected: big(p.collected),
      dustReleased: big(p.dustReleased),
    });
    return {
      raw: m,
      admin: m.admin,
      riskAuthority: m.riskAuthority,
      clearingAuthority: m.clearingAuthority,
      paused: m.paused,
      profitMaturitySecs: Number(m.profitMaturitySecs),
      profitPool: pool(m.profitPool),
      principalPool: pool(m.principalPool),
      unrecordedShortfall: big(m.unrecordedShortfall),
      unresolvedShortfall: big(m.unresolvedShortfall),
      dustPending: big(m.dustPending),
      shortfallSeq: big(m.shortfallSeq),
      positionCount: big(m.positionCount),
    };
  }

  async position(owner: PublicKey) {
    const p = await this.program.account.userPosition.fetchNullable(pdas.position(this.keys.market, owner));
    if (!p) return null;
    return {
      raw: p,
      owner: p.owner,
      principal: big(p.principal),
      realizedPnl: big(p.realizedPnl),
      clawbackSnapshot: index(p.clawbackSnapshot),
      haircutSnapshot: index(p.haircutSnapshot),
      lifetimeClawbackPaid: big(p.lifetimeClawbackPaid),
      lifetimeHaircutPaid: big(p.lifetimeHaircutPaid),
      profitMaturesAt: Number(p.profitMaturesAt),
      bankrupt: "bankrupt" in (p.status as object),
    };
  }

  async fund() {
    const f = await this.program.account.insuranceFund.fetch(this.keys.insuranceFund);
    return {
      raw: f,
      balance: big(f.balance),
      totalShares: big(f.totalShares),
      maxDrawPerEvent: big(f.maxDrawPerEvent),
      drawWindowCap: big(f.drawWindowCap),
      unstakeDelaySecs: Number(f.unstakeDelaySecs),
      lifetimeDrawn: big(f.lifetimeDrawn),
    };
  }

  async stakeAccount(staker: PublicKey) {
    return await this.program.account.insuranceStake.fetchNullable(pdas.stake(this.keys.insuranceFund, staker));
  }

  async record(seq: number | bigint) {
    return await this.program.account.shortfallRecord.fetch(pdas.shortfallRecord(this.keys.market, seq));
  }

  /** Every loss event of this market, oldest first (getProgramAccounts with a memcmp filter). */
  async lossEvents() {
    const records = await this.program.account.shortfallRecord.all([{ memcmp: { offset: 8, bytes: this.keys.market.toBase58() } }]);
    return records.map((r) => r.account).sort((a, b) => Number(a.seq) - Number(b.seq));
  }

  // --- analytics ------------------------------------------------------------------------------

  /**
   * A wallet's exposure, computed exactly as the program computes it: the pending clawback and
   * haircut are the numbers `settle_clawback` will charge.
   */
  async exposure(owner: PublicKey, now = Math.floor(Date.now() / 1000)) {
    const [market, position] = await Promise.all([this.market(), this.position(owner)]);
    if (!position) return null;
    const atRiskProfit = position.realizedPnl > 0n ? position.realizedPnl : 0n;
    const pendingClawback = pendingCharge(market.profitPool.index, atRiskProfit, position.clawbackSnapshot);
    const pendingHaircut = pendingCharge(market.principalPool.index, position.principal, position.haircutSnapshot);
    const profitAfter = atRiskProfit - pendingClawback;
    const principalAfter = position.principal - pendingHaircut;
    const total = market.profitPool.total;
    const settled = pendingClawback === 0n && pendingHaircut === 0n;
    const lossPending = market.unrecordedShortfall + market.unresolvedShortfall > 0n;
    return {
      atRiskProfit,
      pendingClawback,
      pendingHaircut,
      principalAfter,
      profitAfter,
      /** Share of the clawback weight (what it would pay of the next socialized loss). */
      weightShare: total > 0n ? Number(profitAfter) / Number(total) : 0,
      /** What `withdraw` accepts now (0 until it settles, and while a loss is unassigned). */
      withdrawable: settled && !lossPending && !position.bankrupt ? position.principal : 0n,
      profitMaturesAt: position.profitMaturesAt,
      profitMature: now >= position.profitMaturesAt,
      bankrupt: position.bankrupt,
      lifetimeClawbackPaid: position.lifetimeClawbackPaid,
      lifetimeHaircutPaid: position.lifetimeHaircutPaid,
    };
  }

  /** Insurance coverage: fund balance over the claims it protects (principal + at-risk profit). */
  async risk() {
    const [market, fund] = await Promise.all([this.market(), this.fund()]);
    const claims = market.principalPool.total + market.profitPool.total;
    return {
      fundBalance: fund.balance,
      totalPrincipal: market.principalPool.total,
      totalAtRiskProfit: market.profitPool.total,
      coverageRatio: claims > 0n ? Number(fund.balance) / Number(claims) : 0,
      unassignedShortfall: market.unrecordedShortfall + market.unresolvedShortfall,
      socializedLifetime: market.profitPool.socialized,
      haircutLifetime: market.principalPool.socialized,
      dustPending: market.dustPending,
      lossEvents: Number(market.shortfallSeq),
    };
  }

  async stakeValue(staker: PublicKey) {
    const [stake, fund] = await Promise.all([this.stakeAccount(staker), this.fund()]);
    if (!stake) return 0n;
    return valueOfShares(big(stake.shares), fund.balance, fund.totalShares);
  }
}
