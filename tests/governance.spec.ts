/**
 * Governance with notice through the SDK, on the local validator (its clock moved with
 * `surfnet_timeTravel`): each kind of change is proposed, refused before its notice is served
 * (NoticeNotServed) with nothing changed, and applied after it with exactly its effect; cancel;
 * the admin change applied by the new admin only; raise_notice; a pause stops the notice. The
 * SDK's status of each change is the program's answer at every step.
 */
import assert from "node:assert/strict";
import { Keypair, PublicKey } from "@solana/web3.js";
import { longestMaturity, LossMutualizationClient, minimumNotice, noticeForProposal, PAUSE, pdas, programError } from "@loss-mutualization/sdk";
import { funded, localnet, named, specMarkets, SpecMarkets, TEST_PARAMS, travelBy, timeTravel } from "./env";

const DAY = 86_400;

describe("governance: changes wait for their notice", () => {
  let admin: Keypair, risk: Keypair, keeper: Keypair;
  let newMarket: SpecMarkets["newMarket"];

  before(async () => {
    ({ admin, risk, keeper, newMarket } = await specMarkets());
  });

  const lamports = async (key: PublicKey) => BigInt(await (await localnet()).connection.getBalance(key, "confirmed"));
  const changeRent = async (m: LossMutualizationClient, address: PublicKey) => {
    const { connection } = await localnet();
    const info = (await connection.getAccountInfo(address, "confirmed"))!;
    return BigInt(await connection.getMinimumBalanceForRentExemption(info.data.length));
  };
  const eventOf = async (m: LossMutualizationClient, signature: string, name: string) => (await m.events(signature)).find((e) => e.name === name)?.data;

  it("a parameter change: public at once with its countdown, refused before its notice with nothing changed, applied after it by anyone with exactly its effect", async () => {
    const { client: m, on } = await newMarket(1, { alice: 1_000_000n });
    const [fundBefore, marketBefore] = [await m.fund(), await m.market()];
    const adminBefore = await lamports(admin.publicKey);
    const proposed = await m.proposeChange(admin, { kind: "params", params: { maxDrawPerEvent: 600_000n, unstakeWindowSecs: 2 * DAY, noticeSecs: 4 * DAY } });
    const rent = await changeRent(m, proposed.address);
    assert.equal(await lamports(admin.publicKey), adminBefore - rent - 5_000n, "the admin pays the change's rent and the fee");
    assert.deepEqual([proposed.seq, proposed.address.toBase58(), (await m.market()).changeCount], [0n, pdas.pendingChange(m.keys.market, 0).toBase58(), 1n]);
    const event = await eventOf(m, proposed.signature, "changeProposed");
    assert.deepEqual([event.seq.toString(), event.proposer.toBase58(), event.noticeSecs.toString(), event.change.params[0].maxDrawPerEvent.toString()], ["0", admin.publicKey.toBase58(), String(3 * DAY), "600000"]);

    // Everyone sees it: what it does, who proposed it, and the open time left.
    const [view] = await on(keeper).pendingChanges();
    assert.deepEqual(
      [view.seq, view.proposer.toBase58(), view.proposedAt, view.noticeSecs, view.change],
      [0n, admin.publicKey.toBase58(), Number(event.proposedAt), 3 * DAY, { kind: "params", params: { maxDrawPerEvent: 600_000n, unstakeWindowSecs: 2 * DAY, noticeSecs: 4 * DAY } }],
    );
    assert.deepEqual(view.status, { kind: "inNotice", remainingSecs: 3 * DAY - (view.now - view.proposedAt) });
    assert.deepEqual([view.dueAt, view.lapsesAt], [view.proposedAt + 3 * DAY, view.proposedAt + 10 * DAY]);

    // Before its notice is served: refused, nothing changed.
    await assert.rejects(on(keeper).applyChange(keeper, 0), named("NoticeNotServed"));
    await timeTravel(view.proposedAt + 3 * DAY - 30);
    assert.equal((await m.pendingChange(0))!.status.kind, "inNotice");
    await assert.rejects(on(keeper).applyChange(keeper, 0), named("NoticeNotServed"));
    assert.deepEqual([(await m.fund()).maxDrawPerEvent, (await m.fund()).unstakeWindowSecs, (await m.market()).noticeSecs], [fundBefore.maxDrawPerEvent, TEST_PARAMS.unstakeWindowSecs, 3 * DAY]);

    // Served: anyone applies it; exactly the fields it names change, the rent goes back to the proposer.
    await timeTravel(view.proposedAt + 3 * DAY);
    assert.equal((await m.pendingChange(0))!.status.kind, "due");
    const adminBeforeApply = await lamports(admin.publicKey);
    const applied = await on(keeper).applyChange(keeper, 0);
    assert.equal(await lamports(admin.publicKey), adminBeforeApply + rent);
    assert.deepEqual(
      [(await eventOf(m, applied.signature, "changeApplied")).by.toBase58(), (await eventOf(m, applied.signature, "paramsUpdated")).noticeSecs.toString()],
      [keeper.publicKey.toBase58(), String(4 * DAY)],
    );
    const [fund, market] = [await m.fund(), await m.market()];
    assert.deepEqual(
      [fund.maxDrawPerEvent, fund.unstakeWindowSecs, market.noticeSecs, fund.drawWindowCap, fund.drawWindowSecs, fund.unstakeDelaySecs, market.profitMaturitySecs, market.liquidationWindowSecs, market.maxShortfallBps],
      [600_000n, 2 * DAY, 4 * DAY, fundBefore.drawWindowCap, fundBefore.drawWindowSecs, fundBefore.unstakeDelaySecs, marketBefore.profitMaturitySecs, marketBefore.liquidationWindowSecs, marketBefore.maxShortfallBps],
    );
    assert.equal(await m.pendingChange(0), null);
    assert.deepEqual(await m.pendingChanges(), []);
  });

  it("an authorities change names only what changes; its rent goes to the proposer only (WrongProposer); an empty change is refused (EmptyChange)", async () => {
    const { client: m, on } = await newMarket(2, {});
    await assert.rejects(m.proposeChange(admin, { kind: "authorities" }), named("EmptyChange"));
    const before = await m.market();
    const nextRisk = Keypair.generate().publicKey;
    const { seq } = await m.proposeChange(admin, { kind: "authorities", riskAuthority: nextRisk });
    assert.equal(seq, 0n, "the refused proposal took no sequence number");
    const view = (await m.pendingChange(seq))!;
    assert.deepEqual(view.change, { kind: "authorities", riskAuthority: nextRisk });
    await timeTravel(view.proposedAt + 3 * DAY);
    const k = on(keeper);
    await assert.rejects(k.send([await k.applyChangeIx(keeper.publicKey, { seq, proposer: keeper.publicKey })], [keeper]), named("WrongProposer"));
    assert.ok((await m.market()).riskAuthority.equals(before.riskAuthority));
    // The well-formed twin.
    const signature = await k.send([await k.applyChangeIx(keeper.publicKey, { seq, proposer: admin.publicKey })], [keeper]);
    const set = await eventOf(m, signature, "authoritiesSet");
    assert.deepEqual([set.riskAuthority.toBase58(), set.clearingAuthority.toBase58()], [nextRisk.toBase58(), before.clearingAuthority.toBase58()]);
    const after = await m.market();
    assert.deepEqual([after.riskAuthority.toBase58(), after.clearingAuthority.toBase58(), after.admin.toBase58()], [nextRisk.toBase58(), before.clearingAuthority.toBase58(), admin.publicKey.toBase58()]);
  });

  it("the admin cancels a change (a stranger cannot: NotAdmin); nothing changes, the rent goes back, and it cannot be applied afterwards", async () => {
    const { client: m, on } = await newMarket(3, {});
    const { seq, address } = await m.proposeChange(admin, { kind: "params", params: { liquidationWindowSecs: 9 } });
    const rent = await changeRent(m, address);
    await assert.rejects(on(keeper).send([await m.cancelChangeIx(keeper.publicKey, { seq, proposer: admin.publicKey })], [keeper]), named("NotAdmin"));
    assert.notEqual(await m.pendingChange(seq), null);
    const adminBefore = await lamports(admin.publicKey);
    const signature = await m.cancelChange(admin, seq);
    assert.equal(await lamports(admin.publicKey), adminBefore + rent - 5_000n);
    const cancelled = await eventOf(m, signature, "changeCancelled");
    assert.deepEqual([cancelled.seq.toString(), cancelled.by.toBase58()], ["0", admin.publicKey.toBase58()]);
    assert.equal(await m.pendingChange(seq), null);
    await travelBy(3 * DAY + 60);
    const k = on(keeper);
    await assert.rejects(k.send([await k.applyChangeIx(keeper.publicKey, { seq, proposer: admin.publicKey })], [keeper]), (err) => {
      assert.deepEqual([programError(err)?.name, programError(err)?.code], ["AccountNotInitialized", 3012]);
      return true;
    });
    await assert.rejects(k.applyChange(keeper, seq), /no pending change 0 in market/);
    assert.equal((await m.market()).liquidationWindowSecs, TEST_PARAMS.liquidationWindowSecs);
    // A new proposal takes the next sequence number.
    assert.equal((await m.proposeChange(admin, { kind: "params", params: { liquidationWindowSecs: 9 } })).seq, 1n);
  });

  it("an admin change is applied by the new admin only (NotPendingAdmin for the old admin and anyone else), after its notice", async () => {
    const { client: m, on } = await newMarket(4, {});
    const next = await funded(1);
    await assert.rejects(m.proposeChange(admin, { kind: "admin", newAdmin: admin.publicKey }), named("PendingAdminIsAdmin"));
    const { seq } = await m.proposeChange(admin, { kind: "admin", newAdmin: next.publicKey });
    // The new admin signs without paying: the keeper's client pays the fee.
    const byNext = async () => {
      const k = on(keeper);
      return await k.send([await k.applyChangeIx(next.publicKey, { seq, proposer: admin.publicKey })], [next]);
    };
    await assert.rejects(byNext(), named("NoticeNotServed"));
    await travelBy(3 * DAY + 5);
    await assert.rejects(m.applyChange(admin, seq), named("NotPendingAdmin"));
    await assert.rejects(on(keeper).applyChange(keeper, seq), named("NotPendingAdmin"));
    assert.ok((await m.market()).admin.equals(admin.publicKey));
    const signature = await byNext();
    const transferred = await eventOf(m, signature, "adminTransferred");
    assert.deepEqual([transferred.previousAdmin.toBase58(), transferred.admin.toBase58()], [admin.publicKey.toBase58(), next.publicKey.toBase58()]);
    const market = await m.market();
    assert.deepEqual([market.admin.toBase58(), market.creator.toBase58()], [next.publicKey.toBase58(), admin.publicKey.toBase58()]);
    // The old admin may no longer propose; the new one may.
    await assert.rejects(m.proposeChange(admin, { kind: "params", params: { liquidationWindowSecs: 5 } }), named("NotAdmin"));
    assert.equal((await on(next).proposeChange(next, { kind: "params", params: { liquidationWindowSecs: 5 } })).seq, 1n);
    assert.deepEqual((await m.pendingChanges()).map((c) => [c.seq, c.proposer.toBase58()]), [[1n, next.publicKey.toBase58()]]);
  });

  it("raise_notice lengthens the notice at once, also for pending changes; a shorter one is a change that keeps the floor", async () => {
    const { client: m } = await newMarket(5, {});
    const { seq } = await m.proposeChange(admin, { kind: "params", params: { drawWindowSecs: 3_600 } });
    const proposedAt = (await m.pendingChange(seq))!.proposedAt;
    await assert.rejects(m.raiseNotice(admin, 3 * DAY), named("NoticeNotRaised"));
    await assert.rejects(m.raiseNotice(admin, 366 * DAY), named("NoticeOutOfRange"));
    await m.raiseNotice(admin, 5 * DAY);
    assert.equal((await m.market()).noticeSecs, 5 * DAY);
    const view = (await m.pendingChange(seq))!;
    assert.deepEqual([view.proposedNoticeSecs, view.noticeSecs, view.dueAt], [3 * DAY, 5 * DAY, proposedAt + 5 * DAY]);
    await timeTravel(proposedAt + 3 * DAY);
    await assert.rejects(m.applyChange(admin, seq), named("NoticeNotServed"));
    await timeTravel(proposedAt + 5 * DAY);
    await m.applyChange(admin, seq);
    assert.equal((await m.fund()).drawWindowSecs, 3_600);
    // Shorter: proposed, and never below 2 days + the longest exit (maturity 3,600 s: 4,050 s).
    const floor = minimumNotice(TEST_PARAMS.profitMaturitySecs, TEST_PARAMS.unstakeDelaySecs);
    await assert.rejects(m.proposeChange(admin, { kind: "params", params: { noticeSecs: floor - 1 } }), named("NoticeShorterThanExit"));
    await assert.rejects(m.proposeChange(admin, { kind: "params", params: { noticeSecs: DAY } }), named("NoticeOutOfRange"));
    const shorter = await m.proposeChange(admin, { kind: "params", params: { noticeSecs: floor } });
    await travelBy(5 * DAY + 5);
    await m.applyChange(admin, shorter.seq);
    assert.equal((await m.market()).noticeSecs, floor);
  });

  it("a pause of an exit stops the notice, and a change waits for a whole day of open exits after it (ExitsNotOpenLongEnough)", async () => {
    const { client: m, on } = await newMarket(6, {});
    const { seq } = await m.proposeChange(admin, { kind: "params", params: { maxShortfallBps: 50_000 } });
    const proposedAt = (await m.pendingChange(seq))!.proposedAt;
    // Two hours short of the notice, the risk authority pauses withdrawals for a day.
    await timeTravel(proposedAt + 3 * DAY - 2 * 3_600);
    await on(risk).send([await m.setPauseIx(risk.publicKey, PAUSE.withdraw)], [risk]);
    await travelBy(DAY);
    const paused = (await m.pendingChange(seq))!;
    assert.equal(paused.clockStopped, true);
    assert.ok(paused.remainingSecs >= 2 * 3_600 - 5 && paused.remainingSecs <= 2 * 3_600, `the day paused did not count: ${paused.remainingSecs} s left`);
    await assert.rejects(m.applyChange(admin, seq), named("NoticeNotServed"));
    await m.send([await m.setPauseIx(admin.publicKey, 0)]);
    const liftedAt = (await m.market()).exitsReopenedAt;
    // The notice is served two hours later; exits have then been open two hours only.
    await travelBy(2 * 3_600 + 10);
    const waiting = (await m.pendingChange(seq))!;
    assert.deepEqual([waiting.status, waiting.dueAt], [{ kind: "exitsNotOpenLongEnough" }, liftedAt + DAY]);
    await assert.rejects(m.applyChange(admin, seq), named("ExitsNotOpenLongEnough"));
    assert.equal((await m.market()).maxShortfallBps, TEST_PARAMS.maxShortfallBps);
    await timeTravel(liftedAt + DAY);
    assert.equal((await m.pendingChange(seq))!.status.kind, "due");
    await m.applyChange(admin, seq);
    assert.equal((await m.market()).maxShortfallBps, 50_000);
  });

  it("a change proposed while gains of a longer maturity may still be maturing waits for them (the SDK predicts its notice)", async () => {
    const maturity = 30 * DAY;
    const { client: m } = await newMarket(7, {}, {}, { profitMaturitySecs: maturity, noticeSecs: minimumNotice(maturity, 0) });
    // A shorter maturity and, with it, the shorter notice its floor allows.
    const shorter = await m.proposeChange(admin, { kind: "params", params: { profitMaturitySecs: 3_600, noticeSecs: minimumNotice(3_600, 0) } });
    await timeTravel((await m.pendingChange(shorter.seq))!.dueAt!);
    const applied = await m.applyChange(admin, shorter.seq);
    const appliedAt = (await m.connection.getTransaction(applied.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 }))!.blockTime!;
    const market = await m.market();
    assert.deepEqual([market.profitMaturitySecs, market.noticeSecs, market.oldMaturityEndsAt], [3_600, minimumNotice(3_600, 0), appliedAt + longestMaturity(maturity)]);
    // Gains booked under 30 days may mature for 33.75 more days: a change proposed now waits 2 days beyond them.
    const next = await m.proposeChange(admin, { kind: "params", params: { liquidationWindowSecs: 30 } });
    const view = (await m.pendingChange(next.seq))!;
    assert.equal(view.proposedNoticeSecs, noticeForProposal(market.noticeSecs, view.proposedAt, market.oldMaturityEndsAt));
    assert.equal(view.proposedNoticeSecs, market.oldMaturityEndsAt - view.proposedAt + 2 * DAY);
    await timeTravel(view.proposedAt + minimumNotice(3_600, 0));
    await assert.rejects(m.applyChange(admin, next.seq), named("NoticeNotServed"));
    await timeTravel(view.dueAt!);
    await m.applyChange(admin, next.seq);
    assert.equal((await m.market()).liquidationWindowSecs, 30);
  });
});
