/**
 * The dashboard's staker view: a wallet's insurance shares and what they are worth now, what it
 * put in and took out (its Staked and Unstaked events, per share epoch: the stake account keeps
 * no such total) and the difference, its share of the fund's draws net of donations and dust; the
 * epochs a wipe-out retired; and its unstake request with its window.
 */
import { Snapshot, WalletView } from "./model";
import { FundHistory, FundPoint, stakeLedger } from "./history";
import { amount, Child, count, group, h, moment, value } from "./dom";

/** A signed result: "+1" a gain, "-99,999" a loss, with what it is. */
function result(testid: string, v: bigint): Child {
  const what = v < 0n ? "loss: its share of the fund's draws, net of donations and dust" : v > 0n ? "gain: its share of donations and dust, net of draws" : "even";
  return [v > 0n && "+", amount(testid, v), h("span", { class: "tok" }, ` (${what})`)];
}

const retiredBy = (p: FundPoint) => ["retired by the wipe-out at slot ", count("wallet-stake-wipe-out-slot", p.slot), p.blockTime !== null && [", ", moment("wallet-stake-wipe-out-at", p.blockTime)]];

export function stakeRows(s: Snapshot, w: WalletView, history: FundHistory): [string, Child][] {
  const st = w.stake;
  if (!st) return [["insurance stake", h("span", { "data-testid": "wallet-no-stake" }, "none")]];
  const rows: [string, Child][] = [
    [
      "insurance shares",
      [
        value("wallet-stake-shares", st.shares, group(st.shares)),
        st.retired && [" ", h("span", { class: "pill" }, `its ${group(w.stakeShares ?? 0n)} shares of share epoch ${w.stakeEpoch} were retired by a wipe-out`)],
      ],
    ],
    ["stake value now", amount("wallet-stake-value", st.valueNow)],
  ];
  if (!history.complete) {
    rows.push(["put in, taken out", h("span", { class: "muted", "data-testid": "wallet-stake-ledger-unknown" }, "unknown: the RPC's history is shorter than the market's")]);
  } else {
    const ledger = stakeLedger(history.points, w.owner);
    const epoch = w.stakeEpoch ?? s.fund.shareEpoch;
    const current = ledger.find((e) => e.epoch === epoch) ?? { epoch, staked: 0n, paid: 0n, wipeOut: null };
    rows.push(
      [`put in (staked, share epoch ${epoch})`, amount("wallet-stake-put-in", current.staked)],
      ["taken out (unstakes paid)", amount("wallet-stake-taken-out", current.paid)],
      [
        "result (value now + taken out − put in)",
        [result("wallet-stake-result", st.valueNow + current.paid - current.staked), st.retired && current.wipeOut && [" · ", retiredBy(current.wipeOut)]],
      ],
    );
    for (const e of ledger.filter((e) => e.epoch !== epoch)) {
      rows.push([
        `share epoch ${e.epoch}`,
        h(
          "span",
          { "data-testid": "wallet-stake-epoch", "data-epoch": e.epoch },
          "put in ",
          amount("se-put-in", e.staked, false),
          ", taken out ",
          amount("se-taken-out", e.paid, false),
          ", result ",
          result("se-result", e.paid - e.staked),
          e.wipeOut && [" · ", retiredBy(e.wipeOut)],
        ),
      ]);
    }
  }
  if (st.request) {
    rows.push(
      ["unstake requested", value("wallet-unstake-shares", st.request.shares, `${group(st.request.shares)} shares`)],
      ["value at request", amount("wallet-unstake-value-at-request", st.request.valueAtRequest)],
      ["those shares now", amount("wallet-unstake-value-now", st.request.valueNow)],
      ["unstake pays now (lesser)", amount("wallet-unstake-payout", st.request.payout)],
      ["unlocks", moment("wallet-unstake-unlock", st.request.unlockAt, s.chainTime, "unlocked")],
      ["usable until (then it lapses)", [moment("wallet-unstake-expires", st.request.expiresAt, s.chainTime, "lapsed"), " · ", value("wallet-unstake-state", st.request.state)]],
    );
  }
  return rows;
}
