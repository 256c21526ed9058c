/**
 * `lm`: the loss-mutualization CLI. Every user and operator action, signed with a keypair file
 * (default ~/.config/solana/id.json, like the Solana CLI), against --url (default localnet).
 * Human tables by default, --json for scripts; failures show the program's named error.
 *
 * The commands whose instruction waits while a bankruptcy's loss is unassigned (deposit,
 * withdraw, apply-pnl, release-profit, stake, unstake, fund-insurance, update-params,
 * sweep-dust) resolve the pending loss first, in the same transaction, signed and paid by the
 * keypair (the SDK's send paths); their output then lists it under `resolvedFirst`. While the
 * liquidation's window is open only the clearing authority may resolve: any other keypair waits
 * for the window to end (at most --max-wait seconds, saying so on stderr), or fails with the
 * time it ends. A fill of the liquidation itself (apply-pnl with the bankrupt wallet as loser)
 * books into it within the window.
 *
 * The market: --market <address>, refused when --expect-admin names another admin (a market's
 * address derives from its creator's key: `lm market --creator --mint --market-id` derives it).
 */
import { Command } from "commander";
import { Connection, Keypair, LAMPORTS_PER_SOL, PublicKey, SystemProgram, Transaction } from "@solana/web3.js";
import {
  createAssociatedTokenAccountIdempotentInstruction,
  createInitializeMint2Instruction,
  createMintToInstruction,
  getAssociatedTokenAddressSync,
  MINT_SIZE,
  TOKEN_PROGRAM_ID,
} from "@solana/spl-token";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import {
  describeError,
  loadMarketKeys,
  LossMutualizationClient,
  MarketKeys,
  marketKeys,
  MarketParams,
  PAUSE,
  SentWithResolutions,
} from "./src/client";
import { Keeper } from "./src/keeper";
import { numberConstant } from "./src/constants";

const program = new Command();
program
  .name("lm")
  .description("Loss mutualization: insurance fund, proportional clawback, principal haircut")
  .option("-u, --url <url>", "JSON-RPC URL", process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899")
  .option("-k, --keypair <path>", "signer keypair file", `${homedir()}/.config/solana/id.json`)
  .option("-m, --market <pubkey>", "market address (or LM_MARKET)", process.env.LM_MARKET)
  .option("--expect-admin <pubkey>", "refuse the market unless this key is its admin (or LM_EXPECT_ADMIN)", process.env.LM_EXPECT_ADMIN)
  .option("--max-wait <secs>", "longest wait for a liquidation's window to end before resolving its loss", process.env.LM_MAX_WAIT ?? "120")
  .option("--json", "machine-readable output")
  .showHelpAfterError();

type Globals = { url: string; keypair: string; market?: string; expectAdmin?: string; maxWait: string; json?: boolean };
const globals = () => program.opts<Globals>();

function loadKeypair(path: string): Keypair {
  const file = path.replace(/^~/, homedir());
  return Keypair.fromSecretKey(Uint8Array.from(JSON.parse(readFileSync(file, "utf8"))));
}

const replacer = (_: string, v: unknown) =>
  typeof v === "bigint" ? v.toString() : v instanceof PublicKey ? v.toBase58() : v;

/**
 * The one output schema. Tables by default; with --json, an object per result (an array of
 * them for lists) where every amount is an integer string of base units, every ratio a number
 * (a fraction: 0.25 is 25 %), keys are camelCase, and results about a market carry the
 * collateral's `decimals` so that amounts can be shown in tokens.
 */
let marketDecimals: number | undefined;
const isRatio = (key: string) => /(Ratio|Share)$/.test(key);

function output(title: string, data: Record<string, unknown> | Record<string, unknown>[]) {
  if (globals().json) {
    const withDecimals = (row: Record<string, unknown>) => (marketDecimals === undefined ? row : { ...row, decimals: marketDecimals });
    console.log(JSON.stringify(Array.isArray(data) ? data.map(withDecimals) : withDecimals(data), replacer, 2));
    return;
  }
  const forTable = (row: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, isRatio(k) && typeof v === "number" ? `${(v * 100).toFixed(4)} %` : v]));
  data = Array.isArray(data) ? data.map(forTable) : forTable(data);
  console.log(title);
  const rows = Array.isArray(data) ? data : [data];
  if (Array.isArray(data)) {
    if (rows.length === 0) console.log("  (none)");
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (v: unknown) => JSON.parse(JSON.stringify(v ?? "", replacer))?.toString() ?? "";
    const widths = keys.map((k) => Math.max(k.length, ...rows.map((r) => cell(r[k]).length)));
    if (rows.length) {
      console.log("  " + keys.map((k, i) => k.padEnd(widths[i])).join("  "));
      for (const r of rows) console.log("  " + keys.map((k, i) => cell(r[k]).padStart(widths[i])).join("  "));
    }
  } else {
    const width = Math.max(...Object.keys(data).map((k) => k.length));
    const text = (v: unknown) => {
      const plain = JSON.parse(JSON.stringify(v ?? "", replacer));
      return typeof plain === "object" && plain !== null ? JSON.stringify(plain) : String(plain);
    };
    for (const [k, v] of Object.entries(data)) console.log(`  ${k.padEnd(width)}  ${text(v)}`);
  }
}

const progress = (message: string) => {
  if (!globals().json) console.error(`… ${message}`);
};

const iso = (unix: number) => (unix ? new Date(unix * 1000).toISOString() : "-");

/** The signer, a connection, and a client of --market (checked against --expect-admin). */
async function context(needMarket = true) {
  const { url, keypair, market, expectAdmin, maxWait } = globals();
  const connection = new Connection(url, "confirmed");
  const signer = loadKeypair(keypair);
  let keys: MarketKeys = marketKeys(PublicKey.default, PublicKey.default, 0);
  if (needMarket) {
    if (!market) throw new Error("no market: pass --market <pubkey> or set LM_MARKET (`lm market --creator <key> --mint <mint> --market-id <n>` derives it)");
    const found = await loadMarketKeys(connection, new PublicKey(market), { admin: expectAdmin ? new PublicKey(expectAdmin) : undefined });
    keys = found.keys;
    marketDecimals = found.decimals;
  }
  const client = new LossMutualizationClient(connection, signer, keys);
  client.onRetry = (message) => console.error(`… ${message}`);
  client.maxLiquidationWaitSecs = Number(maxWait);
  client.onLiquidationWait = ({ liquidation, secondsLeft }) =>
    progress(`a liquidation is in progress until ${iso(liquidation.endsAt)}: only the clearing authority may resolve it before then; waiting ${secondsLeft} s to resolve it first`);
  return { connection, signer, client };
}

const amount = (text: string) => BigInt(text);
const pk = (text: string) => new PublicKey(text);

function action(fn: (...args: any[]) => Promise<void>) {
  return async (...args: any[]) => {
    try {
      await fn(...args);
    } catch (err) {
      console.error(`error: ${describeError(err)}`);
      process.exitCode = 1;
    }
  };
}

/**
 * The pending losses a send path resolved in front of its instruction, with their split (from
 * the ShortfallResolved events of the transaction), as `{ resolvedFirst: [...] }`, or nothing.
 */
async function resolvedFirst(client: LossMutualizationClient, sent: SentWithResolutions): Promise<Record<string, unknown>> {
  if (sent.resolved.length === 0) return {};
  const events = (await client.events(sent.signature)).filter((e) => e.name === "shortfallResolved").map((e) => e.data);
  const rows = sent.resolved.map((p) => {
    const e = events.find((x) => (x.owner as PublicKey).equals(p.owner));
    return {
      owner: p.owner,
      shortfall: e ? e.shortfall.toString() : p.shortfall,
      insurancePaid: e?.insurancePaid?.toString(),
      clawback: e?.clawback?.toString(),
      haircut: e?.haircut?.toString(),
    };
  });
  progress(`resolved ${rows.length} pending loss(es) first: ${rows.map((r) => `${r.owner.toBase58().slice(0, 8)}… ${r.shortfall}`).join(", ")}`);
  return { resolvedFirst: rows };
}

async function ensureAta(client: LossMutualizationClient, owner: PublicKey) {
  const ata = getAssociatedTokenAddressSync(client.keys.mint, owner, true, client.keys.tokenProgram);
  if (!(await client.connection.getAccountInfo(ata))) {
    progress(`creating token account ${ata.toBase58()}`);
    await client.send([createAssociatedTokenAccountIdempotentInstruction(client.payer.publicKey, ata, owner, client.keys.mint, client.keys.tokenProgram)]);
  }
  return ata;
}

// --- localnet helpers ---------------------------------------------------------------------------

program
  .command("airdrop")
  .description("request SOL from the local validator's faucet")
  .argument("<sol>", "amount in SOL")
  .argument("[to]", "recipient (default: the keypair)")
  .action(action(async (sol: string, to?: string) => {
    const { connection, signer } = await context(false);
    const recipient = to ? pk(to) : signer.publicKey;
    const sig = await connection.requestAirdrop(recipient, Number(sol) * LAMPORTS_PER_SOL);
    await connection.confirmTransaction(sig, "confirmed");
    output("airdrop", { recipient, sol: Number(sol), signature: sig });
  }));

program
  .command("create-mint")
  .description("create a collateral mint (SPL Token) with the keypair as mint authority")
  .option("--decimals <n>", "decimals", "6")
  .action(action(async (opts: { decimals: string }) => {
    const { connection, signer } = await context(false);
    const mint = Keypair.generate();
    const client = new LossMutualizationClient(connection, signer, marketKeys(mint.publicKey, signer.publicKey, 0));
    const rent = await connection.getMinimumBalanceForRentExemption(MINT_SIZE);
    await client.send(
      [
        SystemProgram.createAccount({ fromPubkey: signer.publicKey, newAccountPubkey: mint.publicKey, lamports: rent, space: MINT_SIZE, programId: TOKEN_PROGRAM_ID }),
        createInitializeMint2Instruction(mint.publicKey, Number(opts.decimals), signer.publicKey, null),
      ],
      [mint],
    );
    output("mint created", { mint: mint.publicKey, decimals: Number(opts.decimals), authority: signer.publicKey });
  }));

program
  .command("mint-to")
  .description("mint collateral to a wallet's token account (the keypair is the mint authority)")
  .requiredOption("--mint <pubkey>", "collateral mint")
  .argument("<owner>", "wallet that receives the tokens")
  .argument("<amount>", "base units")
  .action(action(async (owner: string, value: string, opts: { mint: string }) => {
    const { connection, signer } = await context(false);
    const client = new LossMutualizationClient(connection, signer, marketKeys(pk(opts.mint), signer.publicKey, 0));
    const ata = await ensureAta(client, pk(owner));
    await client.send([createMintToInstruction(pk(opts.mint), ata, signer.publicKey, amount(value))]);
    output("minted", { owner, tokenAccount: ata, amount: value });
  }));

// --- operator actions -------------------------------------------------------------------------

/** The market-parameter options of init-market and update-params, with init-market's defaults. */
const PARAM_OPTIONS: [flag: string, description: string, initDefault: string][] = [
  ["--maturity <secs>", "profit maturity: each gain stays at risk at least this long", "3600"],
  ["--max-draw <units>", "insurance cap per loss event", "1000000000000"],
  ["--window-cap <units>", "insurance cap per rolling window", "5000000000000"],
  ["--window-secs <secs>", "rolling window length", "86400"],
  ["--unstake-delay <secs>", "unstake delay", "604800"],
  ["--unstake-window <secs>", `how long an unlocked unstake request may be used (${numberConstant("MIN_UNSTAKE_WINDOW_SECS")}..${numberConstant("MAX_UNSTAKE_WINDOW_SECS")})`, "172800"],
  ["--liquidation-window <secs>", `how long a liquidation books fills into one loss event; only the clearing authority resolves earlier (1..${numberConstant("MAX_LIQUIDATION_WINDOW_SECS")})`, "60"],
  ["--max-shortfall-bps <bps>", `bound on a liquidation's shortfall, in bps of the collateral its loss window started with (1..${numberConstant("MAX_SHORTFALL_BPS")})`, "100000"],
];

function paramOptions(command: Command, withDefaults: boolean): Command {
  for (const [flag, description, initDefault] of PARAM_OPTIONS) command.option(flag, description, withDefaults ? initDefault : undefined);
  return command;
}

/** The parameters the options name (undefined where omitted). */
function paramsFrom(opts: Record<string, string | undefined>): Partial<MarketParams> {
  const n = (v?: string) => (v === undefined ? undefined : Number(v));
  const b = (v?: string) => (v === undefined ? undefined : BigInt(v));
  return {
    profitMaturitySecs: n(opts.maturity),
    maxDrawPerEvent: b(opts.maxDraw),
    drawWindowCap: b(opts.windowCap),
    drawWindowSecs: n(opts.windowSecs),
    unstakeDelaySecs: n(opts.unstakeDelay),
    unstakeWindowSecs: n(opts.unstakeWindow),
    liquidationWindowSecs: n(opts.liquidationWindow),
    maxShortfallBps: n(opts.maxShortfallBps),
  };
}

paramOptions(
  program
    .command("init-market")
    .description("create a market, its collateral vault and its insurance fund (the keypair becomes admin and creator: the address derives from it)")
    .requiredOption("--mint <pubkey>", "collateral mint")
    .option("--market-id <n>", "market id", "1")
    .option("--risk <pubkey>", "risk authority (default: the keypair)")
    .option("--clearing <pubkey>", "clearing authority (default: the keypair)")
    .option("--rent-reserve <sol>", "SOL put on the market account for shortfall records' rent", "0.1"),
  true,
).action(action(async (opts: Record<string, string>) => {
  const { connection, signer } = await context(false);
  const mint = pk(opts.mint);
  const mintInfo = await connection.getAccountInfo(mint);
  if (!mintInfo) throw new Error(`mint ${opts.mint} not found`);
  const keys = marketKeys(mint, signer.publicKey, BigInt(opts.marketId), mintInfo.owner);
  const client = new LossMutualizationClient(connection, signer, keys);
  const risk = opts.risk ? pk(opts.risk) : signer.publicKey;
  const clearing = opts.clearing ? pk(opts.clearing) : signer.publicKey;
  const ix = await client.initializeMarketIx(signer.publicKey, BigInt(opts.marketId), risk, clearing, paramsFrom(opts) as MarketParams);
  const reserve = BigInt(Math.round(Number(opts.rentReserve) * LAMPORTS_PER_SOL));
  const signature = await client.send([ix]);
  if (reserve > 0n) await client.fundRentReserve(reserve);
  output("market initialized", {
    market: keys.market,
    mint,
    creator: signer.publicKey,
    collateralVault: keys.collateralVault,
    insuranceFund: keys.insuranceFund,
    riskAuthority: risk,
    clearingAuthority: clearing,
    rentReserveLamports: await client.rentReserve(),
    signature,
  });
}));

program
  .command("market")
  .description("show a market: --market, or the address derived from --creator, --mint and --market-id (only the creator's key can hold it)")
  .option("--creator <pubkey>", "the key that created the market (the operator's)")
  .option("--mint <pubkey>", "its collateral mint")
  .option("--market-id <n>", "its id", "1")
  .action(action(async (opts: { creator?: string; mint?: string; marketId: string }) => {
    if (opts.creator || opts.mint) {
      if (!opts.creator || !opts.mint) throw new Error("deriving a market takes both --creator and --mint");
      program.setOptionValue("market", marketKeys(pk(opts.mint), pk(opts.creator), BigInt(opts.marketId)).market.toBase58());
    }
    const { client } = await context();
    const [m, f, reserve] = await Promise.all([client.market(), client.fund(), client.rentReserve()]);
    const liquidation = m.liquidation;
    output(`market ${client.keys.market.toBase58()}`, {
      market: client.keys.market,
      marketId: m.marketId,
      mint: client.keys.mint,
      creator: m.creator,
      admin: m.admin,
      pendingAdmin: m.pendingAdmin ?? "-",
      riskAuthority: m.riskAuthority,
      clearingAuthority: m.clearingAuthority,
      pausedOperations: m.pausedOperations.join(",") || "-",
      profitMaturitySecs: m.profitMaturitySecs,
      liquidationWindowSecs: m.liquidationWindowSecs,
      maxShortfallBps: m.maxShortfallBps,
      maxDrawPerEvent: f.maxDrawPerEvent,
      drawWindowCap: f.drawWindowCap,
      drawWindowSecs: f.drawWindowSecs,
      unstakeDelaySecs: f.unstakeDelaySecs,
      unstakeWindowSecs: f.unstakeWindowSecs,
      pendingShortfall: m.pendingShortfall,
      ...(liquidation ? { liquidationShortfallBound: liquidation.bound, liquidationEndsAt: iso(liquidation.endsAt) } : {}),
      rentReserveLamports: reserve,
    });
  }));

program
  .command("fund-rent-reserve")
  .description("send SOL to the market's address: its rent reserve pays shortfall records' rent, so resolvers pay only fees")
  .argument("<sol>", "amount in SOL")
  .action(action(async (sol: string) => {
    const { client } = await context();
    const signature = await client.fundRentReserve(BigInt(Math.round(Number(sol) * LAMPORTS_PER_SOL)));
    output("rent reserve funded", { market: client.keys.market, rentReserveLamports: await client.rentReserve(), signature });
  }));

program
  .command("apply-pnl")
  .description("move realized PnL from loser to winner (the keypair is the clearing authority)")
  .requiredOption("--winner <owner>", "winning wallet")
  .requiredOption("--loser <owner>", "losing wallet")
  .argument("<amount>", "base units")
  .action(action(async (value: string, opts: { winner: string; loser: string }) => {
    const { client, signer } = await context();
    const sent = await client.applyPnl(signer, pk(opts.winner), pk(opts.loser), amount(value));
    const signature = sent.signature;
    const events = await client.events(signature);
    const applied = events.find((e) => e.name === "pnlApplied")?.data;
    output("pnl applied", {
      winner: opts.winner,
      loser: opts.loser,
      amount: value,
      loserPaidFromProfit: applied?.loserPaidFromProfit?.toString(),
      loserPaidFromPrincipal: applied?.loserPaidFromPrincipal?.toString(),
      loserShortfall: applied?.loserShortfall?.toString(),
      liquidationShortfall: applied?.liquidationShortfall?.toString(),
      liquidationShortfallBound: applied?.liquidationShortfallBound?.toString(),
      liquidationEndsAt: applied && Number(applied.liquidationEndsAt) ? iso(Number(applied.liquidationEndsAt)) : "-",
      ...(await resolvedFirst(client, sent)),
      signature,
    });
  }));

program
  .command("set-margin")
  .description("lock part of a wallet's principal behind its open exposure (the keypair is the clearing authority); withdraw leaves at least this much")
  .argument("<owner>", "the wallet")
  .argument("<amount>", "base units locked (0 unlocks)")
  .action(action(async (owner: string, value: string) => {
    const { client, signer } = await context();
    const signature = await client.send([await client.setMarginIx(signer.publicKey, pk(owner), amount(value))], [signer]);
    output("margin set", { owner, lockedMargin: value, signature });
  }));

program
  .command("resolve")
  .description("assign a bankrupt position's loss (insurance draw, clawback, haircut) in one transaction: any keypair once the liquidation's window has ended (it waits up to --max-wait), the clearing authority at once; the record's rent comes from the market's rent reserve first; a position that is not bankrupt makes it a no-op")
  .argument("<owner>", "bankrupt wallet (or its position address)")
  .action(action(async (owner: string) => {
    const { client, signer } = await context();
    progress(`sending resolve_shortfall as ${signer.publicKey.toBase58()}`);
    const r = await client.resolveShortfall(signer, pk(owner));
    output(r.resolved ? "shortfall resolved" : "nothing to resolve: the position is not bankrupt", {
      resolved: r.resolved,
      seq: r.seq,
      record: r.record,
      owner,
      resolver: r.resolver,
      shortfall: r.split?.shortfall,
      insurancePaid: r.split?.insurancePaid,
      clawback: r.split?.clawback,
      haircut: r.split?.haircut,
      atRiskProfitBefore: r.split?.atRiskProfitBefore,
      principalBefore: r.split?.principalBefore,
      recordRentFromReserve: r.recordRent?.fromReserve,
      recordRentFromResolver: r.recordRent?.fromResolver,
      signature: r.signature,
    });
  }));

program
  .command("sweep-dust")
  .description("move settled rounding dust to the insurance fund (anyone may)")
  .action(action(async () => {
    const { client } = await context();
    const dust = (await client.market()).dustPending;
    const sent = await client.sweepDust();
    const swept = (await client.events(sent.signature)).find((e) => e.name === "dustSwept")?.data;
    output("dust swept", { amount: swept ? swept.amount.toString() : dust, fundBalance: (await client.fund()).balance, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("keeper")
  .description("resolve every liquidation's loss once its window ends and sweep dust (any keypair: no authority needed); JSON-lines logs")
  .option("--once", "one pass (resolve what is pending, waiting for an open liquidation window; sweep dust) and exit, for cron")
  .option("--interval <ms>", "period of the safety-net scan", "2000")
  .option("--no-sweep", "do not sweep dust")
  .option("--remind", "log each wallet with a pending clawback or haircut (once per change)")
  .action(action(async (opts: { once?: boolean; interval: string; sweep: boolean; remind?: boolean }) => {
    const { client } = await context();
    const keeper = new Keeper(client, { intervalMs: Number(opts.interval), sweepDust: opts.sweep, subscribe: !opts.once, remind: opts.remind });
    if (opts.once) {
      await keeper.pass("once");
      if (keeper.stats.errors > 0) process.exitCode = 1;
      return;
    }
    keeper.start();
    await new Promise<void>((done) => {
      const stop = () => keeper.stop().then(done);
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  }));

program
  .command("dashboard")
  .description("serve the transparency dashboard for --market (builds it if needed) and print its URL; the page reads the chain itself over --url's JSON-RPC and PubSub; stays up until Ctrl-C")
  .option("--port <n>", "HTTP port (0: any free port)", "8080")
  .option("--host <address>", "interface to listen on", "127.0.0.1")
  .option("--ws <url>", "PubSub URL (default: --url with the port + 1, as the local validator serves it)")
  .option("--wallet <pubkey>", "open the page on this wallet's exposure")
  .action(action(async (opts: { port: string; host: string; ws?: string; wallet?: string }) => {
    const { url, market } = globals();
    if (!market) throw new Error("no market: pass --market <pubkey> or set LM_MARKET");
    // Loaded here, not at start-up: esbuild and the page's modules are only for this command.
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("tsx/cjs"); // the compiled CLI loads the dashboard's TypeScript modules as they are
    const { ensureDashboardBuilt } = require("./dashboard/build") as typeof import("./dashboard/build");
    const { connectMarket } = require("./dashboard/model") as typeof import("./dashboard/model");
    const { dashboardUrl, serveDashboard, wsUrlFor } = require("./dashboard/server") as typeof import("./dashboard/server");
    if (await ensureDashboardBuilt()) progress("built app/dashboard/dist/main.js");
    try {
      await connectMarket(new Connection(url, "confirmed"), pk(market));
    } catch (err) {
      progress(`warning: cannot read market ${market} at ${url} now (${describeError(err)}); serving anyway`);
    }
    const server = await serveDashboard({ port: Number(opts.port), host: opts.host, rpcUrls: [url] });
    const link = dashboardUrl(server.url, { rpc: url, ws: opts.ws ?? wsUrlFor(url), market, wallet: opts.wallet && pk(opts.wallet).toBase58() });
    if (globals().json) console.log(JSON.stringify({ url: link, port: server.port }));
    else console.log(`dashboard: ${link}`);
    progress("serving; Ctrl-C stops");
    await new Promise<void>((done) => {
      process.once("SIGINT", done);
      process.once("SIGTERM", done);
    });
    await server.close();
    process.exit(0);
  }));

program
  .command("pause")
  .description(`set the pause bits (admin; the risk authority may only add bits): ${Object.keys(PAUSE).join(", ")}, or none`)
  .argument("<operations...>", "operations to pause ('none' lifts every pause)")
  .action(action(async (operations: string[]) => {
    const { client, signer } = await context();
    let bits = 0;
    for (const op of operations) {
      if (op === "none") continue;
      const bit = (PAUSE as Record<string, number>)[op];
      if (bit === undefined) throw new Error(`unknown operation ${op}`);
      bits |= bit;
    }
    const signature = await client.send([await client.setPauseIx(signer.publicKey, bits)]);
    output("pause set", { paused: bits, operations: operations.join(","), signature });
  }));

paramOptions(program.command("update-params").description("change risk parameters (admin); omitted options keep their value"), false).action(
  action(async (opts: Record<string, string | undefined>) => {
    const { client, signer } = await context();
    const sent = await client.updateParams(signer, paramsFrom(opts));
    output("params updated", { ...opts, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }),
);

program
  .command("transfer-admin")
  .description("name the next admin (admin); 'none' cancels a pending transfer")
  .argument("<new-admin>", "public key, or none")
  .action(action(async (next: string) => {
    const { client, signer } = await context();
    const signature = await client.send([await client.transferAdminIx(signer.publicKey, next === "none" ? null : pk(next))]);
    output("admin transfer started", { pendingAdmin: next, signature });
  }));

program
  .command("accept-admin")
  .description("become the admin (the pending admin signs)")
  .action(action(async () => {
    const { client, signer } = await context();
    const signature = await client.send([await client.acceptAdminIx(signer.publicKey)]);
    output("admin accepted", { admin: signer.publicKey, signature });
  }));

program
  .command("set-authorities")
  .description("set the risk and clearing authorities (admin)")
  .requiredOption("--risk <pubkey>")
  .requiredOption("--clearing <pubkey>")
  .action(action(async (opts: { risk: string; clearing: string }) => {
    const { client, signer } = await context();
    const signature = await client.send([await client.setAuthoritiesIx(signer.publicKey, pk(opts.risk), pk(opts.clearing))]);
    output("authorities set", { ...opts, signature });
  }));

// --- wallet actions ---------------------------------------------------------------------------

program
  .command("deposit")
  .description("deposit collateral (opens the position first if needed)")
  .argument("<amount>", "base units")
  .action(action(async (value: string) => {
    const { client, signer } = await context();
    const ata = await ensureAta(client, signer.publicKey);
    if (!(await client.position(signer.publicKey))) progress("opening position");
    const sent = await client.deposit(signer, ata, amount(value));
    const p = await client.position(signer.publicKey);
    output("deposited", { wallet: signer.publicKey, amount: value, principal: p?.principal, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("withdraw")
  .description("withdraw principal (settle first if a clawback or haircut is pending)")
  .argument("<amount>", "base units")
  .action(action(async (value: string) => {
    const { client, signer } = await context();
    const ata = await ensureAta(client, signer.publicKey);
    const sent = await client.withdraw(signer, ata, amount(value));
    const tokenBalance = (await client.connection.getTokenAccountBalance(ata)).value.amount;
    output("withdrawn", { wallet: signer.publicKey, amount: value, tokenBalance, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("settle")
  .description("apply this wallet's share of every socialized loss since its last settlement")
  .action(action(async () => {
    const { client, signer } = await context();
    const before = await client.exposure(signer.publicKey);
    const signature = await client.send([await client.settleIx(signer.publicKey)]);
    const settled = (await client.events(signature)).find((e) => /positionSettled/i.test(e.name))?.data;
    output("settled", {
      wallet: signer.publicKey,
      predictedClawback: before?.pendingClawback,
      clawbackCharged: settled?.clawbackCharged?.toString(),
      haircutCharged: settled?.haircutCharged?.toString(),
      signature,
    });
  }));

program
  .command("release-profit")
  .description("move the matured part of the at-risk profit into principal (each gain matures on its own: `lm status` shows what is releasable)")
  .action(action(async () => {
    const { client, signer } = await context();
    const sent = await client.releaseProfit(signer);
    const released = (await client.events(sent.signature)).find((e) => e.name === "profitReleased")?.data;
    const e = await client.exposure(signer.publicKey);
    output("profit released", {
      wallet: signer.publicKey,
      released: released?.amount?.toString(),
      principal: e?.principalAfter,
      stillMaturing: e?.maturingProfit,
      nextMaturityAt: iso(e?.nextMaturityAt ?? 0),
      ...(await resolvedFirst(client, sent)),
      signature: sent.signature,
    });
  }));

program
  .command("fund-insurance")
  .description("add tokens to the insurance fund (raises every share's value)")
  .argument("<amount>", "base units")
  .action(action(async (value: string) => {
    const { client, signer } = await context();
    const ata = await ensureAta(client, signer.publicKey);
    const sent = await client.fundInsurance(signer, ata, amount(value));
    output("insurance funded", { amount: value, fundBalance: (await client.fund()).balance, ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("stake")
  .description("stake tokens into the insurance fund for shares")
  .argument("<amount>", "base units")
  .action(action(async (value: string) => {
    const { client, signer } = await context();
    const ata = await ensureAta(client, signer.publicKey);
    const sent = await client.stake(signer, ata, amount(value));
    const stake = await client.stakeAccount(signer.publicKey);
    output("staked", { staker: signer.publicKey, amount: value, shares: stake?.shares.toString(), value: await client.stakeValue(signer.publicKey), ...(await resolvedFirst(client, sent)), signature: sent.signature });
  }));

program
  .command("unstake")
  .description("request an unstake (--request <shares|all>), cancel it (--cancel), or collect it (from its unlock until its window lapses)")
  .option("--request <shares>", "lock shares for unstaking ('all' for every share)")
  .option("--cancel", "cancel the pending request")
  .action(action(async (opts: { request?: string; cancel?: boolean }) => {
    const { client, signer } = await context();
    if (opts.request) {
      const stake = await client.stakeAccount(signer.publicKey);
      const shares = opts.request === "all" ? BigInt(stake?.shares.toString() ?? "0") : BigInt(opts.request);
      const signature = await client.send([await client.requestUnstakeIx(signer.publicKey, shares)]);
      const request = (await client.stakeView(signer.publicKey))?.request;
      output("unstake requested", {
        shares,
        valueAtRequest: request?.valueAtRequest,
        unlockAt: iso(request?.unlockAt ?? 0),
        expiresAt: iso(request?.expiresAt ?? 0),
        signature,
      });
    } else if (opts.cancel) {
      const signature = await client.send([await client.cancelUnstakeIx(signer.publicKey)]);
      output("unstake cancelled", { signature });
    } else {
      const ata = await ensureAta(client, signer.publicKey);
      const before = (await client.connection.getTokenAccountBalance(ata)).value.amount;
      const sent = await client.unstake(signer, ata);
      const after = (await client.connection.getTokenAccountBalance(ata)).value.amount;
      output("unstaked", { paid: (BigInt(after) - BigInt(before)).toString(), ...(await resolvedFirst(client, sent)), signature: sent.signature });
    }
  }));

// --- read side --------------------------------------------------------------------------------

program
  .command("status")
  .description("a wallet's exposure: pending clawback (exactly what settle will charge), at-risk profit, withdrawable, releasable and maturing profit, its unstake window; while a loss is pending, the charges once it is resolved")
  .argument("[owner]", "wallet (default: the keypair)")
  .action(action(async (owner?: string) => {
    const { client, signer } = await context();
    const wallet = owner ? pk(owner) : signer.publicKey;
    const [e, stake] = await Promise.all([client.exposure(wallet), client.stakeView(wallet)]);
    if (!e) throw new Error(`no position for ${wallet.toBase58()}`);
    output(`position of ${wallet.toBase58()}`, {
      atRiskProfit: e.atRiskProfit,
      pendingClawback: e.pendingClawback,
      pendingHaircut: e.pendingHaircut,
      principalAfter: e.principalAfter,
      profitAfter: e.profitAfter,
      weightShare: e.weightShare,
      lossPending: e.lossPending,
      ...(e.lossPending
        ? { clawbackAfterResolution: e.afterResolution?.pendingClawback ?? "unknown", haircutAfterResolution: e.afterResolution?.pendingHaircut ?? "unknown" }
        : {}),
      withdrawable: e.withdrawable,
      releasableProfit: e.releasableProfit,
      maturingProfit: e.maturingProfit,
      nextMaturityAt: iso(e.nextMaturityAt),
      allMaturedAt: iso(e.allMaturedAt),
      bankrupt: e.bankrupt,
      shortfallCount: e.shortfallCount,
      lifetimeClawbackPaid: e.lifetimeClawbackPaid,
      lifetimeHaircutPaid: e.lifetimeHaircutPaid,
      ...(stake?.request
        ? {
            unstakeShares: stake.request.shares,
            unstakePayout: stake.request.payout,
            unstakeUnlockAt: iso(stake.request.unlockAt),
            unstakeExpiresAt: iso(stake.request.expiresAt),
            unstakeWindow: stake.request.state,
          }
        : {}),
    });
  }));

program
  .command("pending")
  .description("the liquidation whose loss is not assigned yet: its shortfall, the bound it may reach, and when its window ends (from then on any wallet may `resolve` it; before, only the clearing authority)")
  .action(action(async () => {
    const { client } = await context();
    const [market, now] = await Promise.all([client.market(), client.chainTime()]);
    const positions = market.pendingShortfall > 0n ? await client.bankruptPositions() : [];
    const liquidation = market.liquidation;
    output(`pending losses: ${market.pendingShortfall} base units`, positions.map((p) => ({
      owner: p.owner.toBase58(),
      position: p.address.toBase58(),
      shortfall: p.shortfall,
      positionSeq: p.shortfallCount,
      ...(liquidation?.position.equals(p.address)
        ? {
            collateral: liquidation.collateral,
            shortfallBound: liquidation.bound,
            liquidationEndsAt: iso(liquidation.endsAt),
            secondsLeft: Math.max(liquidation.endsAt - now, 0),
            resolvableBy: now < liquidation.endsAt ? "clearing authority (anyone once the window ends)" : "anyone",
          }
        : {}),
    })));
  }));

program
  .command("risk")
  .description("the market's insurance coverage and loss totals")
  .action(action(async () => {
    const { client } = await context();
    const r = await client.risk();
    output("market risk", r);
  }));

program
  .command("events")
  .description("history of loss events (shortfall records); --follow streams program events")
  .option("--follow", "subscribe and print events as they happen")
  .action(action(async (opts: { follow?: boolean }) => {
    const { client } = await context();
    const records = await client.lossEvents();
    output("loss events", records.map((r) => ({
      seq: r.seq,
      owner: r.owner.toBase58().slice(0, 8),
      positionSeq: r.positionSeq,
      shortfall: r.shortfall,
      insurancePaid: r.insurancePaid,
      clawback: r.clawback,
      haircut: r.haircut,
      resolver: r.resolver.toBase58().slice(0, 8),
      resolvedAt: new Date(r.resolvedAt * 1000).toISOString(),
    })));
    if (opts.follow) {
      for (const e of client.program.idl.events) {
        client.onEvent(e.name, (data, slot) => console.log(JSON.stringify({ event: e.name, slot, data }, replacer)));
      }
      await new Promise(() => {});
    }
  }));

program.parseAsync(process.argv);
