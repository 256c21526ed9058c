/**
 * Finding a market safely. A market's address is `["market", mint, creator, marketId]`, so the
 * address derived from the operator's key, the mint and the id can only hold the operator's
 * market. An address received from elsewhere (a link, a config file) may hold anyone's market on
 * the same mint: `loadMarketKeys` reads it and, given the admin (or creator) the caller expects,
 * refuses any other with a `MarketMismatchError`. Also: the market's rent reserve (lamports on the
 * market account above its rent-exempt minimum, which pay shortfall records' rent).
 */
import { Connection, PublicKey, SystemProgram, TransactionInstruction } from "@solana/web3.js";
import { checkedBn } from "./amount";
import { decodeVerified, UntrustedAccountError } from "./verify";
import { MarketKeys, marketKeys } from "./pda";

/** What the caller expects of a market: its current admin and / or its creator. */
export interface ExpectedMarket {
  admin?: PublicKey;
  creator?: PublicKey;
}

/** Where to find a market by derivation: its mint, the key that created it, and its id. */
export interface MarketSeeds {
  mint: PublicKey;
  creator: PublicKey;
  marketId: number | bigint;
}

/** The market is not the one the caller expects (another admin or creator), or none is there. */
export class MarketMismatchError extends Error {
  constructor(readonly market: PublicKey, message: string) {
    super(message);
    this.name = "MarketMismatchError";
  }
}

/** The identity fields of a market account, as read from the chain. */
export interface MarketIdentity {
  keys: MarketKeys;
  marketId: bigint;
  creator: PublicKey;
  admin: PublicKey;
  /** The collateral mint's decimals. */
  decimals: number;
}

/**
 * Read the market at `address` and derive its accounts from what it records (mint, creator, id,
 * token program). Throws `MarketMismatchError` when no market is there, when the address is not
 * the one its own fields derive, or when its admin or creator is not the expected one.
 */
export async function loadMarketKeys(connection: Connection, address: PublicKey, expected: ExpectedMarket = {}): Promise<MarketIdentity> {
  const info = await connection.getAccountInfo(address, "confirmed");
  if (!info) throw new MarketMismatchError(address, `no loss-mutualization market at ${address.toBase58()}`);
  let m;
  try {
    // Owner, discriminator, and the address its mint, creator and id derive (verify.ts).
    m = decodeVerified("market", address, info);
  } catch (e) {
    if (e instanceof UntrustedAccountError) throw new MarketMismatchError(address, `no loss-mutualization market at ${address.toBase58()}: ${e.message}`);
    throw e;
  }
  const marketId = BigInt(m.marketId.toString());
  const creator = m.creator as PublicKey;
  const admin = m.admin as PublicKey;
  const keys = marketKeys(m.collateralMint, creator, marketId, m.collateralTokenProgram);
  const check = (what: string, actual: PublicKey, want?: PublicKey) => {
    if (want && !actual.equals(want)) {
      throw new MarketMismatchError(
        address,
        `market ${address.toBase58()} has ${what} ${actual.toBase58()}, not the expected ${want.toBase58()}: refusing to use it`,
      );
    }
  };
  check("creator", creator, expected.creator);
  check("admin", admin, expected.admin);
  return { keys, marketId, creator, admin, decimals: m.collateralDecimals };
}

/** The market derived from (mint, creator, id), read and checked like `loadMarketKeys` (its creator is `seeds.creator` by construction). */
export async function openMarketKeys(connection: Connection, seeds: MarketSeeds, expected: ExpectedMarket = {}): Promise<MarketIdentity> {
  const address = marketKeys(seeds.mint, seeds.creator, seeds.marketId).market;
  return await loadMarketKeys(connection, address, { ...expected, creator: seeds.creator });
}

/** Lamports on the market account above its rent-exempt minimum: what pays shortfall records' rent. */
export async function rentReserve(connection: Connection, market: PublicKey): Promise<bigint> {
  const info = await connection.getAccountInfo(market, "confirmed");
  if (!info) return 0n;
  const minimum = await connection.getMinimumBalanceForRentExemption(info.data.length, "confirmed");
  return BigInt(Math.max(info.lamports - minimum, 0));
}

/** A plain SOL transfer to the market's address: it adds to the rent reserve. */
export function fundRentReserveIx(from: PublicKey, market: PublicKey, lamports: bigint | number): TransactionInstruction {
  return SystemProgram.transfer({ fromPubkey: from, toPubkey: market, lamports: BigInt(checkedBn("lamports", lamports).toString()) });
}
