/**
 * The dashboard's panels: the insurance fund and its history, the market's coverage with the
 * pending losses and the liquidation in progress, the loss events and the indices. Built as
 * nodes (dom.ts): nothing from the chain is parsed as HTML.
 */
import { LossEvent } from "@loss-mutualization/sdk";
import { FundHistory, fixed, Snapshot } from "./model";
import { $, amount, countdown, fill, group, h, indexCell, key, kv, lamports, signature, time, value } from "./dom";

export function renderFund(s: Snapshot) {
  const f = s.fund;
  fill(
    $("fund-values"),
    kv([
      ["balance", amount("fund-balance", f.balance)],
      ["total shares", value("fund-total-shares", f.totalShares, group(f.totalShares))],
      ["share epoch", value("fund-share-epoch", f.shareEpoch)],
      [
        "share price",
        [
          value("fund-share-price", fixed(s.sharePrice, 6)),
          " ",
          h("span", { class: "tok" }, "base units per 10", h("sup", {}, "6"), " shares", f.totalShares === 0n && "; no shares outstanding: the price the next stake mints at"),
        ],
      ],
      ["cap per loss event", amount("fund-max-draw-per-event", f.maxDrawPerEvent)],
      ["rolling-window cap", amount("fund-draw-window-cap", f.drawWindowCap)],
      ["window", value("fund-draw-window-secs", f.drawWindowSecs, `${f.drawWindowSecs} s`)],
      ["allowance now", amount("fund-allowance-now", s.allowanceNow)],
      ["unstake delay", value("fund-unstake-delay", f.unstakeDelaySecs, `${f.unstakeDelaySecs} s`)],
      ["unstake window (after the unlock)", value("fund-unstake-window", f.unstakeWindowSecs, `${f.unstakeWindowSecs} s`)],
      ["drawn, lifetime", amount("fund-lifetime-drawn", f.lifetimeDrawn)],
    ]),
  );
}

/** The fund's events, from the market's transactions (each signature as the RPC gave it, checked to be one). */
export function renderHistory(history: FundHistory) {
  const points = history.points;
  $("fund-history-count").textContent = String(points.length);
  $("fund-history-span").textContent = history.complete
    ? `since the market's creation, ${history.transactions} transactions read`
    : `the RPC's history is shorter than the market's: shares before the first stake event unknown`;
  fill(
    $("fund-history").querySelector("tbody")!,
    points.map((p, i) =>
      h(
        "tr",
        { "data-testid": "fund-history-row", "data-index": i },
        h("td", {}, value("fh-slot", p.slot)),
        h("td", {}, value("fh-kind", p.kind)),
        h("td", { class: "n" }, value("fh-delta", p.delta, (p.delta > 0n ? "+" : "") + group(p.delta))),
        h("td", { class: "n" }, value("fh-balance", p.fundBalance, group(p.fundBalance))),
        h("td", { class: "n" }, p.totalShares === null ? "–" : value("fh-shares", p.totalShares, group(p.totalShares))),
        h("td", { class: "n" }, p.sharePrice === null ? "–" : value("fh-price", fixed(p.sharePrice, 6))),
        h("td", {}, signature("fh-signature", p.signature)),
      ),
    ),
  );
}

export function renderCoverage(s: Snapshot) {
  const r = s.risk;
  fill(
    $("coverage-values"),
    kv([
      ["insurance fund", amount("coverage-fund-balance", r.fundBalance)],
      ["principal", amount("coverage-total-principal", r.totalPrincipal)],
      ["at-risk profit", amount("coverage-total-at-risk-profit", r.totalAtRiskProfit)],
      ["claims (principal + at-risk profit)", amount("coverage-claims", r.totalPrincipal + r.totalAtRiskProfit)],
      ["coverage (fund / claims)", value("coverage-ratio", s.coveragePercent, `${s.coveragePercent} %`)],
      [
        "pending shortfall",
        [
          amount("coverage-pending-shortfall", r.pendingShortfall),
          r.pendingShortfall > 0n && [" ", h("span", { class: "pill" }, value("coverage-bankrupt-positions", r.bankruptPositions), " bankrupt, exposure frozen until resolved")],
        ],
      ],
      ["dust pending", amount("coverage-dust-pending", r.dustPending)],
      ["rent reserve (pays loss records' rent)", lamports("coverage-rent-reserve", r.rentReserveLamports)],
      ["liquidation window", value("market-liquidation-window", s.market.liquidationWindowSecs, `${s.market.liquidationWindowSecs} s`)],
      ["liquidation shortfall bound", value("market-max-shortfall-bps", s.market.maxShortfallBps, `${s.market.maxShortfallBps} bps of the collateral behind it`)],
      ["admin", key("market-admin", s.market.admin)],
      ["creator", key("market-creator", s.market.creator)],
      ["clawed back, lifetime", amount("coverage-socialized-lifetime", r.socializedLifetime)],
      ["haircut, lifetime", amount("coverage-haircut-lifetime", r.haircutLifetime)],
      ["loss events", value("coverage-loss-events", r.lossEvents)],
    ]),
  );
  const pending = s.preview?.splits ?? [];
  const l = s.market.liquidation;
  const liquidation =
    l &&
    h(
      "div",
      { class: "liquidation", "data-testid": "liquidation" },
      h("b", {}, "Liquidation in progress"),
      " of ",
      key("liquidation-position", l.position),
      ": shortfall ",
      amount("liquidation-shortfall", l.shortfall, false),
      " of at most ",
      amount("liquidation-bound", l.bound, false),
      ` (${s.market.maxShortfallBps} bps of `,
      amount("liquidation-collateral", l.collateral, false),
      " of collateral). Its fills book into this one loss event until ",
      value("liquidation-ends-at", l.endsAt, time(l.endsAt)),
      " (",
      countdown("liquidation-countdown", l.endsAt, s.chainTime, "ended"),
      "); until then only the clearing authority may resolve it, afterwards anyone may.",
    );
  const cell = (child: Node) => h("td", { class: "n" }, child);
  fill(
    $("pending-losses"),
    liquidation,
    pending.length === 0
      ? s.previewError && h("p", { class: "warn" }, `pending losses cannot be predicted: ${s.previewError}`)
      : [
          h("h3", {}, "Pending losses, predicted split when resolved now"),
          h(
            "table",
            {},
            h("thead", {}, h("tr", {}, h("th", {}, "wallet"), ["shortfall", "insurance", "clawback", "haircut"].map((t) => h("th", { class: "n" }, t)))),
            h(
              "tbody",
              {},
              pending.map((p) =>
                h(
                  "tr",
                  { "data-testid": "pending-row" },
                  h("td", {}, key("pl-owner", p.owner)),
                  cell(amount("pl-shortfall", p.shortfall, false)),
                  cell(amount("pl-insurance", p.insurancePaid, false)),
                  cell(amount("pl-clawback", p.clawback, false)),
                  cell(amount("pl-haircut", p.haircut, false)),
                ),
              ),
            ),
          ),
        ],
  );
}

export function renderLossEvents(events: LossEvent[]) {
  const n = (child: Node | Node[]) => h("td", { class: "n" }, child);
  fill(
    $("loss-events").querySelector("tbody")!,
    events.length === 0
      ? h("tr", {}, h("td", { colspan: 10, class: "muted" }, "no loss event yet"))
      : events.map((e) =>
          h(
            "tr",
            { "data-testid": "loss-event-row", "data-seq": e.seq },
            n(value("le-seq", e.seq)),
            h("td", {}, key("le-owner", e.owner)),
            n(amount("le-shortfall", e.shortfall, false)),
            n(amount("le-insurance", e.insurancePaid, false)),
            n(amount("le-clawback", e.clawback, false)),
            n(amount("le-haircut", e.haircut, false)),
            h("td", {}, key("le-resolver", e.resolver)),
            n([indexCell("le-clawback-before", e.clawbackIndexBefore), document.createTextNode(" → "), indexCell("le-clawback-after", e.clawbackIndexAfter)]),
            n([indexCell("le-haircut-before", e.haircutIndexBefore), document.createTextNode(" → "), indexCell("le-haircut-after", e.haircutIndexAfter)]),
            h("td", {}, value("le-resolved-at", e.resolvedAt, time(e.resolvedAt))),
          ),
        ),
  );
}

export function renderIndexValues(s: Snapshot) {
  const m = s.market;
  fill(
    $("index-values"),
    kv([
      ["clawback index now (at-risk profit surviving)", indexCell("clawback-index-now", m.profitPool.index)],
      ["haircut index now (principal surviving)", indexCell("haircut-index-now", m.principalPool.index)],
    ]),
  );
}
