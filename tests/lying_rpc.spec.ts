/**
 * A lying RPC cannot redirect money or feed the SDK another account's data (issue 21, item 1).
 * A proxy in front of the validator answers `getAccountInfo` / `getMultipleAccounts` for one
 * address with another account's data (or the same data under another owner). Anchor's own
 * account fetch, which the SDK used before `verify.ts`, decodes such an answer without a word;
 * the SDK and the CLI now refuse it, and nothing moves. Each twin through the honest validator
 * goes through.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, Server } from "node:http";
import { AddressInfo } from "node:net";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, createMintToInstruction, getAccount, getAssociatedTokenAddressSync } from "@solana/spl-token";
import { LossMutualizationClient, pdas, UntrustedAccountError } from "@loss-mutualization/sdk";
import { funded, localnet, setupMarket, specMarkets } from "./env";

/** What the proxy answers for `target` instead of the truth. */
interface Lie {
  target: PublicKey;
  data: Buffer;
  owner: PublicKey;
}

/** A JSON-RPC proxy to `upstream` that tells `lie` about one account and the truth otherwise. */
async function lyingProxy(upstream: string, lie: () => Lie | null): Promise<{ url: string; server: Server }> {
  const rewrite = (request: { method?: string; params?: unknown[] }, response: { result?: { value?: unknown } }) => {
    const told = lie();
    if (!told || !response.result) return;
    const swap = (value: Record<string, unknown> | null) =>
      value && { ...value, data: [told.data.toString("base64"), "base64"], owner: told.owner.toBase58(), space: told.data.length };
    const [first] = request.params ?? [];
    if (request.method === "getAccountInfo" && first === told.target.toBase58()) {
      response.result.value = swap(response.result.value as Record<string, unknown> | null);
    }
    if (request.method === "getMultipleAccounts" && Array.isArray(first)) {
      const values = response.result.value as (Record<string, unknown> | null)[];
      first.forEach((address, i) => {
        if (address === told.target.toBase58()) values[i] = swap(values[i]);
      });
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const upstreamResponse = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body });
      const answer = await upstreamResponse.json();
      const requests = JSON.parse(body);
      if (Array.isArray(requests)) requests.forEach((r, i) => rewrite(r, answer[i]));
      else rewrite(requests, answer);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("a lying RPC (issue 21, item 1)", function () {
  let proxy: { url: string; server: Server };
  let told: Lie | null = null;
  let net: { url: string };
  let connection: Connection;

  before(async () => {
    ({ net, connection } = await localnet());
    proxy = await lyingProxy(net.url, () => told);
  });
  after(() => proxy.server.close());

  it("cannot swap the market a CLI deposit goes to: refused, nothing moves; the honest RPC deposits into the right market", async () => {
    const spec = await specMarkets();
    const victimMarket = await spec.newMarket(1, {});
    // A stranger's market on the same mint, with a clearing authority of its own.
    const stranger = await funded();
    const strangerMarket = await setupMarket({ admin: stranger, risk: stranger.publicKey, clearing: stranger.publicKey, mint: spec.mint, marketId: 9, deposits: {} });
    const alice = await funded();
    const ata = getAssociatedTokenAddressSync(spec.mint, alice.publicKey);
    await victimMarket.client.send([
      createAssociatedTokenAccountIdempotentInstruction(spec.admin.publicKey, ata, alice.publicKey, spec.mint),
      createMintToInstruction(spec.mint, ata, spec.admin.publicKey, 5_000_000n),
    ]);
    const dir = mkdtempSync(join(tmpdir(), "lm-lying-"));
    const keyFile = join(dir, "alice.json");
    writeFileSync(keyFile, JSON.stringify([...alice.secretKey]));
    // Asynchronously (the proxy answers from this process), with no stdin, as from a script.
    const lm = (url: string, args: string[]) =>
      new Promise<{ ok: boolean; out: string }>((done) => {
        const argv = [resolve(__dirname, "../bin/lm.js"), "--url", url, "-k", keyFile, "--market", victimMarket.client.keys.market.toBase58(), ...args];
        const child = spawn(process.execPath, argv, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        child.on("close", (code) => done({ ok: code === 0, out }));
      });
    const balances = async () => [
      (await getAccount(connection, ata)).amount,
      (await getAccount(connection, victimMarket.client.keys.collateralVault)).amount,
      (await getAccount(connection, strangerMarket.client.keys.collateralVault)).amount,
    ];

    const strangerInfo = await connection.getAccountInfo(strangerMarket.client.keys.market);
    told = { target: victimMarket.client.keys.market, data: strangerInfo!.data, owner: strangerInfo!.owner };
    const before = await balances();
    const refused = await lm(proxy.url, ["deposit", "1"]);
    assert.equal(refused.ok, false);
    assert.match(refused.out, /no loss-mutualization market at .*: refusing the account at .*its content derives another address/);
    assert.deepEqual(await balances(), before);

    told = null;
    const honest = await lm(net.url, ["deposit", "1"]);
    assert.equal(honest.ok, true, honest.out);
    assert.deepEqual(await balances(), [before[0] - 1_000_000n, before[1] + 1_000_000n, before[2]]);
    assert.equal((await victimMarket.on(alice).position(alice.publicKey))!.principal, 1_000_000n);
  });

  it("cannot pass off another account's data, or another owner's, as a position, fund or market; the truth decodes", async () => {
    const spec = await specMarkets();
    const a = await spec.newMarket(2, { alice: 300_000n });
    const b = await spec.newMarket(3, {});
    const alice = a.wallets.alice;
    await b.on(alice).send([await b.on(alice).openPositionIx(alice.publicKey)], [alice]);
    const lying = new LossMutualizationClient(new Connection(proxy.url, "confirmed"), alice, a.client.keys);
    const positionA = pdas.position(a.client.keys.market, alice.publicKey);
    const positionB = pdas.position(b.client.keys.market, alice.publicKey);

    // Alice's (empty) position in market B, told as her position in A.
    const inB = (await connection.getAccountInfo(positionB))!;
    told = { target: positionA, data: inB.data, owner: inB.owner };
    // What the SDK decoded before: Anchor's fetch takes it for her position in A.
    const raw = await lying.program.account.userPosition.fetch(positionA);
    assert.ok((raw.market as PublicKey).equals(b.client.keys.market));
    await assert.rejects(lying.position(alice.publicKey), (e: unknown) => e instanceof UntrustedAccountError && /derives another address/.test(e.message));

    // The true data under another owner (a program that could write anything there).
    told = { target: positionA, data: (await connection.getAccountInfo(positionA))!.data, owner: Keypair.generate().publicKey };
    await assert.rejects(lying.position(alice.publicKey), (e: unknown) => e instanceof UntrustedAccountError && /not the loss-mutualization program/.test(e.message));

    // Market B's fund told as A's, and market B told as A: both refused.
    told = { target: a.client.keys.insuranceFund, data: (await connection.getAccountInfo(b.client.keys.insuranceFund))!.data, owner: lying.program.programId };
    await assert.rejects(lying.fund(), UntrustedAccountError);
    told = { target: a.client.keys.market, data: (await connection.getAccountInfo(b.client.keys.market))!.data, owner: lying.program.programId };
    await assert.rejects(lying.market(), UntrustedAccountError);

    // The twin: the truth, through the same proxy.
    told = null;
    assert.equal((await lying.position(alice.publicKey))!.principal, 300_000n);
    assert.ok((await lying.market()).principalPool.total >= 300_000n);
    assert.equal((await lying.fund()).balance, 0n);
  });
});
