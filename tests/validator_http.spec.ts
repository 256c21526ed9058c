/**
 * The local validator's HTTP side (issue 21, item 7): a connection that does not finish its
 * headers is closed after 10 s (200 half-open connections were all still open after 45 s), at
 * most 512 connections are served at once, and getTokenAccountBalance reads token data with every
 * field checked, answering agave's invalid-params errors where a zeroed 165-byte account made a
 * worker panic. Each refusal's well-formed twin is served. On a validator of its own.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, Signer, SystemProgram, Transaction, TransactionInstruction } from "@solana/web3.js";
import {
  createAssociatedTokenAccountInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  NATIVE_MINT,
  TOKEN_2022_PROGRAM_ID,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { PORT } from "./env";

/** The header read timeout (validator/src/serve.rs). */
const HEADER_READ_TIMEOUT_MS = 10_000;
const MAX_HTTP_CONNECTIONS = 512;

/**
 * A connection that sends part of a request's headers and then nothing: when it was connected,
 * and when the server closed it (ms since it connected, and the time).
 */
function halfOpen(port: number): { connected: Promise<void>; closed: Promise<{ after: number; at: number }> } {
  let connectedAt = 0;
  const socket = connect(port, "127.0.0.1");
  const connected = new Promise<void>((done) =>
    socket.once("connect", () => {
      connectedAt = Date.now();
      socket.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
      done();
    }),
  );
  socket.on("error", () => undefined);
  const closed = new Promise<{ after: number; at: number }>((done) => socket.on("close", () => done({ after: Date.now() - connectedAt, at: Date.now() })));
  return { connected, closed };
}

/** A JSON-RPC request over a connection of its own (no kept-alive connection reused). */
function rpcOnNewConnection(url: string, method: string, params: unknown[] = []): Promise<any> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, method: "POST", agent: false, headers: { "content-type": "application/json" } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => done(JSON.parse(text)));
    });
    req.on("error", fail);
    req.end(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }));
  });
}

const timeout = (ms: number) => new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ms));

/** Account data a token program would have written: an initialized token account. */
function tokenAccountData(mint: PublicKey, owner: PublicKey, amount: bigint): Buffer {
  const data = Buffer.alloc(165);
  mint.toBuffer().copy(data, 0);
  owner.toBuffer().copy(data, 32);
  data.writeBigUInt64LE(amount, 64);
  data[108] = 1; // initialized
  return data;
}

function mintData(decimals: number): Buffer {
  const data = Buffer.alloc(82);
  data[44] = decimals;
  data[45] = 1; // initialized
  return data;
}

describe("local validator: HTTP limits and token account parsing", () => {
  let net: Localnet;
  let connection: Connection;
  const rpc = async (method: string, params: unknown[] = []): Promise<any> =>
    (await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json();
  const balance = (key: PublicKey) => rpc("getTokenAccountBalance", [key.toBase58()]);
  /** Send and wait by polling its status (no PubSub: web3.js would reconnect to the stopped node for the rest of the run). */
  const send = async (instructions: TransactionInstruction[], signers: Signer[]) => {
    const signature = await connection.sendTransaction(new Transaction().add(...instructions), signers);
    for (let i = 0; i < 100; i++) {
      const [status] = (await connection.getSignatureStatuses([signature])).value;
      if (status) return assert.equal(status.err, null);
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${signature} did not land`);
  };

  // Accounts the ledger is seeded with: token data no token program could have written.
  const seeded: Record<string, { address: PublicKey; owner: PublicKey; data: Buffer }> = {};
  const seed = (name: string, owner: PublicKey, data: Buffer) => (seeded[name] = { address: Keypair.generate().publicKey, owner, data }).address;
  const shortMint = seed("shortMint", TOKEN_PROGRAM_ID, Buffer.alloc(10));
  seed("orphan", TOKEN_PROGRAM_ID, tokenAccountData(Keypair.generate().publicKey, Keypair.generate().publicKey, 5n));
  seed("onShortMint", TOKEN_PROGRAM_ID, tokenAccountData(shortMint, Keypair.generate().publicKey, 5n));
  seed("foreign", Keypair.generate().publicKey, tokenAccountData(shortMint, Keypair.generate().publicKey, 5n));
  seed("wrapped", TOKEN_PROGRAM_ID, tokenAccountData(NATIVE_MINT, Keypair.generate().publicKey, 1_500_000_000n));
  const mint2022 = seed("mint2022", TOKEN_2022_PROGRAM_ID, mintData(2));
  seed("on2022", TOKEN_2022_PROGRAM_ID, tokenAccountData(mint2022, Keypair.generate().publicKey, 250n));

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), "lm-token-"));
    const args: string[] = [];
    for (const [name, { address, owner, data }] of Object.entries(seeded)) {
      const dump = { pubkey: address.toBase58(), account: { lamports: LAMPORTS_PER_SOL, data: [data.toString("base64"), "base64"], owner: owner.toBase58(), executable: false, rentEpoch: 0, space: data.length } };
      writeFileSync(join(dir, `${name}.json`), JSON.stringify(dump));
      args.push("--account", address.toBase58(), join(dir, `${name}.json`));
    }
    net = await startLocalnet(PORT + 500, false, args);
    connection = new Connection(net.url, "confirmed");
  });
  after(async () => {
    await net.stop();
  });

  it("closes connections that do not finish their headers within 10 s (the PubSub port too) while a normal request is served", async function () {
    this.timeout(60_000);
    const rpcPort = Number(new URL(net.url).port);
    const wsPort = Number(new URL(net.wsUrl).port);
    const open = [...Array.from({ length: 200 }, () => halfOpen(rpcPort)), ...Array.from({ length: 5 }, () => halfOpen(wsPort))];
    await Promise.all(open.map((c) => c.connected));
    const closed = open.map((c) => c.closed);
    const start = Date.now();
    assert.equal(typeof (await rpcOnNewConnection(net.url, "getSlot")).result, "number");
    assert.ok(Date.now() - start < 1_000, "a normal request is answered at once");
    const all = await Promise.race([Promise.all(closed), timeout(HEADER_READ_TIMEOUT_MS + 6_000)]);
    assert.notEqual(all, "timeout", `${closed.length} half-open connections still open ${HEADER_READ_TIMEOUT_MS + 6_000} ms after they were opened`);
    const times = (all as { after: number }[]).map((c) => c.after);
    assert.ok(Math.min(...times) >= HEADER_READ_TIMEOUT_MS - 1_000, `the first closed after ${Math.min(...times)} ms`);
    assert.ok(Math.max(...times) <= HEADER_READ_TIMEOUT_MS + 4_000, `the last closed after ${Math.max(...times)} ms`);
  });

  it(`serves at most ${MAX_HTTP_CONNECTIONS} connections at once: the next one waits until a place frees`, async function () {
    this.timeout(60_000);
    const open = Array.from({ length: MAX_HTTP_CONNECTIONS }, () => halfOpen(Number(new URL(net.url).port)));
    await Promise.all(open.map((c) => c.connected));
    const answer = await rpcOnNewConnection(net.url, "getSlot");
    const answeredAt = Date.now();
    assert.equal(typeof answer.result, "number");
    // Answered only once the header read timeout closed one of the half-open connections.
    const first = await Promise.race([...open.map((c) => c.closed), timeout(HEADER_READ_TIMEOUT_MS + 6_000)]);
    assert.notEqual(first, "timeout", `answered at once, beside ${MAX_HTTP_CONNECTIONS} connections that all stayed open`);
    const firstClosed = Math.min(...(await Promise.all(open.map((c) => c.closed))).map((c) => c.at));
    assert.ok(answeredAt >= firstClosed - 100, `answered ${firstClosed - answeredAt} ms before a place was freed`);
  });

  it("getTokenAccountBalance: a zeroed 165-byte account of the token program gets agave's invalid-params error and the node keeps serving; a real token account's balance is served", async function () {
    this.timeout(60_000);
    const payer = Keypair.generate();
    await rpc("requestAirdrop", [payer.publicKey.toBase58(), 10 * LAMPORTS_PER_SOL]);
    // A system createAccount of 165 bytes assigned to the token program, never initialized.
    const zeroed = Keypair.generate();
    const lamports = await connection.getMinimumBalanceForRentExemption(165);
    const create = SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: zeroed.publicKey, lamports, space: 165, programId: TOKEN_PROGRAM_ID });
    await send([create], [payer, zeroed]);
    const info = await connection.getAccountInfo(zeroed.publicKey);
    assert.ok(info?.owner.equals(TOKEN_PROGRAM_ID) && info.data.length === 165 && info.data.every((b) => b === 0));

    const answer = await balance(zeroed.publicKey);
    assert.deepEqual(answer.error, { code: -32602, message: "Invalid param: not a Token account" }, JSON.stringify(answer));
    assert.equal(typeof (await rpc("getSlot")).result, "number", "the node keeps serving");

    // The well-formed twin: a token account the token program initialized, 1.5 tokens of a 6-decimal mint.
    const mint = Keypair.generate();
    const holder = getAssociatedTokenAddressSync(mint.publicKey, payer.publicKey);
    await send(
      [
        SystemProgram.createAccount({ fromPubkey: payer.publicKey, newAccountPubkey: mint.publicKey, lamports: await connection.getMinimumBalanceForRentExemption(MINT_SIZE), space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, 6, payer.publicKey, null),
        createAssociatedTokenAccountInstruction(payer.publicKey, holder, payer.publicKey, mint.publicKey),
        createMintToInstruction(mint.publicKey, holder, payer.publicKey, 1_500_000n),
      ],
      [payer, mint],
    );
    assert.deepEqual((await balance(holder)).result.value, { amount: "1500000", decimals: 6, uiAmount: 1.5, uiAmountString: "1.5" });
  });

  it("getTokenAccountBalance checks the owner, the account and its mint as agave does; wrapped SOL and Token-2022 are served", async () => {
    const error = async (name: string) => (await balance(seeded[name].address)).error;
    assert.deepEqual(await error("onShortMint"), { code: -32602, message: "Invalid param: Token mint could not be unpacked" });
    assert.deepEqual(await error("orphan"), { code: -32602, message: "Invalid param: could not find mint" });
    assert.deepEqual(await error("foreign"), { code: -32602, message: "Invalid param: not a Token account" });
    assert.deepEqual(await error("shortMint"), { code: -32602, message: "Invalid param: not a Token account" });
    assert.deepEqual((await balance(Keypair.generate().publicKey)).error, { code: -32602, message: "Invalid param: could not find account" });
    assert.deepEqual((await balance(seeded.wrapped.address)).result.value, { amount: "1500000000", decimals: 9, uiAmount: 1.5, uiAmountString: "1.5" });
    assert.deepEqual((await balance(seeded.on2022.address)).result.value, { amount: "250", decimals: 2, uiAmount: 2.5, uiAmountString: "2.5" });
    assert.equal(typeof (await rpc("getSlot")).result, "number", "the node keeps serving");
  });
});
