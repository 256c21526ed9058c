/**
 * `lm` commands of a market's operators: creating and showing a market, its rent reserve, the
 * clearing authority's fills and margins, resolving losses, the keeper and pauses. Changes of the
 * parameters, the authorities and the admin are proposed and wait for their notice (governance.ts).
 */
import { Command } from "commander";
import { LossMutualizationClient, marketKeys, MarketParams, minimumNotice, parseAmount, PAUSE } from "@loss-mutualization/sdk";
import { numberConstant } from "@loss-mutualization/sdk";
import { Keeper } from "../../keeper/keeper";
import { action, amount, BASE_UNITS, context, iso, mintOf, output, pk, program, progress, resolvedFirst, sol } from "./common";

/** The market-parameter options of init-market and propose-params, with init-market's defaults. */
const PARAM_OPTIONS: [flag: string, description: string, initDefault?: string][] = [
  ["--maturity <secs>", "profit maturity: each gain stays at risk at least this long", "3600"],
  ["--max-draw <tokens>", "insurance cap per loss event, in tokens (with --base-units: base units); init-market's default: 1000000 tokens"],
  ["--window-cap <tokens>", "insurance cap per rolling window, in tokens (with --base-units: base units); init-market's default: 5000000 tokens"],
  ["--window-secs <secs>", "rolling window length", "86400"],
  ["--unstake-delay <secs>", "unstake delay", "604800"],
  ["--unstake-window <secs>", `how long an unlocked unstake request may be used (${numberConstant("MIN_UNSTAKE_WINDOW_SECS")}..${numberConstant("MAX_UNSTAKE_WINDOW_SECS")})`, "172800"],
  ["--liquidation-window <secs>", `how long a liquidation books fills into one loss event; only the clearing authority resolves earlier (1..${numberConstant("MAX_LIQUIDATION_WINDOW_SECS")})`, "60"],
  ["--max-shortfall-bps <bps>", `bound on a liquidation's shortfall, in bps of the collateral its loss window started with (1..${numberConstant("MAX_SHORTFALL_BPS")})`, "100000"],
  [
    "--notice-secs <secs>",
    `open time a proposed change waits before it may apply (${numberConstant("MIN_NOTICE_SECS")}..${numberConstant("MAX_NOTICE_SECS")}, and at least 2 days more than the unstake delay and the longest maturity; init-market's default: that floor)`,
  ],
];

export function paramOptions(command: Command, withDefaults: boolean): Command {
  for (const [flag, description, initDefault] of PARAM_OPTIONS) command.option(flag, description, withDefaults ? initDefault : undefined);
  return command.option(...BASE_UNITS);
}

/** A whole number of seconds given as the option `name`. */
export const secs = (text: string, name: string) => Number(parseAmount(text, { name, type: "i64", hint: "a duration is a whole number of seconds" }));

/** The parameters the options name (undefined where omitted); amounts in tokens of a mint of `decimals` unless --base-units. */
export function paramsFrom(opts: Record<string, string | boolean | undefined>, decimals: number): Partial<MarketParams> {
  const n = (name: string, v?: string) => (v === undefined ? undefined : secs(v, name));
  const b = (name: string, v?: string) => (v === undefined ? undefined : amount(v, decimals, { baseUnits: Boolean(opts.baseUnits) }, name));
  const text = (v: string | boolean | undefined) => (typeof v === "string" ? v : undefined);
  const bps = text(opts.maxShortfallBps);
  return {
    profitMaturitySecs: n("--maturity", text(opts.maturity)),
    maxDrawPerEvent: b("--max-draw", text(opts.maxDraw)),
    drawWindowCap: b("--window-cap", text(opts.windowCap)),
    drawWindowSecs: n("--window-secs", text(opts.windowSecs)),
    unstakeDelaySecs: n("--unstake-delay", text(opts.unstakeDelay)),
    unstakeWindowSecs: n("--unstake-window", text(opts.unstakeWindow)),
    liquidationWindowSecs: n("--liquidation-window", text(opts.liquidationWindow)),
    maxShortfallBps: bps === undefined ? undefined : Number(parseAmount(bps, { name: "--max-shortfall-bps", type: "u32", hint: "basis points are a whole number" })),
    noticeSecs: n("--notice-secs", text(opts.noticeSecs)),
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
  const mint = pk(opts.mint, "--mint");
  const { decimals, tokenProgram } = await mintOf(connection, mint);
  const marketId = parseAmount(opts.marketId, { name: "--market-id", hint: "a market id is a whole number" });
  const keys = marketKeys(mint, signer.publicKey, marketId, tokenProgram);
  const client = new LossMutualizationClient(connection, signer, keys);
  const risk = opts.risk ? pk(opts.risk, "--risk") : signer.publicKey;
  const clearing = opts.clearing ? pk(opts.clearing, "--clearing") : signer.publicKey;
  const params = paramsFrom(opts, decimals) as MarketParams;
  params.maxDrawPerEvent ??= 1_000_000n * 10n ** BigInt(decimals);
  params.drawWindowCap ??= 5_000_000n * 10n ** BigInt(decimals);
  params.noticeSecs ??= minimumNotice(params.profitMaturitySecs, params.unstakeDelaySecs);
  const ix = await client.initializeMarketIx(signer.publicKey, marketId, risk, clearing, params);
  const reserve = sol(opts.rentReserve, "--rent-reserve");
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
    noticeSecs: params.noticeSecs,
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
      const marketId = parseAmount(opts.marketId, { name: "--market-id", hint: "a market id is a whole number" });
      program.setOptionValue("market", marketKeys(pk(opts.mint, "--mint"), pk(opts.creator, "--creator"), marketId).market.toBase58());
    }
    const { client } = await context();
    const [m, f, reserve, changes] = await Promise.all([client.market(), client.fund(), client.rentReserve(), client.pendingChanges()]);
    const liquidation = m.liquidation;
    output(`market ${client.keys.market.toBase58()}`, {
      market: client.keys.market,
      marketId: m.marketId,
      mint: client.keys.mint,
      creator: m.creator,
      admin: m.admin,
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
      noticeSecs: m.noticeSecs,
      pendingChanges: changes.length,
      pendingShortfall: m.pendingShortfall,
      ...(liquidation ? { liquidationShortfallBound: liquidation.bound, liquidationEndsAt: iso(liquidation.endsAt) } : {}),
      rentReserveLamports: reserve,
    });
  }));

program
  .command("fund-rent-reserve")
  .description("send SOL to the market's address: its rent reserve pays shortfall records' rent, so resolvers pay only fees")
  .argument("<sol>", "amount in SOL, such as 0.5")
  .action(action(async (value: string) => {
    const { client } = await context();
    const signature = await client.fundRentReserve(sol(value, "sol"));
    output("rent reserve funded", { market: client.keys.market, rentReserveLamports: await client.rentReserve(), signature });
  }));

program
  .command("apply-pnl")
  .description("move realized PnL from loser to winner (the keypair is the clearing authority)")
  .requiredOption("--winner <owner>", "winning wallet")
  .requiredOption("--loser <owner>", "losing wallet")
  .argument("<amount>", "tokens of the collateral, such as 100.5 (with --base-units: base units)")
  .option(...BASE_UNITS)
  .action(action(async (value: string, opts: { winner: string; loser: string; baseUnits?: boolean }) => {
    const { client, signer, decimals } = await context();
    const units = amount(value, decimals, opts);
    const sent = await client.applyPnl(signer, pk(opts.winner, "--winner"), pk(opts.loser, "--loser"), units);
    const signature = sent.signature;
    const events = await client.events(signature);
    const applied = events.find((e) => e.name === "pnlApplied")?.data;
    output("pnl applied", {
      winner: opts.winner,
      loser: opts.loser,
      amount: units,
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
  .argument("<amount>", "tokens locked, such as 100.5 (with --base-units: base units; 0 unlocks)")
  .option(...BASE_UNITS)
  .action(action(async (owner: string, value: string, opts: { baseUnits?: boolean }) => {
    const { client, signer, decimals } = await context();
    const units = amount(value, decimals, opts);
    const signature = await client.send([await client.setMarginIx(signer.publicKey, pk(owner, "owner"), units)], [signer]);
    output("margin set", { owner, lockedMargin: units, signature });
  }));

program
  .command("resolve")
  .description("assign a bankrupt position's loss (insurance draw, clawback, haircut) in one transaction: any keypair once the liquidation's window has ended (it waits up to --max-wait), the clearing authority at once; the record's rent comes from the market's rent reserve first; a position that is not bankrupt makes it a no-op")
  .argument("<owner>", "bankrupt wallet (or its position address)")
  .action(action(async (owner: string) => {
    const { client, signer } = await context();
    progress(`sending resolve_shortfall as ${signer.publicKey.toBase58()}`);
    const r = await client.resolveShortfall(signer, pk(owner, "owner"));
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
  .description("resolve every liquidation's loss once its window ends and sweep dust (any keypair: no authority needed), and log pending changes with their countdown; JSON-lines logs")
  .option("--once", "one pass (resolve what is pending, waiting for an open liquidation window; sweep dust) and exit, for cron")
  .option("--interval <ms>", "period of the safety-net scan", "2000")
  .option("--no-sweep", "do not sweep dust")
  .option("--remind", "log each wallet with a pending clawback or haircut (once per change)")
  .option("--no-changes", "do not log pending changes of the rules (logged when they appear, become due or lapse, and are applied or cancelled)")
  .action(action(async (opts: { once?: boolean; interval: string; sweep: boolean; remind?: boolean; changes: boolean }) => {
    const { client } = await context();
    const keeper = new Keeper(client, { intervalMs: Number(opts.interval), sweepDust: opts.sweep, subscribe: !opts.once, remind: opts.remind, watchChanges: opts.changes });
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
