/**
 * What the dashboard's server accepts (issue 21, item 4). The page needs reads only, from its own
 * origin: a request with another Host (a DNS-rebinding page) or another Origin (any other page)
 * is refused, the relay takes `application/json` only, and it forwards only the read methods the
 * page uses (never `requestAirdrop`, `sendTransaction` and the like).
 */
import { IncomingMessage } from "node:http";

/** JSON-RPC methods the page's reads use (`@solana/web3.js` and the SDK's read side). */
export const RELAYED_METHODS = new Set([
  "getAccountInfo",
  "getMultipleAccounts",
  "getProgramAccounts",
  "getSignaturesForAddress",
  "getTransaction",
  "getSlot",
  "getBlockHeight",
  "getBalance",
  "getTokenAccountBalance",
  "getMinimumBalanceForRentExemption",
  "getLatestBlockhash",
  "getEpochInfo",
  "getVersion",
  "getHealth",
  "getGenesisHash",
  "getSignatureStatuses",
]);

/** The Host values this server answers to: its own address, and `localhost` for 127.0.0.1. */
export function ownHosts(host: string, port: number): Set<string> {
  const hosts = new Set([`${host}:${port}`]);
  if (host === "127.0.0.1") hosts.add(`localhost:${port}`);
  return hosts;
}

/** Why a request from elsewhere is refused, or null when it comes from the page's own origin. */
export function foreignRequest(req: IncomingMessage, hosts: Set<string>): string | null {
  const host = req.headers.host ?? "";
  if (!hosts.has(host)) return `Host ${host || "(none)"} is not this server`;
  const origin = req.headers.origin;
  if (origin !== undefined && ![...hosts].some((h) => origin === `http://${h}`)) return `Origin ${origin} is not this page`;
  return null;
}

/** Why a relay body is refused (not JSON-RPC, or a method the page does not use), or null. */
export function unrelayable(body: Buffer): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    return "not JSON";
  }
  const calls = Array.isArray(parsed) ? parsed : [parsed];
  if (calls.length === 0) return "an empty batch";
  for (const call of calls) {
    const method = (call as { method?: unknown } | null)?.method;
    if (typeof method !== "string" || !RELAYED_METHODS.has(method)) return `method ${String(method)} is not relayed (the page only reads)`;
  }
  return null;
}
