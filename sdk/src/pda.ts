/**
 * The program's PDAs and a market's fixed accounts, derived with the seeds the IDL's constants
 * give (constants.ts); nothing is read from the chain.
 */
import { PublicKey } from "@solana/web3.js";
import { TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { bytesConstant } from "./constants";
import { PROGRAM_ID } from "./program";

const SEED = {
  market: bytesConstant("MARKET_SEED"),
  collateralVault: bytesConstant("COLLATERAL_VAULT_SEED"),
  insuranceFund: bytesConstant("INSURANCE_FUND_SEED"),
  insuranceVault: bytesConstant("INSURANCE_VAULT_SEED"),
  position: bytesConstant("POSITION_SEED"),
  shortfall: bytesConstant("SHORTFALL_SEED"),
  stake: bytesConstant("STAKE_SEED"),
  change: bytesConstant("CHANGE_SEED"),
};
const u64le = (n: number | bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};
const pda = (seeds: Buffer[]) => PublicKey.findProgramAddressSync(seeds, PROGRAM_ID)[0];

export const pdas = {
  /**
   * `["market", mint, creator, marketId]`: keyed by the key that created it (its first admin),
   * so nobody else can hold the address a user derives from the operator's key.
   */
  market: (mint: PublicKey, creator: PublicKey, marketId: number | bigint) =>
    pda([SEED.market, mint.toBuffer(), creator.toBuffer(), u64le(marketId)]),
  collateralVault: (market: PublicKey) => pda([SEED.collateralVault, market.toBuffer()]),
  insuranceFund: (market: PublicKey) => pda([SEED.insuranceFund, market.toBuffer()]),
  insuranceVault: (market: PublicKey) => pda([SEED.insuranceVault, market.toBuffer()]),
  position: (market: PublicKey, owner: PublicKey) => pda([SEED.position, market.toBuffer(), owner.toBuffer()]),
  /**
   * The `positionSeq`-th shortfall record of a position: `["shortfall", position, positionSeq]`,
   * where `positionSeq` is the position's `shortfallCount` when it went bankrupt.
   */
  shortfallRecord: (position: PublicKey, positionSeq: number | bigint) => pdas.shortfallRecordWithBump(position, positionSeq)[0],
  /** The record's address and its bump (`resolve_shortfall` takes the bump: the program checks one address). */
  shortfallRecordWithBump: (position: PublicKey, positionSeq: number | bigint): [PublicKey, number] =>
    PublicKey.findProgramAddressSync([SEED.shortfall, position.toBuffer(), u64le(positionSeq)], PROGRAM_ID),
  /** The record's address with a given bump (any valid one: the program accepts the bump a resolver gives), or null if it gives none. */
  shortfallRecordAt: (position: PublicKey, positionSeq: number | bigint, bump: number): PublicKey | null => {
    try {
      return PublicKey.createProgramAddressSync([SEED.shortfall, position.toBuffer(), u64le(positionSeq), Buffer.from([bump])], PROGRAM_ID);
    } catch {
      return null;
    }
  },
  stake: (fund: PublicKey, staker: PublicKey) => pda([SEED.stake, fund.toBuffer(), staker.toBuffer()]),
  /** The `seq`-th proposed change of a market: `["change", market, seq]` (`seq`: the market's `changeCount` when proposed). */
  pendingChange: (market: PublicKey, seq: number | bigint) => pda([SEED.change, market.toBuffer(), u64le(seq)]),
};

export interface MarketKeys {
  market: PublicKey;
  mint: PublicKey;
  tokenProgram: PublicKey;
  collateralVault: PublicKey;
  insuranceFund: PublicKey;
  insuranceVault: PublicKey;
}

/** A market's accounts, derived from its mint, its creator and its id (nothing is read). */
export function marketKeys(mint: PublicKey, creator: PublicKey, marketId: number | bigint, tokenProgram = TOKEN_PROGRAM_ID): MarketKeys {
  const market = pdas.market(mint, creator, marketId);
  return {
    market,
    mint,
    tokenProgram,
    collateralVault: pdas.collateralVault(market),
    insuranceFund: pdas.insuranceFund(market),
    insuranceVault: pdas.insuranceVault(market),
  };
}

