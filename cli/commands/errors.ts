/**
 * What `lm` says when something expected goes wrong, in words a person can act on and without a
 * stack trace: a keypair file that is missing or is not one, an address that is not a market, an
 * RPC that does not answer, an amount it refuses, and a failed transaction by its named error
 * (the program's, or that of the token or System program it called; errors.ts).
 */
import { Connection, PublicKey, SystemProgram } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";
import { Keypair } from "@solana/web3.js";
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { AmountError, describeError, loadMarketKeys, MarketIdentity, PROGRAM_ID } from "@loss-mutualization/sdk";
import { ACCOUNTS_CODER } from "@loss-mutualization/sdk";

/** What a keypair file is, and how to make one at `file`. */
const keypairFormat = (file: string) =>
  `a keypair file is a JSON array of 64 numbers from 0 to 255 (a secret key), as \`solana-keygen new -o ${file}\` makes one`;

/** Why parsed keypair-file content is not a keypair (never quoting it: it may be a secret in another format). */
function keypairProblem(content: unknown): string | null {
  if (!Array.isArray(content)) return `holds a JSON ${content === null ? "null" : typeof content}, not an array`;
  if (content.length !== 64) return `holds an array of ${content.length} values, not 64`;
  if (!content.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return "holds values that are not numbers from 0 to 255";
  return null;
}

/** The signer in a keypair file (`~` is the home directory); a missing or malformed file is explained. */
export function loadKeypair(path: string): Keypair {
  const file = path.replace(/^~/, homedir());
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
    throw new Error(`cannot read the keypair file ${file} (${code}); ${keypairFormat(file)}, or pass another with --keypair <path>`);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch {
    throw new Error(`the keypair file ${file} is not JSON; ${keypairFormat(file)} (its content is not shown)`);
  }
  const problem = keypairProblem(content);
  if (problem) throw new Error(`the keypair file ${file} ${problem}; ${keypairFormat(file)} (its content is not shown)`);
  return Keypair.fromSecretKey(Uint8Array.from(content as number[]));
}

/** A base58 address given as `what` (an option or argument), refused by name when it is not one. */
export function address(text: string, what: string): PublicKey {
  try {
    return new PublicKey(text);
  } catch {
    throw new Error(`${what}: ${JSON.stringify(text)} is not an address (a base58 public key such as ${SystemProgram.programId.toBase58()})`);
  }
}

/** What the account at a --market address is, when it is not a market. */
function whatIsThere(owner: PublicKey, data: Buffer): string {
  if (owner.equals(SystemProgram.programId)) return "it is a wallet (an account of the System program)";
  if (owner.equals(TOKEN_PROGRAM_ID) || owner.equals(TOKEN_2022_PROGRAM_ID)) return "it is a token account or a mint";
  if (owner.equals(PROGRAM_ID)) {
    const kinds: [string, string][] = [["insuranceFund", "an insurance fund"], ["userPosition", "a position"], ["insuranceStake", "an insurance stake"], ["pendingChange", "a pending change"]];
    const kind = kinds.find(([k]) => data.subarray(0, 8).equals(ACCOUNTS_CODER.accountDiscriminator(k)));
    return `it is ${kind ? kind[1] : "another account"} of the loss-mutualization program, not a market`;
  }
  return `it is an account of the program ${owner.toBase58()}`;
}

/**
 * The market at `market` (`loadMarketKeys`, checked against `expectAdmin`); an address that holds
 * no market is refused with what is there instead.
 */
export async function loadMarket(connection: Connection, market: PublicKey, expectAdmin?: PublicKey): Promise<MarketIdentity> {
  const info = await connection.getAccountInfo(market, "confirmed");
  const isMarket = info?.owner.equals(PROGRAM_ID) && info.data.subarray(0, 8).equals(ACCOUNTS_CODER.accountDiscriminator("market"));
  if (!isMarket) {
    const what = info ? whatIsThere(info.owner, info.data) : `no account exists there on ${connection.rpcEndpoint}`;
    throw new Error(`${market.toBase58()} is not a loss-mutualization market: ${what}; pass a market's address with --market (\`lm market --creator <key> --mint <mint> --market-id <n>\` derives it)`);
  }
  // The rest (the address its fields derive, the admin) as the SDK checks it.
  return await loadMarketKeys(connection, market, { admin: expectAdmin });
}

/** Why `url` does not answer (the network error's code, e.g. ECONNREFUSED), or null if it does. */
async function unreachable(url: string): Promise<string | null> {
  try {
    await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"getHealth"}' });
    return null;
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? String((err as Error).message);
  }
}

/** The one line `lm` prints for a failure (after `error: `); `payer` is the keypair's wallet, when it loaded. */
export async function explain(err: unknown, url: string, payer?: PublicKey): Promise<string> {
  if (err instanceof AmountError) return err.message;
  const text = describeError(err);
  // The fee payer's account does not exist: it never held SOL.
  if (/AccountNotFound|no record of a prior credit/.test(text)) {
    return `the paying wallet ${payer?.toBase58() ?? "(the --keypair)"} has no SOL to pay the transaction fee (AccountNotFound); send it some SOL (on a local validator: lm airdrop 1)`;
  }
  if (/fetch failed|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|socket hang up/i.test(text)) {
    const reason = await unreachable(url);
    if (reason) return `cannot reach the RPC at ${url} (${reason}): is the validator running? Pass its URL with --url (or set ANCHOR_PROVIDER_URL)`;
  }
  return text;
}
