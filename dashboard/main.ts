/**
 * The transparency dashboard (browser). Reads the chain itself over JSON-RPC with the SDK
 * (read-only: a throwaway keypair as payer, nothing is ever signed), renders the insurance fund,
 * the market's coverage, the pending changes with their countdowns, the loss events and the
 * indices, a wallet's exposure and a what-if, and refreshes when the program's logs
 * (logsSubscribe) show a transaction of this market.
 *
 * URL: ?market=<pubkey>[&rpc=<http url>][&ws=<ws url>][&wallet=<pubkey>][&admin=<pubkey>] (with
 * admin, a market whose admin is another key is refused). The RPC and PubSub URLs must be ones the
 * serving `lm dashboard` was started with (endpoints.ts): the page reads only through its relay.
 * Everything from the chain or the address is shown as text (dom.ts builds nodes, never HTML).
 *
 * Every number has a `data-testid`; amounts carry their exact base units in `data-value`.
 */
import { Connection, PublicKey } from "@solana/web3.js";
import { PROGRAM_ID } from "@loss-mutualization/sdk";
import { Client, connectMarket, loadSnapshot, loadWallet, Snapshot, WalletView } from "./model";
import { FundHistory } from "./history";
import { duration, group, setDecimals, short, time, $ } from "./dom";
import { renderCoverage, renderFund, renderHistory, renderIndexValues, renderLossEvents } from "./panels";
import { drawFundChart, drawIndexChart } from "./charts";
import { renderWallet } from "./wallet-view";
import { renderChanges } from "./changes-view";
import { renderWhatIf } from "./whatif-view";
import { endpoints, RefusedEndpoint } from "./endpoints";

// --- state ------------------------------------------------------------------------------------

const params = new URLSearchParams(location.search);
let client: Client;
let fundHistory: FundHistory;
let snapshot: Snapshot | null = null;
let wallet: PublicKey | null = null;
let walletView: WalletView | null = null;
let refreshes = 0;
/** When the shown snapshot was rendered (the countdown ticks from it). */
let loadedAt = Date.now();

function showError(message: string | null) {
  const el = $("error");
  el.hidden = message === null;
  el.textContent = message ?? "";
}

// --- rendering (panels.ts, charts.ts, changes-view.ts, wallet-view.ts, whatif-view.ts) -------------

function render(reason: string) {
  const s = snapshot!;
  setDecimals(s.decimals);
  renderFund(s, fundHistory);
  renderHistory(fundHistory);
  drawFundChart(fundHistory.points, s);
  renderCoverage(s);
  renderLossEvents(s.events);
  renderChanges(s);
  renderIndexValues(s);
  drawIndexChart(s);
  renderWallet(s, walletView, fundHistory);
  renderWhatIf(s, walletView);
  refreshes += 1;
  loadedAt = Date.now();
  $("updated-slot").textContent = group(s.slot);
  $("updated-slot").dataset.value = String(s.slot);
  $("updated-at").textContent = time(Math.floor(Date.now() / 1000));
  $("chain-time").textContent = time(s.chainTime);
  $("chain-time").dataset.value = String(s.chainTime);
  $("refresh-count").textContent = group(refreshes);
  $("updated-reason").textContent = `(${reason})`;
  document.body.dataset.refreshes = String(refreshes);
  document.body.dataset.slot = String(s.slot);
}

// --- loading ----------------------------------------------------------------------------------

async function load(reason: string) {
  const s = await loadSnapshot(client);
  await fundHistory.update(s.fund.shareEpoch);
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
  const market = params.get("market");
  $("market-address").textContent = market ?? "–";
  $("rpc-url").textContent = params.get("rpc") ?? "(this server's)";
  const { rpc, relay, ws } = await endpoints(params);
  $("rpc-url").textContent = rpc;
  $("rpc-transport").textContent = "via this server's relay";
  if (!market) {
    showError("no market: add ?market=<pubkey> to the address");
    return;
  }
  const connection = new Connection(relay, { commitment: "confirmed", wsEndpoint: ws });
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
    if (snapshot) renderWhatIf(snapshot, walletView);
  });
  $("whatif-input").addEventListener("input", () => snapshot && renderWhatIf(snapshot, walletView));

  // Live: every confirmed transaction of the program; refresh when one of its events is this market's.
  const marketKey = client.keys.market;
  connection.onLogs(
    PROGRAM_ID,
    (logs, ctx) => {
      if (logs.err) return;
      let ours = false;
      try {
        ours = [...client.parser.parseLogs(logs.logs)].some((e) => (e.data as { market?: PublicKey }).market?.equals(marketKey));
      } catch {
        ours = true; // logs the parser cannot read: read the chain again rather than trust or drop them
      }
      if (ours) refresh(`logs of ${short(String(logs.signature))} at slot ${group(ctx.slot)}`);
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

main().catch((err) => {
  if (err instanceof RefusedEndpoint) {
    document.body.dataset.refused = "endpoint";
    $("live-status").textContent = "refused";
  }
  showError(`cannot start: ${(err as Error).message}`);
});
