// Anchor's `anchor migrate` entry: initialize a market on the provider's cluster.
//
//   LM_COLLATERAL_MINT=<mint> [LM_MARKET_ID=1] anchor migrate
//
// The provider wallet becomes admin, risk and clearing authority (hand them over later with
// `set_authorities` and `transfer_admin`).
import { AnchorProvider } from "@anchor-lang/core";
import { Keypair, PublicKey } from "@solana/web3.js";
import { LossMutualizationClient, marketKeys } from "../app/src/client";

module.exports = async function (provider: AnchorProvider) {
  const mint = process.env.LM_COLLATERAL_MINT;
  if (!mint) throw new Error("set LM_COLLATERAL_MINT to the collateral mint");
  const marketId = BigInt(process.env.LM_MARKET_ID ?? "1");
  const mintInfo = await provider.connection.getAccountInfo(new PublicKey(mint));
  if (!mintInfo) throw new Error(`mint ${mint} not found`);
  const payer = (provider.wallet as unknown as { payer: Keypair }).payer;
  const keys = marketKeys(new PublicKey(mint), marketId, mintInfo.owner);
  const client = new LossMutualizationClient(provider.connection, payer, keys);
  if (await provider.connection.getAccountInfo(keys.market)) {
    console.log(`market ${keys.market.toBase58()} already exists`);
    return;
  }
  const me = payer.publicKey;
  await client.send([
    await client.initializeMarketIx(me, marketId, me, me, {
      profitMaturitySecs: 3600,
      maxDrawPerEvent: 1_000_000_000_000n,
      drawWindowCap: 5_000_000_000_000n,
      drawWindowSecs: 86_400,
      unstakeDelaySecs: 7 * 86_400,
    }),
  ]);
  console.log(`market ${keys.market.toBase58()} initialized (insurance fund ${keys.insuranceFund.toBase58()})`);
};
