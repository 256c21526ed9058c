/**
 * The SDK's notice clock (app/src/governance.ts) and halt clock (app/src/halt.ts) against the same
 * cases as the program's unit tests in programs/loss_mutualization/src/math/notice.rs and
 * math/halt.rs, the notice floor of `check_notice`, and a pending change's due and lapse times.
 */
import assert from "node:assert/strict";
import { Keypair } from "@solana/web3.js";
import {
  CHANGE_APPLY_WINDOW_SECS,
  changeArg,
  changeOf,
  describeChange,
  EXIT_PAUSES,
  EXITS_OPEN_BEFORE_CHANGE_SECS,
  longestMaturity,
  minimumNotice,
  NoticeClock,
  noticeForProposal,
  noticeStatus,
  PendingChangeAccount,
  pendingChangeView,
  statusError,
} from "@loss-mutualization/sdk";
import { haltedTotal, openSecsSince } from "@loss-mutualization/sdk";
import { PAUSE } from "@loss-mutualization/sdk";

const DAY = 86_400;
const T0 = 1_700_000_000;
const clock = (openSecs: number): NoticeClock => ({
  openSecs,
  proposalNoticeSecs: 3 * DAY,
  marketNoticeSecs: 3 * DAY,
  exitsPaused: false,
  openSinceExitsReopened: openSecs + 10 * DAY,
});

describe("governance: the notice clock (math/notice.rs, math/halt.rs)", () => {
  it("the program's constants", () => {
    assert.deepEqual(
      [CHANGE_APPLY_WINDOW_SECS, EXITS_OPEN_BEFORE_CHANGE_SECS, EXIT_PAUSES],
      [7 * DAY, DAY, PAUSE.withdraw | PAUSE.settle | PAUSE.releaseProfit | PAUSE.unstake | PAUSE.applyPnl],
    );
  });

  it("halted time is counted once and open time is the rest", () => {
    assert.equal(haltedTotal({ haltedSecs: 0, haltedSince: 100 }, 150), 50);
    const clock = { haltedSecs: 100, haltedSince: 300 }; // halted 100..200, and again from 300
    assert.deepEqual([haltedTotal({ haltedSecs: 100, haltedSince: 0 }, 1_000), haltedTotal(clock, 310)], [100, 110]);
    assert.equal(openSecsSince(clock, 0, 0, 310), 200);
    assert.equal(openSecsSince(clock, 150, 50, 310), 100);
    // A clock before `since` counts no open time.
    assert.equal(openSecsSince(clock, 400, 110, 390), 0);
  });

  it("a change is due exactly when its notice is served", () => {
    assert.deepEqual(noticeStatus(clock(0)), { kind: "inNotice", remainingSecs: 3 * DAY });
    assert.deepEqual(noticeStatus(clock(3 * DAY - 1)), { kind: "inNotice", remainingSecs: 1 });
    assert.deepEqual(noticeStatus(clock(3 * DAY)), { kind: "due" });
    assert.deepEqual(noticeStatus(clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS - 1)), { kind: "due" });
    assert.deepEqual(noticeStatus(clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS)), { kind: "lapsed" });
  });

  it("exits must have been open a whole day since a pause", () => {
    const served = clock(3 * DAY);
    assert.deepEqual(noticeStatus({ ...served, exitsPaused: true }), { kind: "exitsNotOpenLongEnough" });
    assert.deepEqual(noticeStatus({ ...served, openSinceExitsReopened: EXITS_OPEN_BEFORE_CHANGE_SECS - 1 }), { kind: "exitsNotOpenLongEnough" });
    assert.deepEqual(noticeStatus({ ...served, openSinceExitsReopened: EXITS_OPEN_BEFORE_CHANGE_SECS }), { kind: "due" });
  });

  it("a longer notice delays a pending change but never revives a lapsed one", () => {
    assert.deepEqual(noticeStatus({ ...clock(3 * DAY), marketNoticeSecs: 5 * DAY }), { kind: "inNotice", remainingSecs: 2 * DAY });
    assert.deepEqual(noticeStatus({ ...clock(100 * DAY), marketNoticeSecs: 95 * DAY }), { kind: "lapsed" });
    assert.deepEqual(noticeStatus({ ...clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS), marketNoticeSecs: 20 * DAY }), { kind: "lapsed" });
  });

  it("a proposal waits for gains of a longer maturity period", () => {
    assert.equal(noticeForProposal(9 * DAY, 1_000, 0), 9 * DAY);
    assert.equal(noticeForProposal(9 * DAY, 1_000, 1_000), 9 * DAY);
    assert.equal(noticeForProposal(9 * DAY, 1_000, 1_000 + 7 * DAY), 9 * DAY);
    assert.equal(noticeForProposal(9 * DAY, 1_000, 1_000 + 30 * DAY), 32 * DAY);
  });

  it("each status names the error apply_change refuses it with", () => {
    assert.deepEqual(
      [{ kind: "inNotice", remainingSecs: 1 } as const, { kind: "exitsNotOpenLongEnough" } as const, { kind: "due" } as const, { kind: "lapsed" } as const].map(statusError),
      ["NoticeNotServed", "ExitsNotOpenLongEnough", null, "ChangeLapsed"],
    );
  });
});

describe("governance: the notice floor and pending changes", () => {
  it("the floor is 2 days on top of the longest exit (check_notice)", () => {
    assert.equal(longestMaturity(3_600), 4_050);
    assert.equal(longestMaturity(9), 11); // 9 + ceil(9 / 8)
    assert.equal(minimumNotice(3_600, 0), 2 * DAY + 4_050);
    assert.equal(minimumNotice(3_600, 7 * DAY), 9 * DAY);
    assert.equal(minimumNotice(0, 0), 2 * DAY);
  });

  const account = (change: PendingChangeAccount["change"], notice = 3 * DAY): PendingChangeAccount => ({
    address: Keypair.generate().publicKey,
    market: Keypair.generate().publicKey,
    seq: 4n,
    proposer: Keypair.generate().publicKey,
    proposedAt: T0,
    proposedNoticeSecs: notice,
    exitHaltedAtProposal: 100,
    change,
  });
  const market = { paused: 0, noticeSecs: 3 * DAY, exitHalt: { haltedSecs: 100, haltedSince: 0 }, exitsReopenedAt: 0, exitHaltedAtReopen: 0 };

  it("a pending change's countdown, due and lapse times, with exits open", () => {
    const v = pendingChangeView(account({ kind: "params", params: { maxDrawPerEvent: 5n } }), market, T0 + DAY);
    assert.deepEqual(
      [v.status, v.remainingSecs, v.openSecs, v.noticeSecs, v.clockStopped, v.dueAt, v.lapsesAt],
      [{ kind: "inNotice", remainingSecs: 2 * DAY }, 2 * DAY, DAY, 3 * DAY, false, T0 + 3 * DAY, T0 + 10 * DAY],
    );
    // A longer market notice now holds it (its apply window still counts from its own notice);
    // exits reopened an hour ago: due once they have been open a day.
    const reopened = { ...market, noticeSecs: 4 * DAY, exitsReopenedAt: T0 + 4 * DAY - 3_600, exitHaltedAtReopen: 100 };
    const longer = pendingChangeView(account({ kind: "params", params: {} }), reopened, T0 + 4 * DAY);
    assert.deepEqual([longer.status, longer.openSinceExitsReopened, longer.dueAt, longer.lapsesAt], [{ kind: "exitsNotOpenLongEnough" }, 3_600, T0 + 5 * DAY - 3_600, T0 + 10 * DAY]);
    const inNotice = pendingChangeView(account({ kind: "params", params: {} }), reopened, T0 + 4 * DAY - 1_800);
    assert.deepEqual([inNotice.status, inNotice.dueAt], [{ kind: "inNotice", remainingSecs: 1_800 }, T0 + 5 * DAY - 3_600]);
    const due = pendingChangeView(account({ kind: "params", params: {} }), market, T0 + 3 * DAY + 5);
    assert.deepEqual([due.status, due.remainingSecs, due.dueAt, due.lapsesAt], [{ kind: "due" }, 0, T0 + 3 * DAY + 5, T0 + 10 * DAY]);
    const lapsed = pendingChangeView(account({ kind: "params", params: {} }), market, T0 + 10 * DAY);
    assert.deepEqual([lapsed.status, lapsed.dueAt, lapsed.lapsesAt], [{ kind: "lapsed" }, null, null]);
    // Held past its window by a much longer notice: it lapses first, so no due time.
    const held = pendingChangeView(account({ kind: "params", params: {} }), { ...market, noticeSecs: 20 * DAY }, T0 + DAY);
    assert.deepEqual([held.status, held.dueAt, held.lapsesAt], [{ kind: "inNotice", remainingSecs: 19 * DAY }, null, T0 + 10 * DAY]);
  });

  it("while exits are halted the countdown stops: the halted time is added, no due time", () => {
    // Withdrawals paused since a day after the proposal: at day 2 one open day is served.
    const halted = { ...market, paused: PAUSE.withdraw, exitHalt: { haltedSecs: 100, haltedSince: T0 + DAY } };
    const v = pendingChangeView(account({ kind: "params", params: {} }), halted, T0 + 2 * DAY);
    assert.deepEqual([v.status, v.openSecs, v.clockStopped, v.dueAt, v.lapsesAt], [{ kind: "inNotice", remainingSecs: 2 * DAY }, DAY, true, null, null]);
    // A pause of something that is not an exit stops nothing.
    const deposits = pendingChangeView(account({ kind: "params", params: {} }), { ...market, paused: PAUSE.deposit }, T0 + 3 * DAY);
    assert.deepEqual(deposits.status, { kind: "due" });
  });

  it("changes round-trip through the IDL's argument form, and read as one line", () => {
    const risk = Keypair.generate().publicKey;
    const admin = Keypair.generate().publicKey;
    const params = { kind: "params", params: { maxDrawPerEvent: 600_000n, unstakeWindowSecs: 2 * DAY, maxShortfallBps: 7, noticeSecs: 4 * DAY } } as const;
    // The decoder sees numbers and BNs where the argument holds BNs: compare what comes back.
    const arg = changeArg(params);
    assert.deepEqual(Object.keys(arg.params[0]), ["profitMaturitySecs", "maxDrawPerEvent", "drawWindowCap", "drawWindowSecs", "unstakeDelaySecs", "unstakeWindowSecs", "liquidationWindowSecs", "maxShortfallBps", "noticeSecs"]);
    assert.equal(arg.params[0].profitMaturitySecs, null);
    assert.deepEqual(changeOf(arg), params);
    assert.equal(describeChange(params), "params: maxDrawPerEvent=600000 unstakeWindowSecs=172800 maxShortfallBps=7 noticeSecs=345600");
    const authorities = { kind: "authorities", riskAuthority: risk } as const;
    assert.deepEqual(changeArg(authorities), { authorities: { riskAuthority: risk, clearingAuthority: null } });
    assert.deepEqual(changeOf(changeArg(authorities)), authorities);
    assert.equal(describeChange({ kind: "admin", newAdmin: admin }), `admin: newAdmin=${admin.toBase58()}`);
    assert.deepEqual(changeOf(changeArg({ kind: "admin", newAdmin: admin })), { kind: "admin", newAdmin: admin });
  });
});
