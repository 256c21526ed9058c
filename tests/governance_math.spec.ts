/**
 * The SDK's notice clock (app/src/governance.ts) against the same cases as the program's unit
 * tests in programs/loss_mutualization/src/math/notice.rs, the notice floor of `check_notice`,
 * and a pending change's due and lapse times.
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
  noticeStatus,
  openSecs,
  PendingChangeAccount,
  pendingChangeView,
  statusError,
} from "../app/src/governance";
import { PAUSE } from "../app/src/pda";

const DAY = 86_400;
const T0 = 1_700_000_000;
const clock = (now: number): NoticeClock => ({
  now,
  proposedAt: T0,
  noticeSecs: 3 * DAY,
  exitHaltedAtProposal: 0,
  exitHaltedTotal: 0,
  exitsPaused: false,
  exitPauseEndedAt: 0,
});

describe("governance: the notice clock (math/notice.rs)", () => {
  it("the program's constants", () => {
    assert.deepEqual([CHANGE_APPLY_WINDOW_SECS, EXITS_OPEN_BEFORE_CHANGE_SECS, EXIT_PAUSES], [7 * DAY, DAY, PAUSE.withdraw | PAUSE.settle | PAUSE.releaseProfit | PAUSE.unstake]);
  });

  it("a change is due exactly when its notice is served", () => {
    assert.deepEqual(noticeStatus(clock(T0)), { kind: "inNotice", remainingSecs: 3 * DAY });
    assert.deepEqual(noticeStatus(clock(T0 + 3 * DAY - 1)), { kind: "inNotice", remainingSecs: 1 });
    assert.deepEqual(noticeStatus(clock(T0 + 3 * DAY)), { kind: "due" });
    assert.deepEqual(noticeStatus(clock(T0 + 3 * DAY + CHANGE_APPLY_WINDOW_SECS - 1)), { kind: "due" });
    assert.deepEqual(noticeStatus(clock(T0 + 3 * DAY + CHANGE_APPLY_WINDOW_SECS)), { kind: "lapsed" });
  });

  it("halted time does not count towards the notice", () => {
    const c = { ...clock(T0 + 4 * DAY), exitHaltedAtProposal: 500, exitHaltedTotal: 500 + 2 * DAY };
    assert.equal(openSecs(c), 2 * DAY);
    assert.deepEqual(noticeStatus(c), { kind: "inNotice", remainingSecs: DAY });
    assert.deepEqual(noticeStatus({ ...c, now: T0 + 5 * DAY }), { kind: "due" });
  });

  it("exits must have been open a whole day before a change applies", () => {
    const served = clock(T0 + 3 * DAY);
    assert.deepEqual(noticeStatus({ ...served, exitsPaused: true }), { kind: "exitsNotOpenLongEnough" });
    assert.deepEqual(noticeStatus({ ...served, exitPauseEndedAt: served.now - 3_600 }), { kind: "exitsNotOpenLongEnough" });
    assert.deepEqual(noticeStatus({ ...served, exitPauseEndedAt: served.now - EXITS_OPEN_BEFORE_CHANGE_SECS }), { kind: "due" });
  });

  it("a longer notice delays a pending change", () => {
    assert.deepEqual(noticeStatus({ ...clock(T0 + 3 * DAY), noticeSecs: 10 * DAY }), { kind: "inNotice", remainingSecs: 7 * DAY });
  });

  it("a clock before the proposal counts no open time", () => {
    assert.equal(openSecs(clock(T0 - 10)), 0);
    assert.equal(openSecs({ ...clock(T0 + DAY), exitHaltedTotal: 10 * DAY }), 0);
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
  const market = { paused: 0, noticeSecs: 3 * DAY, exitHaltedSecs: 100, exitHaltedSince: 0, exitPauseEndedAt: 0 };

  it("a pending change's countdown, due and lapse times, with exits open", () => {
    const v = pendingChangeView(account({ kind: "params", params: { maxDrawPerEvent: 5n } }), market, T0 + DAY);
    assert.deepEqual(
      [v.status, v.remainingSecs, v.openSecs, v.noticeSecs, v.clockStopped, v.dueAt, v.lapsesAt],
      [{ kind: "inNotice", remainingSecs: 2 * DAY }, 2 * DAY, DAY, 3 * DAY, false, T0 + 3 * DAY, T0 + 10 * DAY],
    );
    // A longer market notice now applies to it; an exit pause lifted an hour ago delays it by a day less an hour.
    const longer = pendingChangeView(account({ kind: "params", params: {} }), { ...market, noticeSecs: 4 * DAY, exitPauseEndedAt: T0 + 4 * DAY - 3_600 }, T0 + 4 * DAY);
    assert.deepEqual([longer.status, longer.dueAt, longer.lapsesAt], [{ kind: "exitsNotOpenLongEnough" }, T0 + 5 * DAY - 3_600, T0 + 11 * DAY]);
    const due = pendingChangeView(account({ kind: "params", params: {} }), market, T0 + 3 * DAY + 5);
    assert.deepEqual([due.status, due.remainingSecs, due.dueAt, due.lapsesAt], [{ kind: "due" }, 0, T0 + 3 * DAY + 5, T0 + 10 * DAY]);
    const lapsed = pendingChangeView(account({ kind: "params", params: {} }), market, T0 + 10 * DAY);
    assert.deepEqual([lapsed.status, lapsed.dueAt, lapsed.lapsesAt], [{ kind: "lapsed" }, null, null]);
  });

  it("while exits are halted the countdown stops: the halted time is added, no due time", () => {
    // Withdrawals paused since a day after the proposal: at day 2 one open day is served.
    const halted = { ...market, paused: PAUSE.withdraw, exitHaltedSince: T0 + DAY };
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
