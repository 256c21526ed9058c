/**
 * A wallet-friendly SDK (issue "An exchange can integrate it", item 3): the payer and the extra
 * signers may be wallets that sign themselves (`TransactionSigner`: a public key and
 * `signTransaction`, the key kept inside), including the clearing authority that resolves a
 * pending loss in front; every transaction is v0 with a compute-unit limit (from simulation, or
 * fixed) and the client's priority fee, read back from the chain exactly.
 */
import assert from "node:assert/strict";
import { ComputeBudgetProgram, Connection, Keypair, PublicKey, Transaction, VersionedTransaction } from "@solana/web3.js";
import { computeUnitLimitFor, isKeypair, LossMutualizationClient, MAX_COMPUTE_UNITS, pdas, TransactionSigner } from "@loss-mutualization/sdk";
import { localnet, MarketSetup, SpecMarkets, specMarkets } from "./env";

/** A wallet that holds `keypair` privately and only signs: what a wallet adapter hands an app. */
function walletOf(keypair: Keypair, options: { sign?: boolean } = {}) {
  const requests: string[] = [];
  const wallet: TransactionSigner = {
    publicKey: keypair.publicKey,
    async signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T> {
      requests.push(tx instanceof VersionedTransaction ? `v${tx.version}` : "legacy");
      if (options.sign !== false) (tx as VersionedTransaction).sign([keypair]);
      return tx;
    },
  };
  return { wallet, requests };
}

/** The landed transaction: its bytes (as sent) and its meta, through getTransaction with maxSupportedTransactionVersion 0. */
async function landed(connection: Connection, signature: string) {
  const call = async (encoding: string) => {
    const response = await fetch(connection.rpcEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getTransaction", params: [signature, { encoding, commitment: "confirmed", maxSupportedTransactionVersion: 0 }] }),
    });
    return ((await response.json()) as { result: { transaction: [string, string]; meta: { fee: number; computeUnitsConsumed: number; err: unknown } } }).result;
  };
  const raw = await call("base64");
  // This validator's JSON answer carries no `version` (agave's says 0), so the version is read
  // from the transaction's own bytes, which are what the cluster executed.
  const tx = VersionedTransaction.deserialize(Buffer.from(raw.transaction[0], "base64"));
  const budget = tx.message.compiledInstructions
    .filter((ix) => tx.message.staticAccountKeys[ix.programIdIndex].equals(ComputeBudgetProgram.programId))
    .map((ix) => Buffer.from(ix.data));
  return { tx, meta: raw.meta, budget };
}

const limitIx = (units: number) => Buffer.concat([Buffer.from([2]), u32(units)]);
const priceIx = (microLamports: bigint) => {
  const b = Buffer.alloc(9);
  b[0] = 3;
  b.writeBigUInt64LE(microLamports, 1);
  return b;
};
function u32(n: number) {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

describe("signers and v0 transactions", () => {
  let connection: Connection;
  let spec: SpecMarkets;
  let setup: MarketSetup;
  let alice: Keypair, bob: Keypair, dave: Keypair;
  const tokens = async (owner: PublicKey) => BigInt((await connection.getTokenAccountBalance(setup.ata(owner))).value.amount);
  const principal = async (owner: PublicKey) => (await setup.client.position(owner))!.principal;

  before(async () => {
    ({ connection } = await localnet());
    spec = await specMarkets();
    // A long liquidation window: the clearing authority resolves within it, in front of its next fill.
    setup = await spec.newMarket(1, { alice: 1_000_000n, bob: 2_000_000n, dave: 1_000_000n }, {}, { liquidationWindowSecs: 600 });
    ({ alice, bob, dave } = setup.wallets);
  });

  it("computeUnitLimitFor: the simulated units + 10 % + 10,000, rounded up to 1,000, at most 1,400,000; the most when an RPC reports none or nonsense", () => {
    assert.deepEqual([1, 450, 100_000, 1_000_000, 1_300_000].map(computeUnitLimitFor), [11_000, 11_000, 120_000, 1_110_000, MAX_COMPUTE_UNITS]);
    assert.deepEqual([0, -5, Number.NaN, 1.5, Number.MAX_VALUE].map(computeUnitLimitFor), Array(5).fill(MAX_COMPUTE_UNITS));
    assert.equal(MAX_COMPUTE_UNITS, 1_400_000);
  });

  it("a wallet that changes the transaction it was asked to sign is refused before anything is sent", async () => {
    const honest = walletOf(alice).wallet;
    const altering: TransactionSigner = {
      publicKey: alice.publicKey,
      async signTransaction<T extends Transaction | VersionedTransaction>(tx: T): Promise<T> {
        const v = tx as unknown as VersionedTransaction;
        // It signs a message with another blockhash (any change would do).
        v.message.recentBlockhash = PublicKey.unique().toBase58();
        v.sign([alice]);
        return tx;
      },
    };
    const me = new LossMutualizationClient(connection, altering, setup.client.keys);
    const before = [await tokens(alice.publicKey), (await connection.getSignaturesForAddress(alice.publicKey)).length];
    await assert.rejects(me.deposit(altering, setup.ata(alice.publicKey), 1n), { message: `the wallet ${alice.publicKey.toBase58()} changed the transaction it was asked to sign` });
    assert.deepEqual([await tokens(alice.publicKey), (await connection.getSignaturesForAddress(alice.publicKey)).length], before);
    await new LossMutualizationClient(connection, honest, setup.client.keys).deposit(honest, setup.ata(alice.publicKey), 1n);
    assert.equal(await tokens(alice.publicKey), (before[0] as bigint) - 1n);
  });

  it("a wallet that only has publicKey and signTransaction pays and signs a deposit: it lands, v0, and moves the exact balance", async () => {
    const { wallet, requests } = walletOf(alice);
    assert.deepEqual(Object.keys(wallet).sort(), ["publicKey", "signTransaction"]);
    assert.equal(isKeypair(wallet), false);
    const me = new LossMutualizationClient(connection, wallet, setup.client.keys);
    const [t0, p0, sol0] = [await tokens(alice.publicKey), await principal(alice.publicKey), await connection.getBalance(alice.publicKey)];
    const sent = await me.deposit(wallet, setup.ata(alice.publicKey), 123_456n);
    assert.deepEqual(requests, ["v0"], "one signature request, for a v0 transaction");
    const { tx, meta } = await landed(connection, sent.signature);
    assert.equal(tx.version, 0);
    assert.equal(meta.err, null);
    assert.deepEqual([await tokens(alice.publicKey), await principal(alice.publicKey)], [t0 - 123_456n, p0 + 123_456n]);
    assert.equal(sol0 - (await connection.getBalance(alice.publicKey)), meta.fee, "the wallet paid the fee, and only it");
    assert.equal(meta.fee, 5_000);
  });

  it("a wallet that does not sign is refused before anything is sent; its signing twin lands", async () => {
    const { wallet } = walletOf(alice, { sign: false });
    const me = new LossMutualizationClient(connection, wallet, setup.client.keys);
    const before = [await tokens(alice.publicKey), (await connection.getSignaturesForAddress(alice.publicKey)).length];
    await assert.rejects(me.deposit(wallet, setup.ata(alice.publicKey), 1n), { message: `the transaction lacks the signature of ${alice.publicKey.toBase58()}` });
    assert.deepEqual([await tokens(alice.publicKey), (await connection.getSignaturesForAddress(alice.publicKey)).length], before);
    const signing = walletOf(alice).wallet;
    await new LossMutualizationClient(connection, signing, setup.client.keys).deposit(signing, setup.ata(alice.publicKey), 1n);
    assert.equal(await tokens(alice.publicKey), (before[0] as bigint) - 1n);
  });

  it("the clearing authority as a wallet-style extra signer: its fills land, and it resolves the pending loss in front of the next one", async () => {
    const { wallet: clearing, requests } = walletOf(spec.clearing);
    const payer = setup.on(spec.keeper); // a keypair pays; the clearing authority only signs
    const clearingSol = await connection.getBalance(spec.clearing.publicKey);
    // Dave loses 1.5 tokens holding 1: bankrupt, 0.5 short, a liquidation in its window.
    const fill = await payer.applyPnl(clearing, alice.publicKey, dave.publicKey, 1_500_000n);
    assert.deepEqual(fill.resolved, []);
    assert.equal((await setup.client.market()).pendingShortfall, 500_000n);
    assert.equal((await setup.client.position(alice.publicKey))!.realizedPnl, 1_500_000n);
    // Another pair's fill within the window: the clearing authority signs, so the SDK resolves
    // dave's loss in front of it at once, with the clearing authority as the resolver.
    const next = await payer.applyPnl(clearing, alice.publicKey, bob.publicKey, 1_000n);
    assert.deepEqual(next.resolved.map((p) => p.owner.toBase58()), [dave.publicKey.toBase58()]);
    const resolved = (await payer.events(next.signature)).find((e) => e.name === "shortfallResolved")!.data;
    assert.ok((resolved.resolver as PublicKey).equals(spec.clearing.publicKey));
    assert.equal(resolved.shortfall.toString(), "500000");
    assert.equal((await setup.client.market()).pendingShortfall, 0n);
    assert.ok((await setup.client.recordAt(pdas.shortfallRecord(pdas.position(setup.client.keys.market, dave.publicKey), 0)))!.resolver.equals(spec.clearing.publicKey));
    assert.equal((await setup.client.position(bob.publicKey))!.principal, 1_999_000n);
    assert.deepEqual(requests, ["v0", "v0"]);
    const { tx } = await landed(connection, next.signature);
    assert.deepEqual(tx.message.staticAccountKeys.slice(0, tx.message.header.numRequiredSignatures).map((k) => k.toBase58()), [spec.keeper.publicKey, spec.clearing.publicKey].map((k) => k.toBase58()));
    assert.equal(await connection.getBalance(spec.clearing.publicKey), clearingSol, "the payer paid the fees and the record's rent came from the reserve");
  });

  it("a v0 transaction with the compute-unit limit asked and a priority fee: read back, the limit and the price are exactly those, and so is the fee", async () => {
    const me = setup.on(alice);
    me.computeUnitLimit = 80_000;
    me.computeUnitPriceMicroLamports = 1_234;
    const sol0 = await connection.getBalance(alice.publicKey);
    const t0 = await tokens(alice.publicKey);
    const sent = await me.deposit(alice, setup.ata(alice.publicKey), 10n);
    const { tx, meta, budget } = await landed(connection, sent.signature);
    assert.equal(tx.version, 0);
    assert.deepEqual(budget, [limitIx(80_000), priceIx(1_234n)]);
    // 5,000 per signature and the priority fee: ceil(1,234 µlamports × 80,000 CU / 10^6) = 99.
    assert.equal(meta.fee, 5_000 + 99);
    assert.equal(sol0 - (await connection.getBalance(alice.publicKey)), 5_099);
    assert.equal(t0 - (await tokens(alice.publicKey)), 10n);
  });

  it("without a fixed limit, the limit is the simulation's units with the margin, and no price is set when none is asked", async () => {
    const me = setup.on(alice);
    const sent = await me.deposit(alice, setup.ata(alice.publicKey), 10n);
    const { tx, meta, budget } = await landed(connection, sent.signature);
    assert.equal(tx.version, 0);
    assert.ok(meta.computeUnitsConsumed > 5_000, String(meta.computeUnitsConsumed));
    assert.deepEqual(budget, [limitIx(computeUnitLimitFor(meta.computeUnitsConsumed))]);
    assert.equal(meta.fee, 5_000);
  });
});
