/**
 * `lm`: the loss-mutualization CLI. Every user and operator action, signed with a keypair file
 * (default ~/.config/solana/id.json, like the Solana CLI), against --url (default localnet).
 * Human tables by default, --json for scripts; failures show the program's named error.
 * Amounts are tokens of the market's collateral (`lm deposit 100.5`; its decimals come from the
 * chain), or whole base units with --base-units; anything else is refused before a transaction
 * is built. `lm --version` prints the package's version.
 *
 * The commands whose instruction waits while a bankruptcy's loss is unassigned (deposit,
 * withdraw, apply-pnl, release-profit, stake, unstake, fund-insurance, apply-change,
 * sweep-dust) resolve the pending loss first, in the same transaction, signed and paid by the
 * keypair (the SDK's send paths); their output then lists it under `resolvedFirst`. While the
 * liquidation's window is open only the clearing authority may resolve: any other keypair waits
 * for the window to end (at most --max-wait seconds, saying so on stderr), or fails with the
 * time it ends. A fill of the liquidation itself (apply-pnl with the bankrupt wallet as loser)
 * books into it within the window.
 *
 * The market: --market <address>, refused when --expect-admin names another admin (a market's
 * address derives from its creator's key: `lm market --creator --mint --market-id` derives it).
 *
 * The commands live in cli/commands/ (common.ts: global options, output, the market's client);
 * `dashboard` stays here: it loads the dashboard's modules (../dashboard) lazily, outside the bundle.
 */
import { Connection } from "@solana/web3.js";
import { describeError } from "@loss-mutualization/sdk";
import { action, globals, pk, program, progress } from "./commands/common";
// The commands, in the order `lm --help` lists them.
import "./commands/localnet";
import "./commands/operator";
import "./commands/governance";
import "./commands/wallet";
import "./commands/read";

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
    const expectAdmin = globals().expectAdmin;
    // Loaded here, not at start-up: esbuild and the page's modules are only for this command.
    /* eslint-disable @typescript-eslint/no-require-imports */
    require("tsx/cjs"); // the compiled CLI loads the dashboard's TypeScript modules as they are
    const { ensureDashboardBuilt } = require("../dashboard/build") as typeof import("../dashboard/build");
    const { connectMarket } = require("../dashboard/model") as typeof import("../dashboard/model");
    const { dashboardUrl, serveDashboard, wsUrlFor } = require("../dashboard/server") as typeof import("../dashboard/server");
    if (await ensureDashboardBuilt()) progress("built dashboard/dist/main.js");
    try {
      await connectMarket(new Connection(url, "confirmed"), pk(market, "--market"), expectAdmin ? pk(expectAdmin, "--expect-admin") : undefined);
    } catch (err) {
      progress(`warning: cannot read market ${market} at ${url} now (${describeError(err)}); serving anyway`);
    }
    const ws = opts.ws ?? wsUrlFor(url);
    // The page reads only through these two (it refuses a link's other ?rpc= or ?ws=).
    const server = await serveDashboard({ port: Number(opts.port), host: opts.host, rpcUrls: [url], wsUrls: [ws] });
    const link = dashboardUrl(server.url, { rpc: url, ws, market, wallet: opts.wallet && pk(opts.wallet, "--wallet").toBase58() });
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

// Every command that keeps running (keeper, dashboard, events --follow) awaits its own end, so
// once the command has returned, exit: a subscription socket the RPC keeps open must not keep
// a one-shot command (a deposit, a status) from ending.
program.parseAsync(process.argv).then(() => process.exit(process.exitCode ?? 0));
