/**
 * One builder per instruction of the program (the client's `…Ix` methods), from the market's
 * keys alone: they read nothing from the chain and send nothing. Amount arguments are checked
 * (`checkedBn`: a negative or out-of-range value is an `AmountError` naming the argument). The
 * builders that must read the chain first (`resolveShortfallIx` for an owner, the governance
 * ones that read the change counter) are on the client.
 */
import { Program } from "@anchor-lang/core";
import { PublicKey, SystemProgram } from "@solana/web3.js";
import type { LossMutualization } from "./idl/loss_mutualization";
import { MarketKeys, pdas } from "./pda";
import { MarketParams } from "./params";
import { checkedBn } from "./amount";

export abstract class InstructionBuilders {
  abstract readonly program: Program<LossMutualization>;
  abstract readonly keys: MarketKeys;

  get methods() {
    return this.program.methods;
  }

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

  /**
   * `settle`. The market is writable by default, which every settlement accepts; a settlement
   * that charges nothing needs it only read-only (`marketWritable: false`), and then does not
   * queue behind the market's write lock. Pass `marketWritable: charge > 0n` from the wallet's
   * `exposure` (`pendingClawback + pendingHaircut`); a read-only settlement that finds a charge
   * due fails with `MarketNotWritable` and changes nothing.
   */
  async settleIx(owner: PublicKey, { marketWritable = true }: { marketWritable?: boolean } = {}) {
    const ix = await this.methods
      .settle()
      .accountsPartial({ owner, market: this.keys.market, position: pdas.position(this.keys.market, owner) })
      .instruction();
    for (const meta of ix.keys) if (meta.pubkey.equals(this.keys.market)) meta.isWritable = marketWritable;
    return ix;
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
        ...this.insuranceDeposit(staker, tokenAccount),
        stake: pdas.stake(this.keys.insuranceFund, staker),
        systemProgram: SystemProgram.programId,
      })
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
}
