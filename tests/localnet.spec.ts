/**
 * What a user relies on from the local validator (Surfpool, through localnet/'s lm-surfpool):
 * a forged or unsigned transaction moves nothing (and its correctly signed twin lands); a
 * blockhash 30 s old lands; a blockhash past its last valid block height never lands, and once
 * isBlockhashValid says false, nothing signed with it lands any more; surfnet_timeTravel, as
 * tests/env.ts uses it, moves the clock forward only and a transaction signed before a jump lands
 * after it. Where Surfpool answers differently from agave (the error code of a bad signature,
 * simulateTransaction's sigVerify, a backward time travel), its answer is pinned, so that a
 * change shows up here; README, "Local validator", lists the differences.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, LAMPORTS_PER_SOL, SystemProgram, SYSVAR_CLOCK_PUBKEY, Transaction } from "@solana/web3.js";
import { Localnet, startLocalnet } from "../app/src/localnet";
import { funded, localnet, PORT } from "./env";

async function rpc(url: string, method: string, params: unknown[] = []): Promise<any> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  return response.json();
}

/** A connection's PubSub socket closed before its validator stops (it would reconnect and log). */
const closeSocket = (connection: Connection) => (connection as unknown as { _rpcWebSocket?: { close(): void } })._rpcWebSocket?.close();

describe("the local validator's guarantees (Surfpool)", () => {
  let net: Localnet;
  let connection: Connection;
  before(async () => {
    ({ net, connection } = await localnet());
  });

  it("a forged or unsigned transaction moves nothing; the correctly signed twin lands", async () => {
    const thief = await funded(2);
    const victim = await funded(20);
    const to = Keypair.generate().publicKey;
    const blockhash = (await connection.getLatestBlockhash()).blockhash;
    // The victim's 12 SOL, moved by the thief who pays the fee: needs the victim's signature.
    const transfer = () => {
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: victim.publicKey, toPubkey: to, lamports: 12 * LAMPORTS_PER_SOL }));
      tx.feePayer = thief.publicKey;
      tx.recentBlockhash = blockhash;
      return tx;
    };
    const balances = async () => Promise.all([thief.publicKey, victim.publicKey, to].map((k) => connection.getBalance(k, "processed")));
    // preflightCommitment as web3.js sends it (the connection's): agave and Surfpool check a
    // blockhash against the finalized bank by default, which a confirmed blockhash is not in yet.
    const send = (bytes: Buffer, config: object = {}) => rpc(net.url, "sendTransaction", [bytes.toString("base64"), { encoding: "base64", preflightCommitment: "confirmed", ...config }]);
    const before = await balances();
    // agave answers -32003 "Transaction signature verification failure"; Surfpool -32002 (a
    // preflight failure) with the same words. Either way: an error, never a signature.
    const badSignatureCode = -32002;

    // 1. Unsigned by the victim: its signature all zeros.
    const unsigned = transfer();
    unsigned.partialSign(thief);
    unsigned.addSignature(victim.publicKey, Buffer.alloc(64));
    const unsignedBytes = unsigned.serialize({ requireAllSignatures: false, verifySignatures: false });
    const refused = await send(unsignedBytes);
    assert.equal(refused.result, undefined, JSON.stringify(refused));
    assert.equal(refused.error?.code, badSignatureCode, JSON.stringify(refused.error));
    // agave: "Transaction signature verification failure"; Surfpool: "... did not pass signature verification".
    assert.match(refused.error?.message, /signature verification/i);
    // 2. Both signed, then one byte of the fee payer's signature flipped.
    const forged = transfer();
    forged.sign(thief, victim);
    const forgedBytes = forged.serialize();
    forgedBytes[5] ^= 0xff;
    const refusedForged = await send(forgedBytes);
    assert.equal(refusedForged.result, undefined, JSON.stringify(refusedForged));
    assert.equal(refusedForged.error?.code, badSignatureCode);
    // 3. Without preflight: refused too, or accepted and never executed. Either way nothing moves.
    for (const bytes of [unsignedBytes, forgedBytes]) {
      const skipped = await send(bytes, { skipPreflight: true });
      if (skipped.result) {
        await new Promise((r) => setTimeout(r, 1_200));
        const [status] = (await connection.getSignatureStatuses([skipped.result])).value;
        assert.equal(status, null, `a forged transaction executed: ${JSON.stringify(status)}`);
      } else {
        assert.ok(skipped.error, JSON.stringify(skipped));
      }
    }
    // 4. simulateTransaction with sigVerify does not pass it: agave refuses (-32003); Surfpool
    //    simulates and answers SignatureFailure in the value. Without sigVerify it simulates.
    const simulate = (config: object) => rpc(net.url, "simulateTransaction", [forgedBytes.toString("base64"), { encoding: "base64", ...config }]);
    const verified = await simulate({ sigVerify: true });
    assert.equal(verified.result?.value?.err, "SignatureFailure", JSON.stringify(verified));
    assert.equal((await simulate({ sigVerify: false })).result?.value?.err, null, "without sigVerify it simulates");
    assert.deepEqual(await balances(), before, "no refused transaction moved a lamport");

    // The well-formed twin: the same transfer, correctly signed by both, lands.
    const good = transfer();
    good.sign(thief, victim);
    const landed = await send(good.serialize());
    assert.ok(landed.result, JSON.stringify(landed.error));
    await connection.confirmTransaction({ signature: landed.result, blockhash, lastValidBlockHeight: (await connection.getLatestBlockhash()).lastValidBlockHeight });
    assert.deepEqual(await balances(), [before[0] - 10_000, before[1] - 12 * LAMPORTS_PER_SOL, before[2] + 12 * LAMPORTS_PER_SOL]);
  });

  it("a transfer signed 30 s before it is sent lands (a blockhash lives 150 blocks, ~60 s)", async function () {
    this.timeout(60_000);
    const payer = await funded(1);
    const to = Keypair.generate().publicKey;
    const { blockhash, lastValidBlockHeight } = await connection.getLatestBlockhash();
    const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports: LAMPORTS_PER_SOL / 10 }));
    tx.feePayer = payer.publicKey;
    tx.recentBlockhash = blockhash;
    tx.sign(payer);
    await new Promise((r) => setTimeout(r, 30_000));
    assert.ok((await connection.getBlockHeight()) <= lastValidBlockHeight);
    assert.equal((await connection.isBlockhashValid(blockhash)).value, true);
    const sig = await connection.sendRawTransaction(tx.serialize());
    await connection.confirmTransaction({ signature: sig, blockhash, lastValidBlockHeight }, "confirmed");
    assert.equal(await connection.getBalance(to), LAMPORTS_PER_SOL / 10);
  });

  it("a blockhash past its last valid block height never lands; once isBlockhashValid is false nothing signed with it lands", async function () {
    this.timeout(90_000);
    // A validator of its own with 10 ms slots: the 150 blocks pass in a few seconds.
    const fast = await startLocalnet(PORT + 600, false, ["--slot-ms", "10"]);
    const other = new Connection(fast.url, "confirmed");
    try {
      const send = (bytes: Buffer, config: object = {}) => rpc(fast.url, "sendTransaction", [bytes.toString("base64"), { encoding: "base64", preflightCommitment: "confirmed", ...config }]);
      const payer = Keypair.generate();
      await other.confirmTransaction(await other.requestAirdrop(payer.publicKey, LAMPORTS_PER_SOL), "confirmed");
      const to = Keypair.generate().publicKey;
      const transfer = (lamports: number, blockhash: string) => {
        const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports }));
        tx.feePayer = payer.publicKey;
        tx.recentBlockhash = blockhash;
        tx.sign(payer);
        return tx.serialize();
      };
      const { blockhash, lastValidBlockHeight } = await other.getLatestBlockhash();
      // Valid is never said past the last valid height (the height read before the check
      // brackets the one it saw). The first "false": sent at once without preflight, it must not
      // land, or a client that re-signs on "false" could pay twice.
      let firstInvalid: Buffer | null = null;
      for (;;) {
        const before = await other.getBlockHeight("processed");
        const valid = (await other.isBlockhashValid(blockhash, { commitment: "processed" })).value;
        if (valid) {
          assert.ok(before <= lastValidBlockHeight, `valid at block height ${before}, past its last valid height ${lastValidBlockHeight}`);
        } else {
          firstInvalid = transfer(3_000_000, blockhash);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      const atInvalid = await send(firstInvalid, { skipPreflight: true });
      // Past the last valid height for sure.
      while ((await other.getBlockHeight("processed")) <= lastValidBlockHeight) await new Promise((r) => setTimeout(r, 50));
      const balance = await other.getBalance(payer.publicKey);
      // With preflight: refused as a cluster does (-32002, "Blockhash not found").
      const refused = await send(transfer(1_000_000, blockhash));
      assert.equal(refused.error?.code, -32002, JSON.stringify(refused));
      assert.match(refused.error?.message, /Blockhash not found/);
      // Without preflight: a signature may come back, but the transaction never lands.
      const dropped = await send(transfer(2_000_000, blockhash), { skipPreflight: true });
      await new Promise((r) => setTimeout(r, 500));
      for (const sent of [atInvalid, dropped]) {
        if (sent.result) assert.equal((await other.getSignatureStatuses([sent.result])).value[0], null, "an expired transaction landed");
        else assert.ok(sent.error, JSON.stringify(sent));
      }
      assert.equal(await other.getBalance(payer.publicKey), balance);
      assert.equal(await other.getBalance(to), 0, "nothing signed with the expired blockhash moved a lamport");
      // The well-formed twin, under a current blockhash, lands.
      const fresh = await other.getLatestBlockhash();
      const sig = await other.sendRawTransaction(transfer(1_000_000, fresh.blockhash));
      await other.confirmTransaction({ signature: sig, ...fresh }, "confirmed");
      assert.equal(await other.getBalance(to), 1_000_000);
    } finally {
      closeSocket(other);
      await fast.stop();
    }
  });

  it("surfnet_timeTravel as the specs use it: the clock to the timestamp, running on from there; a transaction signed before the jump lands after it; never back", async function () {
    this.timeout(60_000);
    // A validator of its own: the shared one's clock is the specs'.
    const own = await startLocalnet(PORT + 700);
    const other = new Connection(own.url, "confirmed");
    try {
      const clock = async () => Number((await other.getAccountInfo(SYSVAR_CLOCK_PUBKEY, "confirmed"))!.data.readBigInt64LE(32));
      const payer = Keypair.generate();
      await other.confirmTransaction(await other.requestAirdrop(payer.publicKey, LAMPORTS_PER_SOL), "confirmed");
      const to = Keypair.generate().publicKey;
      const { blockhash, lastValidBlockHeight } = await other.getLatestBlockhash();
      const tx = new Transaction().add(SystemProgram.transfer({ fromPubkey: payer.publicKey, toPubkey: to, lamports: 1_000_000 }));
      tx.feePayer = payer.publicKey;
      tx.recentBlockhash = blockhash;
      tx.sign(payer);
      const before = await other.getEpochInfo("processed");
      const start = await clock();
      assert.ok(Math.abs(start - Math.floor(Date.now() / 1000)) <= 2, "the clock follows wall time until told otherwise");
      const target = start + 3 * 86_400;
      const travelledAt = Date.now();
      const moved = await rpc(own.url, "surfnet_timeTravel", [{ absoluteTimestamp: target * 1000 + 999 }]);
      assert.deepEqual(Object.keys(moved.result ?? {}).sort(), ["absoluteSlot", "blockHeight", "epoch", "slotIndex", "slotsInEpoch", "transactionCount"], JSON.stringify(moved));
      const after = await clock();
      assert.ok(after >= target && after <= target + 1, `clock ${after}, target ${target}`);
      // The block height does not jump (the blockhash signed before stays valid); the slot does
      // (by the time moved over its 400 ms slots).
      const epoch = await other.getEpochInfo("processed");
      assert.ok((epoch.blockHeight ?? 0) - (before.blockHeight ?? 0) < 20, `block height ${before.blockHeight} -> ${epoch.blockHeight}`);
      assert.ok(epoch.absoluteSlot - before.absoluteSlot >= (3 * 86_400 * 1000) / 400 - 20, `slot ${before.absoluteSlot} -> ${epoch.absoluteSlot}`);
      // It runs on, never faster than wall time.
      let later = after;
      const deadline = Date.now() + 10_000;
      while (later < target + 2 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        later = await clock();
        assert.ok(later <= target + 1 + Math.ceil((Date.now() - travelledAt) / 1000), `the clock ran ahead of wall time: ${later - target} s after the jump`);
      }
      assert.ok(later >= target + 2, `the clock runs on: ${later - target} s after the jump`);
      // The transaction signed before the jump lands, stamped with the new time.
      const signature = await other.sendRawTransaction(tx.serialize());
      await other.confirmTransaction({ signature, blockhash, lastValidBlockHeight }, "confirmed");
      assert.equal(await other.getBalance(to), 1_000_000);
      const landed = await other.getTransaction(signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
      assert.ok(landed!.blockTime! >= target && landed!.blockTime! <= target + 5, `blockTime ${landed!.blockTime}, target ${target}`);
      // Never back: refused (Surfpool: -32603 internal error), the clock untouched. The well-formed twin, forward, is accepted.
      const now = await clock();
      const back = await rpc(own.url, "surfnet_timeTravel", [{ absoluteTimestamp: (now - 60) * 1000 }]);
      assert.equal(back.error?.code, -32603, JSON.stringify(back));
      assert.ok((await clock()) >= now);
      assert.ok((await rpc(own.url, "surfnet_timeTravel", [{ absoluteTimestamp: (now + 60) * 1000 }])).result);
      assert.ok((await clock()) >= now + 60);
    } finally {
      closeSocket(other);
      await own.stop();
    }
  });
});
