/**
 * What every `lm` command shares: the program and its global options, the output schema, the
 * signer and the market's client (checked against --expect-admin), amounts, error reporting.
 */
import { Command } from "commander";
import { Connection, PublicKey } from "@solana/web3.js";
import { createAssociatedTokenAccountIdempotentInstruction, getAssociatedTokenAddressSync, unpackMint } from "@solana/spl-token";
import { homedir } from "node:os";
import { version } from "../../package.json";
import { LossMutualizationClient, MarketKeys, marketKeys, parseAmount, SentWithResolutions } from "@loss-mutualization/sdk";
import { address, explain, loadKeypair, loadMarket } from "./errors";

export { loadKeypair };

export const program = new Command();
program
  .name("lm")
  .description("Loss mutualization: insurance fund, proportional clawback, principal haircut")
  .version(version)
  .option("-u, --url <url>", "JSON-RPC URL", process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899")
  .option("-k, --keypair <path>", "signer keypair file", `${homedir()}/.config/solana/id.json`)
  .option("-m, --market <pubkey>", "market address (or LM_MARKET)", process.env.LM_MARKET)
  .option("--expect-admin <pubkey>", "refuse the market unless this key is its admin (or LM_EXPECT_ADMIN)", process.env.LM_EXPECT_ADMIN)
  .option("--max-wait <secs>", "longest wait for a liquidation's window to end before resolving its loss", process.env.LM_MAX_WAIT ?? "120")
  .option("--json", "machine-readable output")
  .showHelpAfterError();

type Globals = { url: string; keypair: string; market?: string; expectAdmin?: string; maxWait: string; json?: boolean };
export const globals = () => program.opts<Globals>();

export const replacer = (_: string, v: unknown) =>
  typeof v === "bigint" ? v.toString() : v instanceof PublicKey ? v.toBase58() : v;

/**
 * The one output schema. Tables by default; with --json, an object per result (an array of
 * them for lists) where every amount is an integer string of base units, every ratio a number
 * (a fraction: 0.25 is 25 %), keys are camelCase, and results about a market carry the
 * collateral's `decimals` so that amounts can be shown in tokens.
 */
let marketDecimals: number | undefined;
const isRatio = (key: string) => /(Ratio|Share)$/.test(key);

export function output(title: string, data: Record<string, unknown> | Record<string, unknown>[]) {
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

export const progress = (message: string) => {
  if (!globals().json) console.error(`… ${message}`);
};

export const iso = (unix: number) => (unix ? new Date(unix * 1000).toISOString() : "-");

/** The signer, a connection, and a client of --market (checked against --expect-admin). */
export async function context(needMarket = true) {
  const { url, keypair, market, expectAdmin, maxWait } = globals();
  const signer = loadKeypair(keypair);
  const connection = new Connection(url, "confirmed");
  let keys: MarketKeys = marketKeys(PublicKey.default, PublicKey.default, 0);
  if (needMarket) {
    if (!market) throw new Error("no market: pass --market <pubkey> or set LM_MARKET (`lm market --creator <key> --mint <mint> --market-id <n>` derives it)");
    const found = await loadMarket(connection, address(market, "--market"), expectAdmin ? address(expectAdmin, "--expect-admin") : undefined);
    keys = found.keys;
    marketDecimals = found.decimals;
  }
  const client = new LossMutualizationClient(connection, signer, keys);
  client.onRetry = (message) => console.error(`… ${message}`);
  client.maxLiquidationWaitSecs = Number(maxWait);
  client.onLiquidationWait = ({ liquidation, secondsLeft }) =>
    progress(`a liquidation is in progress until ${iso(liquidation.endsAt)}: only the clearing authority may resolve it before then; waiting ${secondsLeft} s to resolve it first`);
  return { connection, signer, client, decimals: marketDecimals ?? 0 };
}

/**
 * Amounts: every command that takes one reads it in token units of the collateral (the market's
 * mint, whose decimals come from the chain: `100.5` at 6 decimals is 100,500,000 base units), or
 * in whole base units with `--base-units` (amount.ts refuses anything else, by name).
 */
export const BASE_UNITS: [flag: string, description: string] = ["--base-units", "amounts are whole base units, not tokens"];

/** The amount `text` (called `name` in messages) in base units, for a mint of `decimals`. */
export function amount(text: string, decimals: number, opts: { baseUnits?: boolean }, name = "amount"): bigint {
  if (opts.baseUnits) return parseAmount(text, { name, hint: "--base-units takes a whole number such as 100500000" });
  return parseAmount(text, { name, decimals, hint: "amounts are token units such as 100.5, or base units with --base-units" });
}

/** SOL in lamports (9 decimals), called `name` in messages. */
export const sol = (text: string, name: string) => parseAmount(text, { name, decimals: 9, hint: "SOL amounts are such as 0.5" });

/** The decimals and token program of the mint at `mint` (given as --mint), read from the chain. */
export async function mintOf(connection: Connection, mint: PublicKey): Promise<{ decimals: number; tokenProgram: PublicKey }> {
  const info = await connection.getAccountInfo(mint, "confirmed");
  if (!info) throw new Error(`--mint: no account exists at ${mint.toBase58()} on ${connection.rpcEndpoint}`);
  try {
    return { decimals: unpackMint(mint, info, info.owner).decimals, tokenProgram: info.owner };
  } catch {
    throw new Error(`--mint: ${mint.toBase58()} is not a mint of the SPL Token or Token-2022 program`);
  }
}

/** An address given as an argument or option named `what` (`--winner`, `owner`, …). */
export const pk = (text: string, what = "address") => address(text, what);

export function action(fn: (...args: any[]) => Promise<void>) {
  return async (...args: any[]) => {
    try {
      await fn(...args);
    } catch (err) {
      let payer: PublicKey | undefined;
      try {
        payer = loadKeypair(globals().keypair).publicKey;
      } catch {
        // the failure was the keypair file itself
      }
      console.error(`error: ${await explain(err, globals().url, payer)}`);
      process.exitCode = 1;
    }
  };
}

/**
 * The pending losses a send path resolved in front of its instruction, with their split (from
 * the ShortfallResolved events of the transaction), as `{ resolvedFirst: [...] }`, or nothing.
 */
export async function resolvedFirst(client: LossMutualizationClient, sent: SentWithResolutions): Promise<Record<string, unknown>> {
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

export async function ensureAta(client: LossMutualizationClient, owner: PublicKey) {
  const ata = getAssociatedTokenAddressSync(client.keys.mint, owner, true, client.keys.tokenProgram);
  if (!(await client.connection.getAccountInfo(ata))) {
    progress(`creating token account ${ata.toBase58()}`);
    await client.send([createAssociatedTokenAccountIdempotentInstruction(client.payer.publicKey, ata, owner, client.keys.mint, client.keys.tokenProgram)]);
  }
  return ata;
}
