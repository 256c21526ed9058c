/**
 * What the TypeScript tests share: one local validator for the whole run (started by the first
 * spec that asks, stopped by a root `after` hook), funded wallets, the program's named errors,
 * and markets with wallets that hold, deposit and stake collateral.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, SYSVAR_CLOCK_PUBKEY } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { errorCode, LossMutualizationClient, MarketParams, marketKeys, programError, Signer } from "@loss-mutualization/sdk";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { numberConstant } from "@loss-mutualization/sdk";

export const PORT = Number(process.env.LM_TEST_RPC_PORT ?? 18899);

/**
 * Market parameters of the tests: a 2 s liquidation window, so that a keeper's wait is short; a
 * 3-day notice (the floor here is 2 days + 4,050 s, the longest maturity of 3,600 s).
 */
export const TEST_PARAMS: MarketParams = {
  profitMaturitySecs: 3600,
  maxDrawPerEvent: 1_000_000_000n,
  drawWindowCap: 5_000_000_000n,
  drawWindowSecs: 86_400,
  unstakeDelaySecs: 0,
  unstakeWindowSecs: numberConstant("MIN_UNSTAKE_WINDOW_SECS"),
  liquidationWindowSecs: 2,
  maxShortfallBps: 1_000_000,
  noticeSecs: 3 * 86_400,
};

let shared: Promise<{ net: Localnet; connection: Connection }> | null = null;

/** The validator every spec of this run shares (on LM_TEST_RPC_PORT, default 18899). */
export function localnet(): Promise<{ net: Localnet; connection: Connection }> {
  shared ??= (async () => {
    const net = await startLocalnet(PORT);
    return { net, connection: new Connection(net.url, { commitment: "confirmed", wsEndpoint: net.wsUrl }) };
  })();
  return shared;
}

after(async () => {
  if (!shared) return;
  const { net, connection } = await shared;
  (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();
  await net.stop();
});

/** A new keypair with `sol` SOL. */
export async function funded(sol = 10): Promise<Keypair> {
  const { connection } = await localnet();
  const keypair = Keypair.generate();
  await connection.confirmTransaction(await connection.requestAirdrop(keypair.publicKey, sol * LAMPORTS_PER_SOL), "confirmed");
  return keypair;
}

/** A rejection with the program's named error `name` (whose code comes from the IDL). */
export const named = (name: string) => (err: unknown) => {
  const e = programError(err);
  assert.equal(e?.name, name, `expected ${name}, got ${e?.name ?? String(err)}`);
  assert.equal(e?.code, errorCode(name).code);
  return true;
};

/** A new 6-decimal SPL mint whose mint authority is `authority`. */
export async function createMint(authority: Keypair): Promise<PublicKey> {
  const { connection } = await localnet();
  const mint = Keypair.generate();
  const client = new LossMutualizationClient(connection, authority, marketKeys(mint.publicKey, authority.publicKey, 0));
  const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
  await client.send(
    [
      SystemProgram.createAccount({ fromPubkey: authority.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
      createInitializeMint2Instruction(mint.publicKey, 6, authority.publicKey, null),
    ],
    [mint],
  );
  return mint.publicKey;
}

export interface MarketSetup {
  /** The admin's client of the new market. */
  client: LossMutualizationClient;
  /** A client of the market paid by `who`. */
  on: (who: Signer) => LossMutualizationClient;
  wallets: Record<string, Keypair>;
  ata: (owner: PublicKey) => PublicKey;
}

/**
 * A market on `mint` (whose mint authority is `admin`) created by `admin`, with a rent reserve of
 * `reserveLamports`, and fresh wallets that each hold 5 tokens, deposit `deposits[name]` (when > 0)
 * and stake `stakes[name]`.
 */
export async function setupMarket(options: {
  admin: Keypair;
  risk: PublicKey;
  clearing: PublicKey;
  mint: PublicKey;
  marketId: number;
  params?: Partial<MarketParams>;
  deposits?: Record<string, bigint>;
  stakes?: Record<string, bigint>;
  reserveLamports?: bigint;
}): Promise<MarketSetup> {
  const { connection } = await localnet();
  const { admin, mint, marketId, deposits = {}, stakes = {} } = options;
  const client = new LossMutualizationClient(connection, admin, marketKeys(mint, admin.publicKey, marketId));
  await client.send([await client.initializeMarketIx(admin.publicKey, marketId, options.risk, options.clearing, { ...TEST_PARAMS, ...options.params })]);
  const reserve = options.reserveLamports ?? BigInt(LAMPORTS_PER_SOL / 10);
  if (reserve > 0n) await client.fundRentReserve(reserve);
  const on = (who: Signer) => new LossMutualizationClient(connection, who, client.keys);
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);
  const wallets: Record<string, Keypair> = {};
  for (const name of new Set([...Object.keys(deposits), ...Object.keys(stakes)])) {
    const wallet = await funded();
    wallets[name] = wallet;
    await client.send([
      createAssociatedTokenAccountIdempotentInstruction(admin.publicKey, ata(wallet.publicKey), wallet.publicKey, mint),
      createMintToInstruction(mint, ata(wallet.publicKey), admin.publicKey, 5_000_000n),
    ]);
    if ((deposits[name] ?? 0n) > 0n) await on(wallet).deposit(wallet, ata(wallet.publicKey), deposits[name]);
    if ((stakes[name] ?? 0n) > 0n) await on(wallet).stake(wallet, ata(wallet.publicKey), stakes[name]);
  }
  return { client, on, wallets, ata };
}

/** One spec file's operator: its authorities, a keeper wallet, a mint, and its markets. */
export interface SpecMarkets {
  admin: Keypair;
  risk: Keypair;
  clearing: Keypair;
  /** A plain wallet with no authority and no position. */
  keeper: Keypair;
  mint: PublicKey;
  /**
   * A market on the mint (admin, risk and clearing as above), with fresh wallets that each hold
   * 5 tokens, deposit `deposits[name]` (when > 0) and stake `stakes[name]` (`setupMarket`).
   */
  newMarket(marketId: number, deposits: Record<string, bigint>, stakes?: Record<string, bigint>, params?: Partial<MarketParams>): Promise<MarketSetup>;
}

/** Fund the authorities and a keeper, create the mint (`SpecMarkets`). */
export async function specMarkets(): Promise<SpecMarkets> {
  const [admin, risk, clearing, keeper] = await Promise.all([funded(100), funded(), funded(), funded()]);
  const mint = await createMint(admin);
  const newMarket = (marketId: number, deposits: Record<string, bigint>, stakes: Record<string, bigint> = {}, params: Partial<MarketParams> = {}) =>
    setupMarket({ admin, risk: risk.publicKey, clearing: clearing.publicKey, mint, marketId, deposits, stakes, params });
  return { admin, risk, clearing, keeper, mint, newMarket };
}

/**
 * Move the validator's clock forward to `unixSecs` (its `surfnet_timeTravel`, which takes
 * milliseconds as Surfpool's does); the clock runs on from there. Returns the clock then read
 * back from the chain. Every spec shares the validator: only ever forward.
 */
export async function timeTravel(unixSecs: number): Promise<number> {
  const { net, connection } = await localnet();
  const response = await fetch(net.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "surfnet_timeTravel", params: [{ absoluteTimestamp: unixSecs * 1000 }] }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`surfnet_timeTravel: ${body.error.message}`);
  const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  return Number(clock!.data.readBigInt64LE(32));
}

/** Move the validator's clock `secs` ahead of where it is now (`timeTravel`); returns the clock then. */
export async function travelBy(secs: number): Promise<number> {
  const { connection } = await localnet();
  const clock = await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed");
  return await timeTravel(Number(clock!.data.readBigInt64LE(32)) + secs);
}

/** Wait until `done()` holds (polling), or fail after `ms`; returns the ms it took. */
export async function until(done: () => Promise<boolean>, ms: number, what: string): Promise<number> {
  const start = Date.now();
  while (!(await done())) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return Date.now() - start;
}
