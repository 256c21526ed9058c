/**
 * The local validator's PubSub does not let one client harm another (issue 21, item 6): a
 * connection cancels only its own subscriptions (another's id gets agave's answer for an unknown
 * id), a signature must be one (64 bytes, base58) and a message at most 4 KiB, a connection holds
 * at most 1,000 subscriptions, and a client that stops reading is disconnected instead of making
 * the node queue its notifications without end. Each refusal's well-formed twin works. On a
 * validator of its own: the tests read its memory and flood it.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Keypair } from "@solana/web3.js";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { PORT } from "./env";
import { RawWs } from "./ws_raw";

/** The answer agave's PubSub gives an unsubscribe whose id is not one of the connection's own. */
const INVALID_SUBSCRIPTION_ID = { code: -32602, message: "Invalid subscription id." };
/** The answer agave's PubSub gives a signature parameter that does not parse as a signature. */
const INVALID_SIGNATURE = { code: -32602, message: "Invalid Request: Invalid signature provided" };
/** Subscriptions one connection may hold (validator/src/ws.rs). */
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 1_000;

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
function base58(bytes: Uint8Array): string {
  let n = BigInt("0x" + (Buffer.from(bytes).toString("hex") || "0"));
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = "1" + out;
  }
  return out;
}
const randomBytes = (n: number) => Uint8Array.from({ length: n }, () => 1 + Math.floor(Math.random() * 255));

/** Resident memory of a process, in MiB (Linux). */
function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8").split("\n").find((l) => l.startsWith("VmRSS:"));
  return Number(line!.split(/\s+/)[1]) / 1024;
}

describe("local validator: PubSub limits", () => {
  let net: Localnet;
  const rpc = async (method: string, params: unknown[] = []): Promise<any> =>
    (await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json();
  const airdrop = async (to = Keypair.generate().publicKey.toBase58(), lamports = 1_000_000) => {
    const answer = await rpc("requestAirdrop", [to, lamports]);
    assert.equal(typeof answer.result, "string", JSON.stringify(answer));
    return answer.result as string;
  };
  /** Milliseconds `work` takes. */
  const timed = async (work: () => Promise<unknown>) => {
    const start = Date.now();
    await work();
    return Date.now() - start;
  };
  const open: RawWs[] = [];
  const connect = async () => {
    const ws = await RawWs.open(net.wsUrl);
    open.push(ws);
    return ws;
  };

  before(async () => {
    net = await startLocalnet(PORT + 400);
  });
  afterEach(() => open.splice(0).forEach((ws) => ws.close()));
  after(async () => await net.stop());

  it("a connection cannot cancel another's subscription (agave's unknown-id error); the owner keeps its notifications and cancels its own", async () => {
    const [alice, mallory] = [await connect(), await connect()];
    const watched = Keypair.generate().publicKey.toBase58();
    const subscribed = await alice.request("accountSubscribe", [watched, { encoding: "base64", commitment: "confirmed" }]);
    const id = subscribed.result;
    assert.equal(typeof id, "number", JSON.stringify(subscribed));

    // Mallory cancels Alice's id (sequential ids are easy to guess): the same answer as an id nobody has.
    const stolen = await mallory.request("accountUnsubscribe", [id]);
    assert.deepEqual(stolen.error, INVALID_SUBSCRIPTION_ID, JSON.stringify(stolen));
    assert.deepEqual((await mallory.request("accountUnsubscribe", [987_654_321])).error, INVALID_SUBSCRIPTION_ID);
    assert.deepEqual((await mallory.request("logsUnsubscribe", [id])).error, INVALID_SUBSCRIPTION_ID);

    // Alice still hears about the account.
    await airdrop(watched, 1_234_567);
    const notified = await alice.next((m) => m.method === "accountNotification", 5_000, "Alice's account notification");
    assert.equal(notified.params.subscription, id);
    assert.equal(notified.params.result.value.lamports, 1_234_567);

    // The well-formed twin: Alice cancels her own subscription, and hears nothing more.
    assert.equal((await alice.request("accountUnsubscribe", [id])).result, true);
    assert.deepEqual((await alice.request("accountUnsubscribe", [id])).error, INVALID_SUBSCRIPTION_ID, "cancelled once");
    await airdrop(watched);
    await assert.rejects(alice.next((m) => m.method === "accountNotification", 700), /no a message within/);
  });

  it("refuses a signature that is not 64 bytes of base58 (agave's invalid-params error) and closes a connection on a message over 4 KiB; a real signature subscribes", async () => {
    const ws = await connect();
    const refused = [
      "x".repeat(2_000), // base58, but 1,464 bytes
      base58(randomBytes(63)),
      base58(randomBytes(65)),
      "0OIl" + base58(randomBytes(64)).slice(4), // letters base58 leaves out
      "",
    ];
    for (const signature of refused) {
      const answer = await ws.request("signatureSubscribe", [signature]);
      assert.deepEqual(answer.error, INVALID_SIGNATURE, `${signature.slice(0, 20)}… (${signature.length} chars): ${JSON.stringify(answer).slice(0, 200)}`);
    }
    assert.equal((await ws.request("signatureSubscribe", [12345])).error?.code, -32602);

    // The well-formed twins: a landed transaction's signature notifies at once; a signature not
    // seen yet waits, and its owner cancels it.
    const landed = await airdrop();
    const id = (await ws.request("signatureSubscribe", [landed, { commitment: "confirmed" }])).result;
    assert.equal(typeof id, "number");
    const notification = await ws.next((m) => m.method === "signatureNotification" && m.params.subscription === id);
    assert.deepEqual(notification.params.result.value, { err: null });
    const pending = (await ws.request("signatureSubscribe", [base58(randomBytes(64))])).result;
    assert.equal(typeof pending, "number");
    assert.equal((await ws.request("signatureUnsubscribe", [pending])).result, true);

    // A 1 MB signature (the prior probe: 400 of them took the node from 41 to 427 MiB): the
    // message is over agave's 4 KiB, and the connection is closed, as agave's PubSub does.
    const big = await connect();
    big.sendText(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "signatureSubscribe", params: ["1".repeat(1_000_000)] }));
    const outcome = await Promise.race([big.closed.then(() => "closed"), big.next((m) => m.id === 1, 5_000).then((m) => JSON.stringify(m))]);
    assert.equal(outcome, "closed");
    assert.equal(typeof (await ws.request("signatureSubscribe", [base58(randomBytes(64))])).result, "number", "other connections are served");
  });

  it(`refuses the subscription after ${MAX_SUBSCRIPTIONS_PER_CONNECTION} on one connection; another connection still subscribes and the node answers promptly`, async function () {
    this.timeout(120_000);
    const flood = await connect();
    flood.keep = false;
    const total = MAX_SUBSCRIPTIONS_PER_CONNECTION + 50;
    const answers = new Map<number, any>();
    const all = new Promise<void>((done) => {
      const check = () => (answers.size === total ? done() : undefined);
      for (let i = 0; i < total; i++) {
        const id = flood.send("signatureSubscribe", [base58(randomBytes(64))]);
        void flood.next((m) => m.id === id, 60_000).then((m) => {
          answers.set(id, m);
          check();
        });
      }
    });
    await all;
    const accepted = [...answers.values()].filter((m) => typeof m.result === "number").length;
    const refusals = [...answers.values()].filter((m) => m.error);
    assert.equal(accepted, MAX_SUBSCRIPTIONS_PER_CONNECTION);
    assert.equal(refusals.length, 50);
    assert.equal(refusals[0].error.code, -32603);
    assert.match(refusals[0].error.message, /Subscription refused.*1000 subscriptions per connection/);

    // The well-formed twin: a second connection subscribes, the node airdrops and answers getSlot
    // well within a second or two (2-core CI: 3 s and 1 s bounds).
    const other = await connect();
    const watched = Keypair.generate().publicKey.toBase58();
    assert.equal(typeof (await other.request("accountSubscribe", [watched])).result, "number");
    assert.ok((await timed(() => airdrop(watched))) < 3_000, "an airdrop answers within 3 s");
    assert.ok((await timed(() => rpc("getSlot"))) < 1_000, "getSlot answers within 1 s");
    await other.next((m) => m.method === "accountNotification");
    // Cancelling one frees a place on the flooding connection.
    const some = [...answers.values()].find((m) => typeof m.result === "number").result;
    assert.equal((await flood.request("signatureUnsubscribe", [some])).result, true);
    assert.equal(typeof (await flood.request("signatureSubscribe", [base58(randomBytes(64))])).result, "number");
  });

  it("disconnects a client that stops reading: the node's memory and latency stay bounded", async function () {
    this.timeout(120_000);
    const slow = await connect();
    slow.keep = false;
    // 1,000 logs subscriptions: every transaction makes 1,000 notifications for this client.
    const ids = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () => slow.send("logsSubscribe", ["all"]));
    await slow.next((m) => m.id === ids[ids.length - 1], 30_000);
    slow.pause();
    const watcher = await connect();
    const watched = Keypair.generate().publicKey.toBase58();
    await watcher.request("accountSubscribe", [watched]);

    const before = rssMiB(net.pid!);
    let slowest = 0;
    for (let i = 0; i < 200; i++) slowest = Math.max(slowest, await timed(() => airdrop()));
    const grown = rssMiB(net.pid!) - before;
    const getSlot = await timed(() => rpc("getSlot"));
    await airdrop(watched);
    await watcher.next((m) => m.method === "accountNotification", 5_000, "the reading client's notification");
    console.log(`      200 airdrops x 1,000 notifications to a client that stopped reading: slowest airdrop ${slowest} ms, getSlot ${getSlot} ms, node memory +${grown.toFixed(1)} MiB`);
    assert.ok(slowest < 3_000, `slowest airdrop ${slowest} ms`);
    assert.ok(getSlot < 1_000, `getSlot ${getSlot} ms`);
    assert.ok(grown < 48, `node memory grew by ${grown.toFixed(1)} MiB`);

    // The slow client, reading again, finds its connection closed after what the kernel and the
    // node's bounded queue held: far fewer than the 200,000 notifications sent its way.
    slow.resume();
    const outcome = await Promise.race([slow.closed.then(() => "closed"), new Promise((r) => setTimeout(() => r("still open after 20 s"), 20_000))]);
    assert.equal(outcome, "closed", `${slow.count} messages read`);
    console.log(`      the slow client, reading again: ${slow.count - ids.length} of 200,000 notifications, then the connection closed`);
    assert.ok(slow.count < 100_000, `${slow.count} messages read`);
  });
});
