/**
 * Sending again never executes a request twice: a confirmation that timed out (a lost PubSub
 * connection, an RPC without one) is not proof that the transaction failed to land, so before
 * sending again under a new blockhash the SDK asks the cluster whether it landed.
 */
import assert from "node:assert/strict";
import { Connection, TransactionExpiredBlockheightExceededError } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { LossMutualizationClient } from "@loss-mutualization/sdk";
import { localnet, specMarkets } from "./env";

/**
 * A connection to the real validator whose first confirmation waits for the real one and then
 * reports the blockhash expired, as web3.js does when its signature subscription never answers.
 */
function losingFirstConfirmation(connection: Connection): Connection {
  const lossy = new Connection(connection.rpcEndpoint, { commitment: "confirmed", wsEndpoint: (connection as unknown as { _rpcWsEndpoint: string })._rpcWsEndpoint });
  const confirm = lossy.confirmTransaction.bind(lossy);
  let lost = false;
  lossy.confirmTransaction = (async (strategy: Parameters<Connection["confirmTransaction"]>[0], commitment?: Parameters<Connection["confirmTransaction"]>[1]) => {
    const result = await confirm(strategy as never, commitment);
    if (lost) return result;
    lost = true;
    throw new TransactionExpiredBlockheightExceededError((strategy as unknown as { signature: string }).signature);
  }) as Connection["confirmTransaction"];
  return lossy;
}

describe("sending again", () => {
  it("a landed transaction whose confirmation was lost is not sent again: one deposit, its signature returned", async () => {
    const { connection } = await localnet();
    const { mint, newMarket } = await specMarkets();
    const { client: m, wallets } = await newMarket(41, { saver: 1_000n });
    const saver = wallets.saver;
    const retries: string[] = [];
    const client = new LossMutualizationClient(losingFirstConfirmation(connection), saver, m.keys);
    client.onRetry = (message) => retries.push(message);
    const account = getAssociatedTokenAddressSync(mint, saver.publicKey);
    const before = (await m.position(saver.publicKey))!.principal;

    const { signature } = await client.deposit(saver, account, 7n);
    assert.equal((await m.position(saver.publicKey))!.principal, before + 7n, "the deposit executed exactly once");
    assert.deepEqual(retries, []);
    const status = (await connection.getSignatureStatuses([signature], { searchTransactionHistory: true })).value[0];
    assert.equal(status?.err, null);

    // Its twin through a connection that loses nothing deposits once too.
    const plain = new LossMutualizationClient(connection, saver, m.keys);
    await plain.deposit(saver, account, 7n);
    assert.equal((await m.position(saver.publicKey))!.principal, before + 14n);
  });
});
