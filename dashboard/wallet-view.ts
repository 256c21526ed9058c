/**
 * The dashboard's wallet view: a position's exposure (its own at-risk profit before and after its
 * pending clawback, beside the market's total of all wallets), what it may withdraw and why not
 * more, its profit maturity; and its insurance stake (stake-view.ts).
 */
import { Snapshot, WalletView, WithdrawReason, withdrawReasons } from "./model";
import { FundHistory } from "./history";
import { $, amount, Child, countdown, fill, frag, h, kv, moment, time, value } from "./dom";
import { stakeRows } from "./stake-view";

/** One reason, as the reader sees it next to the withdrawable amount ("settle first: 152,174 pending"). */
function reason(r: WithdrawReason, now: number): Node {
  const span = (...children: Child[]) => h("span", { "data-testid": "wallet-withdraw-reason", "data-value": r.kind }, ...children);
  switch (r.kind) {
    case "bankrupt":
      return span("bankrupt: its loss is being resolved, nothing is left to withdraw");
    case "lossPending":
      return span(
        "exits wait: a loss of ",
        amount("wallet-withdraw-loss", r.shortfall, false),
        " is pending until it is resolved",
        r.endsAt > 0 && [" (anyone may resolve it from ", moment("wallet-withdraw-loss-ends", r.endsAt, now, "now"), ")"],
      );
    case "unpredictable":
      return span("a pending loss cannot be predicted: what settle will charge is unknown");
    case "settle":
      return span("settle first: ", amount("wallet-withdraw-settle", r.pending, false), " pending (then up to ", amount("wallet-withdraw-then", r.then, false), ")");
    case "locked":
      return span(amount("wallet-withdraw-locked", r.margin, false), " locked as margin");
    case "empty":
      return span("no principal");
  }
}

export function renderWallet(s: Snapshot, w: WalletView | null, history: FundHistory) {
  const view = $("wallet-view");
  if (!w) {
    view.className = "muted";
    view.textContent = "Enter a wallet to see its exposure.";
    return;
  }
  view.className = "";
  const e = w.exposure;
  const rows: [string, Child][] = [["wallet", h("code", { "data-testid": "wallet-owner" }, w.owner.toBase58())]];
  if (!e || !w.position) {
    rows.push(["position", h("span", { "data-testid": "wallet-no-position" }, "none in this market")]);
  } else {
    const reasons = withdrawReasons(e, w.position.principal, s.market);
    rows.push(
      ["principal", amount("wallet-principal", w.position.principal)],
      ["at-risk profit, this wallet, before its pending clawback", amount("wallet-at-risk-profit", e.atRiskProfit)],
      ["at-risk profit, this wallet, after its pending clawback", amount("wallet-at-risk-profit-after", e.profitAfter)],
      [
        "share of all wallets' at-risk profit (the clawback weight)",
        [
          value("wallet-weight-share", e.weightShare, `${(e.weightShare * 100).toFixed(4)} %`),
          h("span", { class: "tok" }, " of ", amount("wallet-market-at-risk-profit", s.market.profitPool.total, false), " (Market coverage)"),
        ],
      ],
      ["pending clawback (settle charges)", amount("wallet-pending-clawback", e.pendingClawback)],
      ["pending haircut (settle charges)", amount("wallet-pending-haircut", e.pendingHaircut)],
    );
    if (e.lossPending) {
      rows.push(
        ["clawback once pending losses are resolved", amount("wallet-clawback-after-resolution", e.afterResolution?.pendingClawback)],
        ["haircut once pending losses are resolved", amount("wallet-haircut-after-resolution", e.afterResolution?.pendingHaircut)],
      );
    }
    rows.push(
      ["releasable profit (release_profit moves it now)", amount("wallet-releasable-profit", e.releasableProfit)],
      ["profit still maturing", amount("wallet-maturing-profit", e.maturingProfit)],
      [
        "next maturity",
        e.nextMaturityAt
          ? frag(value("wallet-next-maturity", e.nextMaturityAt, time(e.nextMaturityAt)), " · ", countdown("wallet-next-maturity-countdown", e.nextMaturityAt, s.chainTime))
          : value("wallet-next-maturity", 0, "nothing maturing"),
      ],
      [
        "all profit matured by",
        e.allMaturedAt
          ? frag(value("wallet-profit-matures-at", e.allMaturedAt, time(e.allMaturedAt)), " · ", countdown("wallet-maturity-countdown", e.allMaturedAt, s.chainTime))
          : value("wallet-profit-matures-at", 0, e.atRiskProfit > 0n ? "all matured" : "no profit at risk"),
      ],
      ["locked margin", amount("wallet-locked-margin", e.lockedMargin)],
      [
        "withdrawable",
        [
          amount("wallet-withdrawable", e.withdrawable),
          reasons.length > 0 && h("span", { "data-testid": "wallet-withdraw-reasons" }, " — ", reasons.map((r, i) => [i > 0 && "; ", reason(r, s.chainTime)])),
        ],
      ],
      ["bankrupt", value("wallet-bankrupt", String(e.bankrupt))],
      ["clawback paid, lifetime", amount("wallet-lifetime-clawback", e.lifetimeClawbackPaid)],
      ["haircut paid, lifetime", amount("wallet-lifetime-haircut", e.lifetimeHaircutPaid)],
    );
  }
  rows.push(...stakeRows(s, w, history));
  fill(view, h("dl", { class: "kv" }, kv(rows)));
}
