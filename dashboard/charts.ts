/**
 * The dashboard's two charts (chart.js, drawn on canvases: chart.js sizes them through the CSSOM,
 * which the page's `style-src 'self'` allows): the share price and fund balance over the fund's
 * events, and the clawback and haircut indices after each loss event.
 */
import Chart from "chart.js/auto";
import { LossIndex } from "@loss-mutualization/sdk";
import { fixed, Snapshot, survivingFraction } from "./model";
import { FundPoint } from "./history";
import { $, group } from "./dom";

let fundChart: Chart | null = null;
let indexChart: Chart | null = null;

const EPOCH_COLORS = ["#2f6fde", "#7c3aed", "#0891b2", "#b45309"];
const WIPE_OUT = "#dc2626";

/**
 * The share price, one series per share epoch: a wipe-out ends its epoch's series at 0 (the
 * retired shares hold nothing), marked with a red cross, and the next epoch's series starts apart.
 * The canvas's data-value holds the labels and each series exactly (6-decimal prices).
 */
export function drawFundChart(points: FundPoint[], s: Snapshot) {
  const labels = [...points.map((p) => `${p.wipeOut ? "wipe-out" : p.kind} @ slot ${group(p.slot)}`), "now"];
  const epochs = [...new Set([...points.map((p) => p.shareEpoch ?? s.fund.shareEpoch), s.fund.shareEpoch])].sort((a, b) => a - b);
  const series = epochs.map((epoch) => {
    const prices = [...points.map((p) => ((p.shareEpoch ?? s.fund.shareEpoch) === epoch ? p.sharePrice : null)), epoch === s.fund.shareEpoch ? s.sharePrice : null];
    const wipeOut = points.findIndex((p) => p.wipeOut && p.shareEpoch === epoch);
    return { epoch, prices, wipeOut, label: `share price, epoch ${epoch}${wipeOut >= 0 ? " (retired: 0 at the wipe-out)" : ""}` };
  });
  $("fund-history-chart").setAttribute(
    "data-value",
    JSON.stringify({ labels, series: series.map((e) => ({ label: e.label, data: e.prices.map((p) => (p === null ? null : fixed(p, 6))) })) }),
  );
  const balance = [...points.map((p) => Number(p.fundBalance) / 10 ** s.decimals), Number(s.fund.balance) / 10 ** s.decimals];
  const data = {
    labels,
    datasets: [
      ...series.map((e, k) => {
        const color = EPOCH_COLORS[k % EPOCH_COLORS.length];
        return {
          label: e.label,
          data: e.prices.map((p) => (p === null ? null : Number(p) / 1e6)),
          yAxisID: "price",
          borderColor: color,
          backgroundColor: color,
          stepped: true,
          spanGaps: true,
          pointStyle: e.prices.map((_, i) => (i === e.wipeOut ? "crossRot" : "circle")),
          pointRadius: e.prices.map((_, i) => (i === e.wipeOut ? 9 : 3)),
          pointBorderColor: e.prices.map((_, i) => (i === e.wipeOut ? WIPE_OUT : color)),
          pointBorderWidth: e.prices.map((_, i) => (i === e.wipeOut ? 3 : 1)),
        };
      }),
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

export function drawIndexChart(s: Snapshot) {
  const fraction = (i: LossIndex) => Number(survivingFraction(i));
  const first = s.events[0];
  const labels = ["start", ...s.events.map((e) => `#${group(e.seq)}`)];
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
