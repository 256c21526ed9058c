// Anchor's `anchor migrate` entry: initialize a market on the provider's cluster.
//
//   LM_COLLATERAL_MINT=<mint> [LM_MARKET_ID=1] [LM_RENT_RESERVE_SOL=1] anchor migrate
//
// The provider wallet becomes admin (and creator: the market's address derives from its key),
// risk and clearing authority (hand them over later by proposing a change, `lm propose-authorities`
// and `lm propose-admin`: it applies after the market's notice).
// Run again, it leaves the market as it is, unless the market at its address has another admin
// (the admin was handed over): then it fails instead of treating that market as its own. Either
// way it tops the market's rent reserve (lamports that pay shortfall records' rent) up to
// LM_RENT_RESERVE_SOL.
import { AnchorProvider } from "@anchor-lang/core";
import { Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { LossMutualizationClient, MarketParams, marketKeys, minimumNotice } from "@loss-mutualization/sdk";

/** The parameters a new market starts with (a proposed change, `lm propose-params`, changes them later). */
const DEPLOY_PARAMS: MarketParams = {
  profitMaturitySecs: 3600,
  maxDrawPerEvent: 1_000_000_000_000n,
  drawWindowCap: 5_000_000_000_000n,
  drawWindowSecs: 86_400,
  unstakeDelaySecs: 7 * 86_400,
  unstakeWindowSecs: 2 * 86_400,
  liquidationWindowSecs: 60,
  maxShortfallBps: 100_000,
  // The floor: 2 days on top of the longest exit, the 7-day unstake delay (`minimumNotice`).
  noticeSecs: minimumNotice(3600, 7 * 86_400),
};

module.exports = async function (provider: AnchorProvider) {
  const mint = process.env.LM_COLLATERAL_MINT;
  if (!mint) throw new Error("set LM_COLLATERAL_MINT to the collateral mint");
  const marketId = BigInt(process.env.LM_MARKET_ID ?? "1");
  const reserveTarget = BigInt(Math.round(Number(process.env.LM_RENT_RESERVE_SOL ?? "1") * LAMPORTS_PER_SOL));
  const mintInfo = await provider.connection.getAccountInfo(new PublicKey(mint));
  if (!mintInfo) throw new Error(`mint ${mint} not found`);
  const payer = (provider.wallet as unknown as { payer: Keypair }).payer;
  const me = payer.publicKey;
  const keys = marketKeys(new PublicKey(mint), me, marketId, mintInfo.owner);
  let client: LossMutualizationClient;
  if (await provider.connection.getAccountInfo(keys.market)) {
    // Throws MarketMismatchError when the market there has another admin.
    client = await LossMutualizationClient.open(provider.connection, payer, { mint: keys.mint, creator: me, marketId }, { admin: me });
    console.log(`market ${keys.market.toBase58()} already exists with this admin`);
  } else {
    client = new LossMutualizationClient(provider.connection, payer, keys);
    await client.send([await client.initializeMarketIx(me, marketId, me, me, DEPLOY_PARAMS)]);
    console.log(`market ${keys.market.toBase58()} initialized (insurance fund ${keys.insuranceFund.toBase58()})`);
  }
  const reserve = await client.rentReserve();
  if (reserve < reserveTarget) await client.fundRentReserve(reserveTarget - reserve);
  console.log(`rent reserve: ${await client.rentReserve()} lamports`);
};
