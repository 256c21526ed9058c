/**
 * The local validator's development cheatcode `surfnet_timeTravel` (as Surfpool's: params
 * `[{"absoluteTimestamp": <unix milliseconds>}]`, answers the epoch info): it moves the Clock
 * sysvar forward and never back, the clock runs on from there, and slots, blockhashes and
 * signature checks are untouched. On a validator of its own (the shared one's clock is the specs').
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, SYSVAR_CLOCK_PUBKEY, Transaction } from "@solana/web3.js";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { PORT } from "./env";

describe("local validator: surfnet_timeTravel", () => {
  let net: Localnet;
  let connection: Connection;
  const rpc = async (method: string, params?: unknown[]): Promise<any> =>
    (await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json();
  const clock = async () => Number((await connection.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed"))!.data.readBigInt64LE(32));

  before(async () => {
    net = await startLocalnet(PORT + 300);
    connection = new Connection(net.url, "confirmed");
  });
  after(async () => await net.stop());

  it("moves the clock forward to the timestamp (milliseconds), answers the epoch info, and the clock runs on from there", async () => {
    const start = await clock();
    assert.ok(Math.abs(start - Math.floor(Date.now() / 1000)) <= 2, "the clock follows wall time until told otherwise");
    const target = start + 3 * 86_400;
    const travelledAt = Date.now();
    const moved = await rpc("surfnet_timeTravel", [{ absoluteTimestamp: target * 1000 + 999 }]);
    assert.deepEqual(Object.keys(moved.result).sort(), ["absoluteSlot", "blockHeight", "epoch", "slotIndex", "slotsInEpoch", "transactionCount"]);
    const epoch = await connection.getEpochInfo();
    assert.ok(epoch.absoluteSlot >= moved.result.absoluteSlot && epoch.absoluteSlot - moved.result.absoluteSlot < 20, "only the clock moved, not the slot");
    const after = await clock();
    assert.ok(after >= target && after <= target + 1, `clock ${after}, target ${target}`);
    // It runs on (to target + 2, from target + 0.999 s) and never faster than wall time. Polled:
    // under load the node's slots, which carry the clock, can lag a second or two (a fixed 2.2 s
    // wait failed once in CI that way).
    let later = after;
    const deadline = Date.now() + 10_000;
    while (later < target + 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      later = await clock();
      const wallSecs = Math.ceil((Date.now() - travelledAt) / 1000);
      assert.ok(later <= target + 1 + wallSecs, `the clock ran ahead of wall time: ${later - target} s after the jump, ${wallSecs} s of wall time`);
    }
    assert.ok(later >= target + 2, `the clock runs on: ${later - target} s after the jump`);
    assert.ok(Date.now() - travelledAt >= 1_000, "it took at least a second of wall time");
    // No params: an hour ahead, as Surfpool.
    await rpc("surfnet_timeTravel");
    assert.ok((await clock()) >= later + 3_600);
  });

  it("never moves back (-32602, the clock untouched); other targets than a timestamp are refused", async () => {
    const now = await clock();
    const back = await rpc("surfnet_timeTravel", [{ absoluteTimestamp: (now - 60) * 1000 }]);
    assert.equal(back.error.code, -32602);
    assert.match(back.error.message, /the clock only moves forward/);
    assert.ok((await clock()) >= now);
    for (const params of [[{ absoluteSlot: 1_000_000 }], [{ absoluteEpoch: 9 }], [{ absoluteTimestamp: "soon" }], [{ absoluteTimestamp: -5 }]]) {
      assert.equal((await rpc("surfnet_timeTravel", params)).error.code, -32602, JSON.stringify(params));
    }
    // The well-formed twin: the same clock again (not back) is accepted.
    const same = await clock();
    assert.ok((await rpc("surfnet_timeTravel", [{ absoluteTimestamp: same * 1000 }])).result);
  });

  it("a transaction signed before the jump lands after it, stamped with the new time; a bad signature is still refused", async () => {
    const from = Keypair.generate();
    await connection.confirmTransaction(await connection.requestAirdrop(from.publicKey, LAMPORTS_PER_SOL), "confirmed");
    const to = Keypair.generate().publicKey;
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: from.publicKey, toPubkey: to, lamports: 1_000_000 }));
    tx.feePayer = from.publicKey;
    tx.recentBlockhash = blockhash;
    tx.sign(from);
    const target = (await clock()) + 10 * 86_400;
    await rpc("surfnet_timeTravel", [{ absoluteTimestamp: target * 1000 }]);
    const forged = Buffer.from(tx.serialize());
    forged[5] ^= 0xff;
    assert.equal((await rpc("sendTransaction", [forged.toString("base64"), { encoding: "base64" }])).error.code, -32003);
    const signature = await connection.sendRawTransaction(tx.serialize());
    await connection.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, "confirmed");
    assert.equal(await connection.getBalance(to), 1_000_000);
    const landed = await connection.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    assert.ok(landed!.blockTime! >= target && landed!.blockTime! <= target + 3, `blockTime ${landed!.blockTime}, target ${target}`);
  });
});
