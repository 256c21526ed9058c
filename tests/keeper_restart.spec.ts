/**
 * The keeper against a validator that is killed and restarted while it runs: its own validator
 * on another port, the same market rebuilt after the restart (same mint keypair, same market id,
 * so the same addresses), and a new bankruptcy that the keeper must resolve by itself.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Keeper, KeeperLogLine } from "../keeper/keeper";
import { LossMutualizationClient, marketKeys } from "@loss-mutualization/sdk";
import { startLocalnet } from "../app/src/localnet";
import { TEST_PARAMS } from "./env";

// Its own port (each spec that starts a validator of its own has one: +100 ... +800).
const PORT = Number(process.env.LM_TEST_RPC_PORT ?? 18899) + 800;

/**
 * One market with a winner (1 token deposited) and a loser (2_000 base units: a position needs
 * collateral behind it to go bankrupt), all keypairs fixed.
 */
async function buildMarket(url: string, wsUrl: string, k: Record<"admin" | "clearing" | "mint" | "winner" | "loser" | "keeper", Keypair>) {
  const connection = new Connection(url, { commitment: "confirmed", wsEndpoint: wsUrl });
  for (const who of [k.admin, k.clearing, k.winner, k.loser, k.keeper]) {
    await connection.confirmTransaction(await connection.requestAirdrop(who.publicKey, 10 * LAMPORTS_PER_SOL), "confirmed");
  }
  const admin = new LossMutualizationClient(connection, k.admin, marketKeys(k.mint.publicKey, k.admin.publicKey, 9));
  const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
  await admin.send(
    [
      SystemProgram.createAccount({ fromPubkey: k.admin.publicKey, newAccountPubkey: k.mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(k.mint.publicKey, 6, k.admin.publicKey, null),
    ],
    [k.mint],
  );
  await admin.send([
    await admin.initializeMarketIx(k.admin.publicKey, 9, k.admin.publicKey, k.clearing.publicKey, {
      ...TEST_PARAMS,
      maxDrawPerEvent: 1_000_000n,
      drawWindowCap: 1_000_000n,
    }),
  ]);
  const as = (who: Keypair) => new LossMutualizationClient(connection, who, admin.keys);
  for (const [who, amount] of [[k.winner, 1_000_000n], [k.loser, 2_000n]] as const) {
    const ata = getAssociatedTokenAddressSync(k.mint.publicKey, who.publicKey);
    await admin.send([
      createAssociatedTokenAccountIdempotentInstruction(k.admin.publicKey, ata, who.publicKey, k.mint.publicKey),
      createMintToInstruction(k.mint.publicKey, ata, k.admin.publicKey, amount),
    ]);
    await as(who).deposit(who, ata, amount);
  }
  return { connection, admin, as };
}

describe("keeper across a validator restart", () => {
  it("keeps running through a killed and restarted validator and resolves the next bankruptcy by itself (once its liquidation window ends)", async function () {
    this.timeout(120_000);
    const k = { admin: Keypair.generate(), clearing: Keypair.generate(), mint: Keypair.generate(), winner: Keypair.generate(), loser: Keypair.generate(), keeper: Keypair.generate() };
    let net = await startLocalnet(PORT);
    const lines: KeeperLogLine[] = [];
    let keeper: Keeper | null = null;
    try {
      const first = await buildMarket(net.url, net.wsUrl, k);
      // The keeper gets its own connection, kept across the restart (same URL and port).
      const keeperClient = new LossMutualizationClient(new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl }), k.keeper, first.admin.keys);
      keeper = new Keeper(keeperClient, { intervalMs: 300, log: (l) => lines.push(l) });
      keeper.start();
      /** A bankruptcy, then wait until the keeper has resolved it (and counted it). */
      const bankrupt = async (market: Awaited<ReturnType<typeof buildMarket>>, amount: bigint, resolvedBefore: number) => {
        const clearing = market.as(k.clearing);
        await clearing.send([await clearing.applyPnlIx(k.clearing.publicKey, k.winner.publicKey, k.loser.publicKey, amount)], [k.clearing]);
        const start = Date.now();
        while ((await market.admin.market()).pendingShortfall !== 0n || keeper!.stats.resolved === resolvedBefore) {
          assert.ok(Date.now() - start < 15_000, `the keeper did not resolve the bankruptcy: ${JSON.stringify(lines.slice(-4))}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await bankrupt(first, 5_000n, 0);
      assert.equal(keeper.stats.resolved, 1);

      // Kill the validator mid-run: the keeper's passes fail and are logged, it keeps going.
      await net.stop();
      const errorsBefore = keeper.stats.errors;
      const start = Date.now();
      while (keeper.stats.errors === errorsBefore) {
        assert.ok(Date.now() - start < 10_000, "the keeper did not notice the validator was gone");
        await new Promise((r) => setTimeout(r, 50));
      }
      // Restart it on the same port, rebuild the same market, and make a new bankruptcy.
      net = await startLocalnet(PORT);
      const second = await buildMarket(net.url, net.wsUrl, k);
      assert.ok(second.admin.keys.market.equals(first.admin.keys.market), "the same market address");
      await bankrupt(second, 7_000n, 1);
      assert.equal(keeper.stats.resolved, 2, JSON.stringify(lines.filter((l) => l.msg !== "keeper started").slice(-6)));
      const [event] = await second.admin.lossEvents();
      assert.ok(event.resolver.equals(k.keeper.publicKey));
      assert.equal(event.shortfall, 5_000n); // 7_000 lost with 2_000 of collateral
      assert.ok(lines.some((l) => l.level !== "info"), "the outage was logged");
    } finally {
      await keeper?.stop();
      await net.stop();
    }
  });
});
