/**
 * The transparency dashboard (browser). Reads the chain itself over JSON-RPC with the SDK
 * (read-only: a throwaway keypair as payer, nothing is ever signed), renders the insurance fund,
 * the market's coverage, the pending changes with their countdowns, the loss events and the
 * indices, a wallet's exposure and a what-if, and refreshes when the program's logs
 * (logsSubscribe) show a transaction of this market.
 *
 * URL: ?rpc=<http url>&ws=<ws url>&market=<pubkey>[&wallet=<pubkey>][&admin=<pubkey>] (with admin, a
 * market whose admin is another key is refused).
 *
 * Every number has a `data-testid`; amounts carry their exact base units in `data-value`.
 */
import { Connection, PublicKey } from "@solana/web3.js";
import Chart from "chart.js/auto";
import { LossEvent, PROGRAM_ID } from "../src/client";
import { LossIndex } from "../src/math";
import { Client, connectMarket, FundHistory, FundPoint, fixed, loadSnapshot, loadWallet, Snapshot, survivingFraction, WalletView, whatIf } from "./model";
import { amount, countdown, duration, esc, group, indexCell, key, kv, lamports, setDecimals, short, time, value, $ } from "./dom";
import { renderWallet } from "./wallet-view";
import { renderChanges } from "./changes-view";

// --- state ------------------------------------------------------------------------------------

const params = new URLSearchParams(location.search);
let client: Client;
let fundHistory: FundHistory;
let snapshot: Snapshot | null = null;
let wallet: PublicKey | null = null;
let walletView: WalletView | null = null;
let refreshes = 0;
let fundChart: Chart | null = null;
/** When the shown snapshot was rendered (the countdown ticks from it). */
let loadedAt = Date.now();
let indexChart: Chart | null = null;

function showError(message: string | null) {
  const el = $("error");
  el.hidden = message === null;
  el.textContent = message ?? "";
}

// --- rendering --------------------------------------------------------------------------------

function renderFund(s: Snapshot) {
  const f = s.fund;
  $("fund-values").innerHTML = kv([
    ["balance", amount("fund-balance", f.balance)],
    ["total shares", value("fund-total-shares", f.totalShares, group(f.totalShares))],
    ["share epoch", value("fund-share-epoch", f.shareEpoch)],
    [
      "share price",
      value("fund-share-price", fixed(s.sharePrice, 6)) +
        ` <span class="tok">base units per 10<sup>6</sup> shares${f.totalShares === 0n ? "; no shares outstanding: the price the next stake mints at" : ""}</span>`,
    ],
    ["cap per loss event", amount("fund-max-draw-per-event", f.maxDrawPerEvent)],
    ["rolling-window cap", amount("fund-draw-window-cap", f.drawWindowCap)],
    ["window", value("fund-draw-window-secs", f.drawWindowSecs, `${f.drawWindowSecs} s`)],
    ["allowance now", amount("fund-allowance-now", s.allowanceNow)],
    ["unstake delay", value("fund-unstake-delay", f.unstakeDelaySecs, `${f.unstakeDelaySecs} s`)],
    ["unstake window (after the unlock)", value("fund-unstake-window", f.unstakeWindowSecs, `${f.unstakeWindowSecs} s`)],
    ["drawn, lifetime", amount("fund-lifetime-drawn", f.lifetimeDrawn)],
  ]);
}

function renderHistory(points: FundPoint[], s: Snapshot) {
  $("fund-history-count").textContent = String(points.length);
  $("fund-history-span").textContent = fundHistory.complete
    ? `since the market's creation, ${fundHistory.transactions} transactions read`
    : `the RPC's history is shorter than the market's: shares before the first stake event unknown`;
  $("fund-history").querySelector("tbody")!.innerHTML = points
    .map(
      (p, i) => `<tr data-testid="fund-history-row" data-index="${i}">
        <td>${value("fh-slot", p.slot)}</td>
        <td>${value("fh-kind", p.kind)}</td>
        <td class="n">${value("fh-delta", p.delta, (p.delta > 0n ? "+" : "") + group(p.delta))}</td>
        <td class="n">${value("fh-balance", p.fundBalance, group(p.fundBalance))}</td>
        <td class="n">${p.totalShares === null ? "–" : value("fh-shares", p.totalShares, group(p.totalShares))}</td>
        <td class="n">${p.sharePrice === null ? "–" : value("fh-price", fixed(p.sharePrice, 6))}</td>
        <td><code title="${p.signature}">${short(p.signature)}</code></td>
      </tr>`,
    )
    .join("");
  const labels = [...points.map((p) => `${p.kind} @${p.slot}`), "now"];
  const price = [...points.map((p) => (p.sharePrice === null ? null : Number(p.sharePrice) / 1e6)), Number(s.sharePrice) / 1e6];
  const balance = [...points.map((p) => Number(p.fundBalance) / 10 ** s.decimals), Number(s.fund.balance) / 10 ** s.decimals];
  const data = {
    labels,
    datasets: [
      { label: "share price", data: price, yAxisID: "price", borderColor: "#2f6fde", backgroundColor: "#2f6fde", stepped: true, spanGaps: true },
      { label: "fund balance (tokens)", data: balance, yAxisID: "balance", borderColor: "#9aa3b5", backgroundColor: "#9aa3b5", borderDash: [4, 3], stepped: true },
    ],
  };
  if (!fundChart) {
    fundChart = new Chart($<HTMLCanvasElement>("fund-history-chart"), {
      type: "line",
      data,
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "index", intersect: false },
        scales: {
          x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 } },
          price: { position: "left", beginAtZero: true, title: { display: true, text: "share price" } },
          balance: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: "tokens" } },
        },
      },
    });
  } else {
    fundChart.data = data;
    fundChart.update("none");
  }
}

function renderCoverage(s: Snapshot) {
  const r = s.risk;
  $("coverage-values").innerHTML = kv([
    ["insurance fund", amount("coverage-fund-balance", r.fundBalance)],
    ["principal", amount("coverage-total-principal", r.totalPrincipal)],
    ["at-risk profit", amount("coverage-total-at-risk-profit", r.totalAtRiskProfit)],
    ["claims (principal + at-risk profit)", amount("coverage-claims", r.totalPrincipal + r.totalAtRiskProfit)],
    ["coverage (fund / claims)", value("coverage-ratio", s.coveragePercent, `${s.coveragePercent} %`)],
    [
      "pending shortfall",
      amount("coverage-pending-shortfall", r.pendingShortfall) +
        (r.pendingShortfall > 0n ? ` <span class="pill">${value("coverage-bankrupt-positions", r.bankruptPositions)} bankrupt, exposure frozen until resolved</span>` : ""),
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
  ]);
  const pending = s.preview?.splits ?? [];
  const l = s.market.liquidation;
  const liquidation = l
    ? `<div class="liquidation" data-testid="liquidation">
        <b>Liquidation in progress</b> of ${key("liquidation-position", l.position)}: shortfall ${amount("liquidation-shortfall", l.shortfall, false)}
        of at most ${amount("liquidation-bound", l.bound, false)} (${s.market.maxShortfallBps} bps of ${amount("liquidation-collateral", l.collateral, false)} of collateral).
        Its fills book into this one loss event until ${value("liquidation-ends-at", l.endsAt, time(l.endsAt))}
        (${countdown("liquidation-countdown", l.endsAt, s.chainTime, "ended")}); until then only the clearing authority may resolve it, afterwards anyone may.
      </div>`
    : "";
  $("pending-losses").innerHTML =
    liquidation +
    (pending.length === 0
      ? s.previewError
        ? `<p class="warn">pending losses cannot be predicted: ${esc(s.previewError)}</p>`
        : ""
      : `<h3>Pending losses, predicted split when resolved now</h3>
        <table><thead><tr><th>wallet</th><th class="n">shortfall</th><th class="n">insurance</th><th class="n">clawback</th><th class="n">haircut</th></tr></thead><tbody>
        ${pending
          .map(
            (p) => `<tr data-testid="pending-row"><td>${key("pl-owner", p.owner)}</td><td class="n">${amount("pl-shortfall", p.shortfall, false)}</td>
              <td class="n">${amount("pl-insurance", p.insurancePaid, false)}</td><td class="n">${amount("pl-clawback", p.clawback, false)}</td>
              <td class="n">${amount("pl-haircut", p.haircut, false)}</td></tr>`,
          )
          .join("")}</tbody></table>`);
}

function renderLossEvents(events: LossEvent[]) {
  const body = $("loss-events").querySelector("tbody")!;
  body.innerHTML =
    events.length === 0
      ? `<tr><td colspan="10" class="muted">no loss event yet</td></tr>`
      : events
          .map(
            (e) => `<tr data-testid="loss-event-row" data-seq="${e.seq}">
            <td class="n">${value("le-seq", e.seq)}</td>
            <td>${key("le-owner", e.owner)}</td>
            <td class="n">${amount("le-shortfall", e.shortfall, false)}</td>
            <td class="n">${amount("le-insurance", e.insurancePaid, false)}</td>
            <td class="n">${amount("le-clawback", e.clawback, false)}</td>
            <td class="n">${amount("le-haircut", e.haircut, false)}</td>
            <td>${key("le-resolver", e.resolver)}</td>
            <td class="n">${indexCell("le-clawback-before", e.clawbackIndexBefore)} → ${indexCell("le-clawback-after", e.clawbackIndexAfter)}</td>
            <td class="n">${indexCell("le-haircut-before", e.haircutIndexBefore)} → ${indexCell("le-haircut-after", e.haircutIndexAfter)}</td>
            <td>${value("le-resolved-at", e.resolvedAt, time(e.resolvedAt))}</td>
          </tr>`,
          )
          .join("");
}

function renderIndices(s: Snapshot) {
  const m = s.market;
  $("index-values").innerHTML = kv([
    ["clawback index now (at-risk profit surviving)", indexCell("clawback-index-now", m.profitPool.index)],
    ["haircut index now (principal surviving)", indexCell("haircut-index-now", m.principalPool.index)],
  ]);
  const fraction = (i: LossIndex) => Number(survivingFraction(i));
  const first = s.events[0];
  const labels = ["start", ...s.events.map((e) => `#${e.seq}`)];
  const data = {
    labels,
    datasets: [
      {
        label: "clawback index (at-risk profit surviving)",
        data: [first ? fraction(first.clawbackIndexBefore) : 1, ...s.events.map((e) => fraction(e.clawbackIndexAfter))],
        borderColor: "#c2410c",
        backgroundColor: "#c2410c",
        stepped: true,
      },
      {
        label: "haircut index (principal surviving)",
        data: [first ? fraction(first.haircutIndexBefore) : 1, ...s.events.map((e) => fraction(e.haircutIndexAfter))],
        borderColor: "#15803d",
        backgroundColor: "#15803d",
        stepped: true,
      },
    ],
  };
  if (!indexChart) {
    indexChart = new Chart($<HTMLCanvasElement>("index-chart"), {
      type: "line",
      data,
      options: { animation: false, responsive: true, maintainAspectRatio: false, interaction: { mode: "index", intersect: false }, scales: { y: { min: 0, max: 1, title: { display: true, text: "surviving fraction" } } } },
    });
  } else {
    indexChart.data = data;
    indexChart.update("none");
  }
}

function renderWhatIf(s: Snapshot) {
  const out = $("whatif-result");
  const text = $<HTMLInputElement>("whatif-input").value.replace(/[_,\s]/g, "");
  if (!/^\d+$/.test(text) || BigInt(text) === 0n) {
    out.innerHTML = `<p class="warn" data-testid="whatif-error">enter a loss in base units</p>`;
    return;
  }
  if (!s.preview) {
    out.innerHTML = `<p class="warn" data-testid="whatif-error">cannot predict: ${esc(s.previewError ?? "no state")}</p>`;
    return;
  }
  const loss = BigInt(text);
  try {
    const r = whatIf(s.preview.after, loss, s.chainTime, walletView?.position ?? null);
    const you = walletView?.position ? ` (your part ${amount("whatif-your-clawback", r.yourClawback, false)})` : "";
    const youHaircut = walletView?.position ? ` (your part ${amount("whatif-your-haircut", r.yourHaircut, false)})` : "";
    out.innerHTML = `<p class="sentence" data-testid="whatif-sentence" data-loss="${loss}">
        A loss of <b>${group(loss)}</b> now: the fund pays <b>${amount("whatif-fund-pays", r.split.insurancePaid, false)}</b>,
        clawback <b>${amount("whatif-clawback", r.split.clawback, false)}</b>${you},
        haircut <b>${amount("whatif-haircut", r.split.haircut, false)}</b>${youHaircut}.
      </p>
      <p class="muted">${
        s.preview.splits.length ? `After the ${s.preview.splits.length} pending loss(es) are resolved first. ` : ""
      }Computed with the program's resolve_shortfall math on the pools as they stand (a fresh liquidation: full per-event cap, the rolling allowance at chain time ${s.chainTime}). A real bankrupting trade also adds the winner's gain to the at-risk profit, which lowers each wallet's part.</p>`;
  } catch (err) {
    out.innerHTML = `<p class="warn" data-testid="whatif-error">${esc((err as Error).message)}: the loss exceeds all capital</p>`;
  }
}

function render(reason: string) {
  const s = snapshot!;
  setDecimals(s.decimals);
  renderFund(s);
  renderHistory(fundHistory.points, s);
  renderCoverage(s);
  renderLossEvents(s.events);
  renderChanges(s);
  renderIndices(s);
  renderWallet(s, walletView);
  renderWhatIf(s);
  refreshes += 1;
  loadedAt = Date.now();
  $("updated-slot").textContent = String(s.slot);
  $("updated-at").textContent = new Date().toLocaleTimeString();
  $("chain-time").textContent = String(s.chainTime);
  $("chain-time").dataset.value = String(s.chainTime);
  $("refresh-count").textContent = String(refreshes);
  $("updated-reason").textContent = `(${reason})`;
  document.body.dataset.refreshes = String(refreshes);
  document.body.dataset.slot = String(s.slot);
}

// --- loading ----------------------------------------------------------------------------------

async function load(reason: string) {
  const s = await loadSnapshot(client);
  await fundHistory.update();
  walletView = wallet ? await loadWallet(client, wallet, s.chainTime) : null;
  snapshot = s;
  render(reason);
}

let running: Promise<void> | null = null;
let queued: string | null = null;
/** Refreshes one at a time; notifications during a refresh coalesce into one more. */
function refresh(reason: string): void {
  if (running) {
    queued = reason;
    return;
  }
  running = load(reason)
    .then(() => showError(null))
    .catch((err) => showError(`refresh failed: ${(err as Error).message}`))
    .finally(() => {
      running = null;
      if (queued !== null) {
        const next = queued;
        queued = null;
        refresh(next);
      }
    });
}

/**
 * The serving page's relay when it relays this RPC URL (`lm dashboard` does for its --url: the
 * local validator sends no CORS headers), else the RPC directly (it must allow this origin).
 */
async function transport(rpc: string): Promise<{ url: string; how: string }> {
  const relay = new URL("rpc", location.href);
  try {
    const info = await fetch(relay);
    const relays: string[] = info.ok ? ((await info.json()) as { relays?: string[] }).relays ?? [] : [];
    if (relays.includes(new URL(rpc).toString())) {
      relay.search = new URLSearchParams({ to: rpc }).toString();
      return { url: relay.toString(), how: "via this server's relay (the RPC sends no CORS headers)" };
    }
  } catch {
    // not served by lm dashboard
  }
  return { url: rpc, how: "direct" };
}

function setWallet(text: string, push = true) {
  const trimmed = text.trim();
  try {
    wallet = trimmed ? new PublicKey(trimmed) : null;
  } catch {
    showError(`not a public key: ${trimmed}`);
    return;
  }
  if (push) {
    const url = new URL(location.href);
    if (wallet) url.searchParams.set("wallet", wallet.toBase58());
    else url.searchParams.delete("wallet");
    window.history.replaceState(null, "", url);
  }
  refresh(wallet ? `wallet ${short(wallet)}` : "wallet cleared");
}

async function main() {
  const rpc = params.get("rpc") ?? "http://127.0.0.1:8899";
  const market = params.get("market");
  $("rpc-url").textContent = rpc;
  if (!market) {
    showError("no market: add ?market=<pubkey> to the address");
    return;
  }
  $("market-address").textContent = market;
  const ws = params.get("ws") ?? undefined;
  const { url, how } = await transport(rpc);
  $("rpc-transport").textContent = how;
  const connection = new Connection(url, { commitment: "confirmed", wsEndpoint: ws });
  const admin = params.get("admin");
  client = await connectMarket(connection, new PublicKey(market), admin ? new PublicKey(admin) : undefined);
  fundHistory = new FundHistory(client);
  const initial = params.get("wallet");
  if (initial) {
    $<HTMLInputElement>("wallet-input").value = initial;
    wallet = new PublicKey(initial);
  }
  $("wallet-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setWallet($<HTMLInputElement>("wallet-input").value);
  });
  $("whatif-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (snapshot) renderWhatIf(snapshot);
  });
  $("whatif-input").addEventListener("input", () => snapshot && renderWhatIf(snapshot));

  // Live: every confirmed transaction of the program; refresh when one of its events is this market's.
  const marketKey = client.keys.market;
  connection.onLogs(
    PROGRAM_ID,
    (logs, ctx) => {
      if (logs.err) return;
      const ours = [...client.parser.parseLogs(logs.logs)].some((e) => (e.data as { market?: PublicKey }).market?.equals(marketKey));
      if (ours) refresh(`logs of ${short(logs.signature)} at slot ${ctx.slot}`);
    },
    "confirmed",
  );
  const live = $("live-status");
  live.textContent = "live (logsSubscribe)";
  live.classList.add("on");
  refresh("initial load");

  // The countdowns (maturity, liquidation window, pending changes) tick between refreshes.
  setInterval(() => {
    for (const el of document.querySelectorAll<HTMLElement>(".countdown")) {
      const left = Number(el.dataset.value) - Math.floor((Date.now() - loadedAt) / 1000);
      el.textContent = duration(left, el.dataset.done);
    }
  }, 1000);
}

main().catch((err) => showError(`cannot start: ${(err as Error).message}`));
