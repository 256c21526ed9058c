/**
 * Squatting: a market's address is keyed by its creator, so the address derived from the
 * operator's key holds the operator's market and nobody else's. The SDK, the CLI and
 * migrations/deploy.ts refuse a market whose admin (or creator) is not the expected one, and
 * accept the well-formed twin.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey } from "@solana/web3.js";
import { AnchorProvider, Wallet } from "@anchor-lang/core";
import { LossMutualizationClient, MarketMismatchError, marketKeys, programError } from "@loss-mutualization/sdk";
import { createMint, funded, localnet, setupMarket, TEST_PARAMS, timeTravel } from "./env";

/** The admin hands the market over: an admin change, applied by the new admin once its notice is served. */
async function handOver(client: LossMutualizationClient, admin: Keypair, next: Keypair) {
  const { seq } = await client.proposeChange(admin, { kind: "admin", newAdmin: next.publicKey });
  const { dueAt } = (await client.pendingChange(seq))!;
  await timeTravel(dueAt!);
  await new LossMutualizationClient(client.connection, next, client.keys).applyChange(next, seq);
}

describe("a market whose admin is not the expected one is refused", () => {
  let connection: Connection;
  let url: string;
  let operator: Keypair, squatter: Keypair, user: Keypair;
  let mint: PublicKey;
  let operatorMarket: PublicKey, squatterMarket: PublicKey;

  before(async () => {
    const shared = await localnet();
    connection = shared.connection;
    url = shared.net.url;
    [operator, squatter, user] = await Promise.all([funded(20), funded(), funded()]);
    mint = await createMint(operator);
    // The same mint and id, two creators: two markets at two addresses.
    const setups = await Promise.all(
      [operator, squatter].map((admin) => setupMarket({ admin, risk: admin.publicKey, clearing: admin.publicKey, mint, marketId: 1 })),
    );
    [operatorMarket, squatterMarket] = setups.map((s) => s.client.keys.market);
  });

  it("nobody else can create the market at the address derived from the operator's key (ConstraintSeeds)", async () => {
    assert.ok(!operatorMarket.equals(squatterMarket));
    assert.ok(operatorMarket.equals(marketKeys(mint, operator.publicKey, 1).market));
    // The squatter signs initialize_market for the operator's address of market id 2.
    const target = marketKeys(mint, operator.publicKey, 2);
    const as = new LossMutualizationClient(connection, squatter, target);
    const refused = as.send([await as.initializeMarketIx(squatter.publicKey, 2, squatter.publicKey, squatter.publicKey, TEST_PARAMS)]);
    await assert.rejects(refused, (err) => programError(err)?.name === "ConstraintSeeds" && programError(err)?.code === 2006);
    assert.equal(await connection.getAccountInfo(target.market), null);
    // The well-formed twin: the operator creates it there.
    const own = new LossMutualizationClient(connection, operator, target);
    await own.send([await own.initializeMarketIx(operator.publicKey, 2, operator.publicKey, operator.publicKey, TEST_PARAMS)]);
    const created = await own.market();
    assert.deepEqual([created.creator.toBase58(), created.admin.toBase58(), created.marketId], [operator.publicKey.toBase58(), operator.publicKey.toBase58(), 2n]);
  });

  it("the SDK loads a market by address only with the expected admin, and opens the operator's by (mint, creator, id)", async () => {
    // A link to the squatter's market, checked against the operator's key: refused with a clear error.
    await assert.rejects(LossMutualizationClient.load(connection, user, squatterMarket, { admin: operator.publicKey }), (err: unknown) => {
      assert.ok(err instanceof MarketMismatchError);
      assert.equal(
        err.message,
        `market ${squatterMarket.toBase58()} has admin ${squatter.publicKey.toBase58()}, not the expected ${operator.publicKey.toBase58()}: refusing to use it`,
      );
      return true;
    });
    await assert.rejects(LossMutualizationClient.load(connection, user, squatterMarket, { creator: operator.publicKey }), /has creator .* not the expected/);
    // Not a market at all.
    await assert.rejects(LossMutualizationClient.load(connection, user, mint, { admin: operator.publicKey }), /no loss-mutualization market at/);
    // The well-formed twins: the operator's market by address, and derived from its key.
    const loaded = await LossMutualizationClient.load(connection, user, operatorMarket, { admin: operator.publicKey });
    assert.ok(loaded.keys.market.equals(operatorMarket));
    assert.ok((await loaded.market()).admin.equals(operator.publicKey));
    const opened = await LossMutualizationClient.open(connection, user, { mint, creator: operator.publicKey, marketId: 1 }, { admin: operator.publicKey });
    assert.ok(opened.keys.market.equals(operatorMarket));
    assert.ok(opened.keys.insuranceFund.equals(marketKeys(mint, operator.publicKey, 1).insuranceFund));
    // Opening the squatter's creator while expecting the operator as admin: refused.
    await assert.rejects(LossMutualizationClient.open(connection, user, { mint, creator: squatter.publicKey, marketId: 1 }, { admin: operator.publicKey }), MarketMismatchError);
  });

  it("after an admin change (applied by the new admin after its notice) the creator stays: the old admin is refused as expected admin, the new one accepted", async () => {
    const setup = await setupMarket({ admin: operator, risk: operator.publicKey, clearing: operator.publicKey, mint, marketId: 3 });
    const next = await funded();
    await handOver(setup.client, operator, next);
    const address = setup.client.keys.market;
    await assert.rejects(LossMutualizationClient.load(connection, user, address, { admin: operator.publicKey }), MarketMismatchError);
    const loaded = await LossMutualizationClient.load(connection, user, address, { admin: next.publicKey, creator: operator.publicKey });
    const market = await loaded.market();
    assert.deepEqual([market.admin.toBase58(), market.creator.toBase58()], [next.publicKey.toBase58(), operator.publicKey.toBase58()]);
  });

  it("the CLI refuses --market with another admin than --expect-admin, and `lm market` derives the operator's", () => {
    const dir = mkdtempSync(join(tmpdir(), "lm-admin-"));
    const file = join(dir, "user.json");
    writeFileSync(file, JSON.stringify([...user.secretKey]));
    const lm = (args: string[]) => {
      try {
        return { ok: true, out: execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", url, "-k", file, "--json", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }) };
      } catch (err: any) {
        return { ok: false, out: String(err.stderr) };
      }
    };
    const refused = lm(["--market", squatterMarket.toBase58(), "--expect-admin", operator.publicKey.toBase58(), "risk"]);
    assert.equal(refused.ok, false);
    assert.match(refused.out, new RegExp(`error: market ${squatterMarket.toBase58()} has admin ${squatter.publicKey.toBase58()}, not the expected ${operator.publicKey.toBase58()}`));
    const accepted = lm(["--market", operatorMarket.toBase58(), "--expect-admin", operator.publicKey.toBase58(), "risk"]);
    assert.ok(accepted.ok, accepted.out);
    assert.equal(JSON.parse(accepted.out).pendingShortfall, "0");
    const derived = JSON.parse(lm(["market", "--creator", operator.publicKey.toBase58(), "--mint", mint.toBase58(), "--market-id", "1"]).out);
    assert.deepEqual(
      [derived.market, derived.creator, derived.admin, derived.liquidationWindowSecs, derived.maxShortfallBps, derived.unstakeWindowSecs, derived.noticeSecs, derived.pendingChanges],
      [operatorMarket.toBase58(), operator.publicKey.toBase58(), operator.publicKey.toBase58(), TEST_PARAMS.liquidationWindowSecs, TEST_PARAMS.maxShortfallBps, TEST_PARAMS.unstakeWindowSecs, TEST_PARAMS.noticeSecs, 0],
    );
  });

  it("migrations/deploy.ts creates the market with the new parameters and a rent reserve, and fails on a market whose admin is another", async () => {
    const deployer = await funded(10);
    const provider = new AnchorProvider(connection, new Wallet(deployer), { commitment: "confirmed" });
    const env = { LM_COLLATERAL_MINT: process.env.LM_COLLATERAL_MINT, LM_MARKET_ID: process.env.LM_MARKET_ID };
    process.env.LM_COLLATERAL_MINT = mint.toBase58();
    process.env.LM_MARKET_ID = "42";
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const deploy = require("../migrations/deploy") as (p: AnchorProvider) => Promise<void>;
    try {
      await deploy(provider);
      const deployed = await LossMutualizationClient.open(connection, deployer, { mint, creator: deployer.publicKey, marketId: 42 }, { admin: deployer.publicKey });
      const [market, fund] = await Promise.all([deployed.market(), deployed.fund()]);
      assert.deepEqual(
        [market.profitMaturitySecs, market.liquidationWindowSecs, market.maxShortfallBps, fund.unstakeDelaySecs, fund.unstakeWindowSecs, market.noticeSecs],
        [3_600, 60, 100_000, 7 * 86_400, 2 * 86_400, 9 * 86_400],
      );
      assert.equal(await deployed.rentReserve(), BigInt(LAMPORTS_PER_SOL));
      // Run again: the same market, the reserve already full.
      await deploy(provider);
      assert.equal(await deployed.rentReserve(), BigInt(LAMPORTS_PER_SOL));
      // The admin handed over: the deployer's address now holds a market it does not run.
      const other = await funded();
      await handOver(deployed, deployer, other);
      await assert.rejects(deploy(provider), (err: unknown) => {
        assert.ok(err instanceof MarketMismatchError);
        assert.match(err.message, new RegExp(`has admin ${other.publicKey.toBase58()}, not the expected ${deployer.publicKey.toBase58()}`));
        return true;
      });
    } finally {
      Object.assign(process.env, env);
      for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
    }
  });
});
