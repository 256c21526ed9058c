/**
 * The program's id, its PDAs (seeds as in programs/loss_mutualization/src/state/mod.rs), a
 * market's fixed accounts, the pause bits and the market parameters.
 */
import { PublicKey } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import idlJson from "../../idl/loss_mutualization.json";
import type { LossMutualization } from "./idl/loss_mutualization";

export const IDL = idlJson as unknown as LossMutualization;
export const PROGRAM_ID = new PublicKey(IDL.address);

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
  /**
   * The `positionSeq`-th shortfall record of a position: `["shortfall", position, positionSeq]`,
   * where `positionSeq` is the position's `shortfallCount` when it went bankrupt.
   */
  shortfallRecord: (position: PublicKey, positionSeq: number | bigint) =>
    pda([seed("shortfall"), position.toBuffer(), u64le(positionSeq)]),
  stake: (fund: PublicKey, staker: PublicKey) => pda([seed("stake"), fund.toBuffer(), staker.toBuffer()]),
};

/** The pause bits of `Market.paused` (state/pause.rs `PauseOp`). */
export const PAUSE = {
  openPosition: 1 << 0,
  deposit: 1 << 1,
  withdraw: 1 << 2,
  applyPnl: 1 << 3,
  /** resolve_shortfall; pausing it also holds every operation that waits for pending losses. */
  resolve: 1 << 4,
  settle: 1 << 5,
  releaseProfit: 1 << 6,
  fundInsurance: 1 << 7,
  stake: 1 << 8,
  /** request_unstake, cancel_unstake and unstake. */
  unstake: 1 << 9,
  sweepDust: 1 << 10,
} as const;
/** Every pause bit. */
export const PAUSE_ALL = (1 << 11) - 1;

/** The names of the operations a pause mask holds. */
export function pausedOperations(mask: number): string[] {
  return Object.entries(PAUSE)
    .filter(([, bit]) => (mask & bit) !== 0)
    .map(([name]) => name);
}

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

