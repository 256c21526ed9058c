/**
 * The dashboard's two charts (chart.js, drawn on canvases: chart.js sizes them through the CSSOM,
 * which the page's `style-src 'self'` allows): the share price and fund balance over the fund's
 * events, and the clawback and haircut indices after each loss event.
 */
import Chart from "chart.js/auto";
import { LossIndex } from "@loss-mutualization/sdk";
import { FundPoint, Snapshot, survivingFraction } from "./model";
import { $ } from "./dom";

let fundChart: Chart | null = null;
let indexChart: Chart | null = null;

export function drawFundChart(points: FundPoint[], s: Snapshot) {
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

export function drawIndexChart(s: Snapshot) {
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
