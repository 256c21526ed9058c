/**
 * The main job: start the local validator serving the program's SBF bytecode and run the whole loss-mutualization scenario
 * through the `lm` CLI, each step a wallet-signed transaction from that wallet's keypair file,
 * then print the waterfall and each wallet's settlement. Dave's liquidation, filled in three
 * parts, is one loss event: its fills book into it for the market's liquidation window (a few
 * seconds here), and once the window has ended a plain keeper wallet (no authority) resolves it.
 *
 * It ends by serving the dashboard on the scenario's market, with the validator kept up, until
 * Ctrl-C; `--exit` (or LM_SCENARIO_EXIT=1) stops at once instead.
 *
 *   npm run scenario          (or ./scripts/scenario.sh, which also installs and builds)
 */
import { Connection, Keypair } from "@solana/web3.js";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startLocalnet } from "./src/localnet";
import { PROGRAM_ID } from "@loss-mutualization/sdk";

const ROOT = resolve(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "lm-scenario-"));
const names = ["admin", "risk", "clearing", "alice", "bob", "carol", "dave", "erin", "staker", "keeper"] as const;
type Name = (typeof names)[number];
const wallets = {} as Record<Name, { path: string; pubkey: string }>;
for (const name of names) {
  const keypair = Keypair.generate();
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify([...keypair.secretKey]));
  wallets[name] = { path, pubkey: keypair.publicKey.toBase58() };
}

let url = "";
let market = "";
const ONE = 1_000_000n;
const tokens = (units: bigint | string) => {
  const n = BigInt(units);
  return `${n / ONE}.${(n % ONE).toString().padStart(6, "0")}`;
};

/** Run `lm` as `who`; returns parsed --json output, or the error line when `expectError`. */
function lm(who: Name, args: string[], expectError = false): any {
  const argv = [join(ROOT, "bin/lm.js"), "--url", url, "-k", wallets[who].path, "--json", ...(market ? ["--market", market] : []), ...args];
  try {
    const out = execFileSync(process.execPath, argv, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    if (expectError) throw new Error(`expected \`lm ${args.join(" ")}\` to fail`);
    return JSON.parse(out);
  } catch (err: any) {
    const stderr = String(err.stderr ?? "");
    if (expectError && stderr.includes("error:")) return stderr.trim().split("\n").pop();
    throw new Error(`lm ${args.join(" ")} (as ${who}) failed: ${stderr || err.message}`);
  }
}

const step = (title: string) => console.log(`\n== ${title}`);
/** The wallet's name for a public key (or its first characters, as the events table shows them). */
const nameOf = (pubkey: string) => names.find((n) => wallets[n].pubkey.startsWith(pubkey)) ?? pubkey;
const say = (line: string) => console.log(`   ${line}`);
/** The market's liquidation window: dave's three fills land within it, then the keeper waits for its end. */
const LIQUIDATION_WINDOW_SECS = 6;
/** `--exit` (or LM_SCENARIO_EXIT=1): stop when the scenario ends instead of serving the dashboard until Ctrl-C. */
const EXIT_AT_ONCE = process.argv.includes("--exit") || process.env.LM_SCENARIO_EXIT === "1";

async function main() {
  console.log("Loss mutualization: the whole waterfall on the local validator running the program's SBF bytecode, through the `lm` CLI");
  const net = await startLocalnet(Number(process.env.LM_RPC_PORT ?? 8899));
  url = net.url;
  try {
    say(`validator ${url} (JSON-RPC), ${net.wsUrl} (PubSub); keypairs in ${dir}`);

    step("1. Wallets, collateral mint and market");
    for (const name of names) lm(name, ["airdrop", name === "admin" ? "100" : "10"]);
    const mint = lm("admin", ["create-mint", "--decimals", "6"]).mint;
    const init = lm("admin", [
      "init-market", "--mint", mint, "--risk", wallets.risk.pubkey, "--clearing", wallets.clearing.pubkey, "--maturity", "3600",
      "--liquidation-window", String(LIQUIDATION_WINDOW_SECS), "--max-shortfall-bps", "100000", "--rent-reserve", "1",
    ]);
    market = init.market;
    say(`mint ${mint}`);
    say(`market ${market}  (risk authority ${wallets.risk.pubkey.slice(0, 8)}…, clearing authority ${wallets.clearing.pubkey.slice(0, 8)}…)`);
    const derived = lm("erin", ["market", "--creator", wallets.admin.pubkey, "--mint", mint, "--market-id", "1"]);
    if (derived.market !== market || derived.admin !== wallets.admin.pubkey) throw new Error("lm market did not derive the admin's market");
    say(`the address derives from the admin's key, mint and id (only the admin could create it); liquidation window ${derived.liquidationWindowSecs} s, shortfall bound ${derived.maxShortfallBps} bps, rent reserve ${derived.rentReserveLamports} lamports`);

    step("2. Deposits and an insurance stake (each wallet signs its own)");
    const deposits: [Name, bigint][] = [["alice", 1_000n], ["bob", 2_000n], ["carol", 3_000n], ["dave", 1_000n], ["erin", 5_000n]];
    for (const [name, amount] of deposits) {
      lm("admin", ["mint-to", "--mint", mint, wallets[name].pubkey, String(amount)]);
      lm(name, ["deposit", String(amount)]);
      say(`${name.padEnd(6)} deposits ${tokens(amount * ONE).padStart(12)}`);
    }
    lm("admin", ["mint-to", "--mint", mint, wallets.staker.pubkey, "300"]);
    lm("staker", ["stake", "300"]);
    say(`staker stakes ${tokens(300n * ONE)} into the insurance fund`);

    step("3. Realized PnL, signed by the clearing authority: dave goes bankrupt, his liquidation filled in three parts (one loss event)");
    for (const [winner, amount] of [["alice", 500n], ["bob", 700n], ["carol", 1_100n]] as [Name, bigint][]) {
      const r = lm("clearing", ["apply-pnl", "--winner", wallets[winner].pubkey, "--loser", wallets.dave.pubkey, String(amount)]);
      if ((r.resolvedFirst ?? []).length) throw new Error("a fill of dave's liquidation resolved his loss in front of it");
      const liquidation = BigInt(r.liquidationShortfall) > 0n ? `; liquidation shortfall ${tokens(r.liquidationShortfall)} of at most ${tokens(r.liquidationShortfallBound)}, books until ${r.liquidationEndsAt}` : "";
      say(`dave -> ${winner.padEnd(6)} ${tokens(amount * ONE).padStart(12)}   (dave paid ${tokens(r.loserPaidFromPrincipal)} from principal, ${tokens(r.loserShortfall)} he cannot pay${liquidation})`);
    }
    const pending = lm("erin", ["pending"]) as { owner: string; shortfall: string; shortfallBound: string; liquidationEndsAt: string }[];
    for (const p of pending) {
      say(`pending loss: ${nameOf(p.owner)} ${tokens(p.shortfall)} (bound ${tokens(p.shortfallBound)}), window ends ${p.liquidationEndsAt}; deposits, withdrawals, other trades, stakes wait for it`);
    }
    say(`erin resolve before the window ends, not waiting -> ${lm("erin", ["--max-wait", "0", "resolve", wallets.dave.pubkey], true)}`);
    const predicted: Partial<Record<Name, string>> = {};
    for (const name of ["alice", "bob", "carol"] as Name[]) predicted[name] = lm(name, ["status"]).clawbackAfterResolution;

    step("4. The waterfall: one resolve_shortfall for the whole liquidation, sent by a keeper wallet (no authority) once the window has ended");
    const resolved = lm("keeper", ["resolve", wallets.dave.pubkey]);
    if (!resolved.resolved) throw new Error("the keeper's resolve found nothing to resolve");
    if (resolved.shortfall !== String(1_300n * ONE)) throw new Error(`one loss event of 1,300 expected, got ${resolved.shortfall}`);
    say(`resolved by         ${nameOf(resolved.resolver)} (${resolved.resolver.slice(0, 8)}…), loss event #${resolved.seq}`);
    say(`shortfall           ${tokens(resolved.shortfall).padStart(14)}`);
    say(`insurance fund paid ${tokens(resolved.insurancePaid).padStart(14)}`);
    say(`clawed back         ${tokens(resolved.clawback).padStart(14)}  from ${tokens(resolved.atRiskProfitBefore)} of at-risk profit`);
    say(`haircut on deposits ${tokens(resolved.haircut).padStart(14)}`);
    say(`record rent         ${resolved.recordRentFromReserve} lamports from the market's rent reserve, ${resolved.recordRentFromResolver} from the keeper`);
    // The staker is the fund's only staker: its stake is the fund.
    const fundAfter = BigInt(lm("erin", ["risk"]).fundBalance);
    say(`the staker's ${tokens(300n * ONE)} staked is now worth ${tokens(fundAfter)}: it bore ${tokens(300n * ONE - fundAfter)} of the loss, first`);
    // What the cluster recorded: the program's own log lines from its bytecode, with metered CU.
    // The `lm` runs above block this process's event loop (execFileSync) for longer than the
    // validator keeps an idle connection open (10 s): let the loop see those connections closed,
    // or fetch reuses one and fails with "other side closed".
    await new Promise((r) => setTimeout(r, 50));
    const onChain = await new Connection(url, "confirmed").getTransaction(resolved.signature, { commitment: "confirmed", maxSupportedTransactionVersion: 0 });
    const programLines = (onChain?.meta?.logMessages ?? []).filter((l) => l.startsWith(`Program ${PROGRAM_ID.toBase58()} consumed`) || l.startsWith("Program log: Instruction:"));
    if (!programLines.some((l) => l.includes("compute units"))) throw new Error("getTransaction lacks the program's compute-unit line");
    for (const line of programLines) say(`log: ${line.replace(PROGRAM_ID.toBase58(), "<program>")}`);
    const again = lm("erin", ["resolve", wallets.dave.pubkey]);
    if (again.resolved) throw new Error("a second resolve of the same position changed something");
    say(`erin resolves dave again -> succeeds and changes nothing (resolved: ${again.resolved})`);

    step("5. Each winner's exposure (computed by the SDK exactly as the program will charge), then its settlement");
    say(`alice withdraw before settling -> ${lm("alice", ["withdraw", "1"], true)}`);
    say(`${"wallet".padEnd(6)} ${"at-risk profit".padStart(14)} ${"weight".padStart(9)} ${"before resolve".padStart(14)} ${"predicted".padStart(13)} ${"charged".padStart(13)}`);
    let charged = 0n;
    for (const name of ["alice", "bob", "carol"] as Name[]) {
      const status = lm(name, ["status"]);
      const settled = lm(name, ["settle"]);
      if (settled.clawbackCharged !== status.pendingClawback) throw new Error(`${name}: predicted ${status.pendingClawback}, charged ${settled.clawbackCharged}`);
      if (settled.clawbackCharged !== predicted[name]) throw new Error(`${name}: predicted before the resolve ${predicted[name]}, charged ${settled.clawbackCharged}`);
      charged += BigInt(settled.clawbackCharged);
      say(`${name.padEnd(6)} ${tokens(status.atRiskProfit).padStart(14)} ${`${(status.weightShare * 100).toFixed(4)}%`.padStart(9)} ${tokens(predicted[name]!).padStart(14)} ${tokens(status.pendingClawback).padStart(13)} ${tokens(settled.clawbackCharged).padStart(13)}`);
    }
    say(`charged in all ${tokens(charged)} for ${tokens(resolved.clawback)}: ${charged - BigInt(resolved.clawback)} base unit(s) of rounding dust`);
    say(`dust swept to the insurance fund: ${lm("erin", ["sweep-dust"]).amount} base unit(s)`);

    step("6. After settling, withdrawals go through");
    say(`alice withdraws 1000: token balance ${tokens(lm("alice", ["withdraw", "1000"]).tokenBalance)}`);
    say(`erin  withdraws 5000: token balance ${tokens(lm("erin", ["withdraw", "5000"]).tokenBalance)}`);

    step("7. Market risk and loss-event history");
    const risk = lm("erin", ["risk"]);
    say(`insurance fund ${tokens(risk.fundBalance)}, coverage ${(risk.coverageRatio * 100).toFixed(3)}% of ${tokens(BigInt(risk.totalPrincipal) + BigInt(risk.totalAtRiskProfit))} of claims, pending shortfall ${tokens(risk.pendingShortfall)}`);
    for (const e of lm("erin", ["events"])) {
      say(`loss event #${e.seq}: ${nameOf(e.owner)}'s shortfall ${tokens(e.shortfall)} = insurance ${tokens(e.insurancePaid)} + clawback ${tokens(e.clawback)} + haircut ${tokens(e.haircut)} (resolved by ${nameOf(e.resolver)})`);
    }
    step("8. A change of the rules is public at once and waits for its notice");
    const proposed = lm("admin", ["propose-params", "--max-draw", "500"]);
    const [pendingChange] = lm("erin", ["changes"]);
    say(`the admin proposes a cap of ${tokens(pendingChange.sets.maxDrawPerEvent)} per loss event (change #${proposed.seq}): ${pendingChange.status}, ${pendingChange.countdown} of open exits left, due ${pendingChange.dueAt}`);
    say(`erin applies it now -> ${lm("erin", ["apply-change", String(proposed.seq)], true)}`);
    say("everyone sees it before it can apply: time to leave (lm changes, the keeper's log, the dashboard)");

    step("9. Watch it in a browser");
    if (EXIT_AT_ONCE) {
      say(`(--exit: stopping the validator; without it the dashboard stays up here until Ctrl-C)`);
      return;
    }
    const { ensureDashboardBuilt } = await import("../dashboard/build");
    const { dashboardUrl, serveDashboard } = await import("../dashboard/server");
    await ensureDashboardBuilt();
    const dashboard = await serveDashboard({ port: Number(process.env.LM_DASHBOARD_PORT ?? 8080), rpcUrls: [net.url], wsUrls: [net.wsUrl] });
    say(`dashboard: ${dashboardUrl(dashboard.url, { rpc: net.url, ws: net.wsUrl, market, wallet: wallets.alice.pubkey })}`);
    say(`(alice's exposure is open; the validator and the dashboard stay up until Ctrl-C. The wallets' keypairs are in ${dir}:`);
    say(` e.g. node bin/lm.js --url ${net.url} -k ${wallets.bob.path} --market ${market} status)`);
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await dashboard.close();
  } finally {
    await net.stop();
  }
}

main().catch((err) => {
  console.error(err.message ?? err);
  process.exit(1);
});
