/**
 * Unstake windows: a request unlocks after the fund's delay and may be used until its window
 * lapses. The window the SDK (and `lm`) shows is the chain's, fixed when the request is made:
 * `unlockAt` and `expiresAt` equal the stake account's and the UnstakeRequested event's, and a
 * later change of the window (proposed, applied after its notice) moves neither.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Keypair } from "@solana/web3.js";
import { LossMutualizationClient } from "@loss-mutualization/sdk";
import { createMint, funded, localnet, MarketSetup, named, setupMarket, TEST_PARAMS, timeTravel, until } from "./env";

describe("unstake windows", () => {
  let admin: Keypair, staker: Keypair;
  let setup: MarketSetup;
  let me: LossMutualizationClient;
  let url: string;

  before(async () => {
    url = (await localnet()).net.url;
    admin = await funded(20);
    setup = await setupMarket({
      admin,
      risk: admin.publicKey,
      clearing: admin.publicKey,
      mint: await createMint(admin),
      marketId: 1,
      params: { unstakeDelaySecs: 3 },
      deposits: { staker: 1_000n },
      stakes: { staker: 400_000n },
    });
    staker = setup.wallets.staker;
    me = setup.on(staker);
  });

  it("the SDK shows the chain's window; the request works only from its unlock; a new window applies to new requests only", async () => {
    const shares = BigInt((await me.stakeAccount(staker.publicKey))!.shares.toString());
    const signature = await me.send([await me.requestUnstakeIx(staker.publicKey, shares / 2n)], [staker]);
    const event = (await me.events(signature)).find((e) => e.name === "unstakeRequested")!.data;
    const account = (await me.stakeAccount(staker.publicKey))!;
    const view = (await me.stakeView(staker.publicKey))!;
    const fund = await me.fund();
    assert.equal(fund.unstakeWindowSecs, TEST_PARAMS.unstakeWindowSecs);
    assert.deepEqual(
      [view.request!.unlockAt, view.request!.expiresAt],
      [Number(account.unstakeUnlockAt), Number(account.unstakeExpiresAt)],
    );
    assert.deepEqual([view.request!.unlockAt, view.request!.expiresAt], [Number(event.unlockAt), Number(event.expiresAt)]);
    assert.equal(view.request!.expiresAt - view.request!.unlockAt, fund.unstakeWindowSecs);
    assert.equal(view.request!.state, "locked");
    assert.equal(view.request!.shares, shares / 2n);

    // `lm status` shows the same window.
    const dir = mkdtempSync(join(tmpdir(), "lm-unstake-"));
    const file = join(dir, "staker.json");
    writeFileSync(file, JSON.stringify([...staker.secretKey]));
    const status = JSON.parse(
      execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", url, "-k", file, "--market", me.keys.market.toBase58(), "--json", "status"], { encoding: "utf8" }),
    );
    assert.deepEqual(
      [status.unstakeUnlockAt, status.unstakeExpiresAt, status.unstakeWindow, status.unstakeShares],
      [new Date(view.request!.unlockAt * 1000).toISOString(), new Date(view.request!.expiresAt * 1000).toISOString(), "locked", String(shares / 2n)],
    );

    // Before the unlock: refused; a second request while this one is live: refused.
    await assert.rejects(me.unstake(staker, setup.ata(staker.publicKey)), named("UnstakeLocked"));
    await assert.rejects(me.send([await me.requestUnstakeIx(staker.publicKey, 1n)], [staker]), named("UnstakeAlreadyPending"));
    // A window out of range is refused when proposed; a longer one is proposed (it applies after the notice).
    const longer = TEST_PARAMS.unstakeWindowSecs + 3_600;
    await assert.rejects(setup.client.proposeChange(admin, { kind: "params", params: { unstakeWindowSecs: TEST_PARAMS.unstakeWindowSecs - 1 } }), named("UnstakeWindowOutOfRange"));
    const { seq } = await setup.client.proposeChange(admin, { kind: "params", params: { unstakeWindowSecs: longer } });

    // From the unlock on, within the window: paid what the SDK showed.
    await until(async () => (await me.chainTime()) >= view.request!.unlockAt, 10_000, "the unlock");
    const open = (await me.stakeView(staker.publicKey))!;
    assert.equal(open.request!.state, "open");
    const before = BigInt((await setup.client.connection.getTokenAccountBalance(setup.ata(staker.publicKey))).value.amount);
    await me.unstake(staker, setup.ata(staker.publicKey));
    const after = BigInt((await setup.client.connection.getTokenAccountBalance(setup.ata(staker.publicKey))).value.amount);
    assert.equal(after - before, open.request!.payout);
    assert.equal((await me.stakeView(staker.publicKey))!.request, null);

    // A request made while the change waits; the change applies after its notice and leaves the
    // request's window where it was: the request lapsed during the notice (its one-day window).
    await me.send([await me.requestUnstakeIx(staker.publicKey, 1_000n)], [staker]);
    const made = (await me.stakeView(staker.publicKey))!.request!;
    assert.equal(made.expiresAt - made.unlockAt, TEST_PARAMS.unstakeWindowSecs);
    await timeTravel((await setup.client.pendingChange(seq))!.dueAt!);
    await setup.client.applyChange(admin, seq);
    assert.equal((await me.fund()).unstakeWindowSecs, longer);
    const kept = (await me.stakeView(staker.publicKey))!.request!;
    assert.deepEqual([kept.unlockAt, kept.expiresAt, kept.state], [made.unlockAt, made.expiresAt, "lapsed"]);
    await assert.rejects(me.unstake(staker, setup.ata(staker.publicKey)), named("UnstakeRequestLapsed"));

    // The next request gets the new window.
    await me.send([await me.requestUnstakeIx(staker.publicKey, 2_000n)], [staker]);
    const next = (await me.stakeView(staker.publicKey))!.request!;
    assert.equal(next.expiresAt - next.unlockAt, longer);
  });
});
