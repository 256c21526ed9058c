/**
 * The dashboard's panels: the insurance fund and its history, the market's coverage with the
 * pending losses and the liquidation in progress, the loss events and the indices. Built as
 * nodes (dom.ts): nothing from the chain is parsed as HTML.
 */
import { LossEvent } from "@loss-mutualization/sdk";
import { fixed, percent, Snapshot } from "./model";
import { FundHistory, wipeOuts } from "./history";
import { $, amount, count, countdown, decimal, fill, group, h, indexCell, key, kv, lamports, seconds, signature, time, value } from "./dom";

/** A share price (base units per 10^6 shares, 6 decimals) exactly, as data-value holds it. */
const fixed6 = (price: bigint) => fixed(price, 6);

export function renderFund(s: Snapshot, history: FundHistory) {
  const f = s.fund;
  const last = wipeOuts(history.points).at(-1);
  fill(
    $("fund-values"),
    kv([
      ["balance", amount("fund-balance", f.balance)],
      ["total shares", value("fund-total-shares", f.totalShares, group(f.totalShares))],
      [
        "share epoch",
        [
          count("fund-share-epoch", f.shareEpoch),
          last && [" ", h("span", { class: "pill" }, `epoch ${last.shareEpoch} retired by the wipe-out at slot ${group(last.slot)}`)],
        ],
      ],
      [
        "share price",
        [
          value("fund-share-price", fixed6(s.sharePrice), decimal(s.sharePrice, 6)),
          " ",
          h("span", { class: "tok" }, "base units per 10", h("sup", {}, "6"), " shares", f.totalShares === 0n && "; no shares outstanding: the price the next stake mints at"),
        ],
      ],
      ["cap per loss event", amount("fund-max-draw-per-event", f.maxDrawPerEvent)],
      ["rolling-window cap", amount("fund-draw-window-cap", f.drawWindowCap)],
      ["window", seconds("fund-draw-window-secs", f.drawWindowSecs)],
      ["allowance now", amount("fund-allowance-now", s.allowanceNow)],
      ["unstake delay", seconds("fund-unstake-delay", f.unstakeDelaySecs)],
      ["unstake window (after the unlock)", seconds("fund-unstake-window", f.unstakeWindowSecs)],
      ["drawn, lifetime", amount("fund-lifetime-drawn", f.lifetimeDrawn)],
    ]),
  );
}

/** The fund's events, from the market's transactions (each signature as the RPC gave it, checked to be one), and its wipe-outs in words. */
export function renderHistory(history: FundHistory) {
  const points = history.points;
  fill(
    $("fund-wipe-outs"),
    wipeOuts(points).map((p) =>
      h(
        "p",
        { class: "warn", "data-testid": "fund-wipe-out", "data-value": p.slot },
        h("b", {}, "Wipe-out"),
        " at slot ",
        group(p.slot),
        p.blockTime !== null && [" (", time(p.blockTime), ")"],
        ": a draw of ",
        amount("fw-drawn", -p.delta, false),
        " left the fund with ",
        amount("fw-balance", p.fundBalance, false),
        `, too little for epoch ${p.shareEpoch}'s `,
        p.wipeOut!.retiredShares === null ? "" : [value("fw-retired-shares", p.wipeOut!.retiredShares, group(p.wipeOut!.retiredShares)), " "],
        `shares: the program retired them, so their price drops to 0 (the red cross) and their stakers lost what their stake was still worth. Epoch ${p.wipeOut!.nextEpoch} starts with no shares (its own series): the next stake mints at the price of a new fund.`,
      ),
    ),
  );
  $("fund-history-count").textContent = group(points.length);
  $("fund-history-span").textContent = history.complete
    ? `since the market's creation, ${group(history.transactions)} transactions read`
    : `the RPC's history is shorter than the market's: shares before the first stake event unknown`;
  fill(
    $("fund-history").querySelector("tbody")!,
    points.map((p, i) =>
      h(
        "tr",
        { "data-testid": "fund-history-row", "data-index": i },
        h("td", { class: "n" }, count("fh-slot", p.slot)),
        h("td", {}, p.blockTime === null ? "–" : value("fh-time", p.blockTime, time(p.blockTime))),
        h(
          "td",
          {},
          value("fh-kind", p.kind),
          p.wipeOut && [
            " ",
            h(
              "span",
              { class: "pill", "data-testid": "fh-wipe-out", "data-value": p.wipeOut.nextEpoch },
              `wipe-out: epoch ${p.shareEpoch}'s `,
              p.wipeOut.retiredShares === null ? "" : `${group(p.wipeOut.retiredShares)} `,
              `shares retired (worth 0), epoch ${p.wipeOut.nextEpoch} starts`,
            ),
          ],
        ),
        h("td", { class: "n" }, p.shareEpoch === null ? "–" : count("fh-epoch", p.shareEpoch)),
        h("td", { class: "n" }, value("fh-delta", p.delta, (p.delta > 0n ? "+" : "") + group(p.delta))),
        h("td", { class: "n" }, value("fh-balance", p.fundBalance, group(p.fundBalance))),
        h("td", { class: "n" }, p.totalShares === null ? "–" : value("fh-shares", p.totalShares, group(p.totalShares))),
        h("td", { class: "n" }, p.sharePrice === null ? "–" : value("fh-price", fixed6(p.sharePrice), decimal(p.sharePrice, 6))),
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
      ["at-risk profit, all wallets (after every resolved clawback, settled or not)", amount("coverage-total-at-risk-profit", r.totalAtRiskProfit)],
      ["claims (principal + at-risk profit)", amount("coverage-claims", r.totalPrincipal + r.totalAtRiskProfit)],
      ["coverage (fund / claims)", value("coverage-ratio", s.coveragePercent, `${group(s.coveragePercent)} %`)],
      [
        "pending shortfall",
        [
          amount("coverage-pending-shortfall", r.pendingShortfall),
          r.pendingShortfall > 0n && [" ", h("span", { class: "pill" }, count("coverage-bankrupt-positions", r.bankruptPositions), " bankrupt, exposure frozen until resolved")],
        ],
      ],
      ["dust pending", amount("coverage-dust-pending", r.dustPending)],
      ["rent reserve (pays loss records' rent)", lamports("coverage-rent-reserve", r.rentReserveLamports)],
      ["liquidation window", seconds("market-liquidation-window", s.market.liquidationWindowSecs)],
      [
        "liquidation shortfall bound",
        value(
          "market-max-shortfall-bps",
          s.market.maxShortfallBps,
          `${group(s.market.maxShortfallBps)} bps (${group(percent(BigInt(s.market.maxShortfallBps), 10_000n, 2))} %) of the collateral behind it`,
        ),
      ],
      ["admin", key("market-admin", s.market.admin)],
      ["creator", key("market-creator", s.market.creator)],
      ["clawed back, lifetime", amount("coverage-clawback-lifetime", r.clawbackLifetime)],
      ["haircut, lifetime", amount("coverage-haircut-lifetime", r.haircutLifetime)],
      ["loss events", count("coverage-loss-events", r.lossEvents)],
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
      ` (${group(s.market.maxShortfallBps)} bps of `,
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
            n(count("le-seq", e.seq)),
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
