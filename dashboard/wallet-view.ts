/** The dashboard's wallet view: a position's exposure and profit maturity, and its insurance stake with the unstake window. */
import { Snapshot, WalletView } from "./model";
import { $, amount, Child, countdown, fill, frag, group, h, kv, time, value } from "./dom";

export function renderWallet(s: Snapshot, w: WalletView | null) {
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
    rows.push(
      ["principal", amount("wallet-principal", w.position.principal)],
      ["at-risk profit", amount("wallet-at-risk-profit", e.atRiskProfit)],
      ["share of the clawback weight", value("wallet-weight-share", e.weightShare, `${(e.weightShare * 100).toFixed(4)} %`)],
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
      ["withdrawable", amount("wallet-withdrawable", e.withdrawable)],
      ["bankrupt", value("wallet-bankrupt", String(e.bankrupt))],
      ["clawback paid, lifetime", amount("wallet-lifetime-clawback", e.lifetimeClawbackPaid)],
      ["haircut paid, lifetime", amount("wallet-lifetime-haircut", e.lifetimeHaircutPaid)],
    );
  }
  if (w.stake) {
    const st = w.stake;
    rows.push(
      ["insurance shares", [value("wallet-stake-shares", st.shares, group(st.shares)), st.retired && [" ", h("span", { class: "pill" }, "retired by a wipe-out")]]],
      ["stake value now", amount("wallet-stake-value", st.valueNow)],
    );
    if (st.request) {
      rows.push(
        ["unstake requested", value("wallet-unstake-shares", st.request.shares, `${group(st.request.shares)} shares`)],
        ["value at request", amount("wallet-unstake-value-at-request", st.request.valueAtRequest)],
        ["those shares now", amount("wallet-unstake-value-now", st.request.valueNow)],
        ["unstake pays now (lesser)", amount("wallet-unstake-payout", st.request.payout)],
        ["unlocks", value("wallet-unstake-unlock", st.request.unlockAt, time(st.request.unlockAt))],
        [
          "usable until (then it lapses)",
          [value("wallet-unstake-expires", st.request.expiresAt, time(st.request.expiresAt)), " · ", value("wallet-unstake-state", st.request.state)],
        ],
      );
    }
  } else {
    rows.push(["insurance stake", h("span", { "data-testid": "wallet-no-stake" }, "none")]);
  }
  fill(view, h("dl", { class: "kv" }, kv(rows)));
}

