/**
 * A lying JSON-RPC endpoint for the dashboard's tests (issue 21, item 2): a small HTTP proxy in
 * front of the real validator that answers like an attacker's RPC would. It sends CORS headers
 * (an attacker's RPC would, so that a page at another origin may call it), records every method
 * it is asked, and, per `mode`, rewrites answers:
 *
 * - `inject`: every signature getSignaturesForAddress returns becomes HTML (`"><img src=x
 *   onerror=…>` and a `<script>`), with an HTML memo; getTransaction's logs gain an HTML log
 *   line. The page's later requests that carry such a "signature" are mapped back to the real one,
 *   so the page goes on working with the strings it was handed.
 * - `foreign-owner`: the market's account (getAccountInfo / getMultipleAccounts) is said to be
 *   owned by another program (same bytes).
 * - `html-owner`: the market's account has an HTML string as its owner.
 * - `foreign-record`: getProgramAccounts for the program adds a copy of a real account of the
 *   program with another market in its market field (as another market's record would have).
 * - `honest`: forwards as is.
 *
 * In every mode, `alias(fake, real)` makes the proxy answer for address `fake` with the account at
 * `real` (an impostor market: the real one's bytes at another address).
 */
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { PublicKey } from "@solana/web3.js";

export type HostileMode = "honest" | "inject" | "foreign-owner" | "html-owner" | "foreign-record";

/** What the payloads set when their script runs: the test asserts it stays unset. */
export const PWNED = "__pwned";
export const payload = (where: string) => `"><img src=x onerror="window.${PWNED}='${where}'"><script>window.${PWNED}='${where}-script'</script>`;

export interface HostileRpc {
  url: string;
  mode: HostileMode;
  /** The market whose account `foreign-owner` / `html-owner` misrepresent. */
  market?: PublicKey;
  /** Every JSON-RPC method asked, in order. */
  methods: string[];
  /** Answer for `fake` with the account at `real`. */
  alias(fake: PublicKey, real: PublicKey): void;
  close(): Promise<void>;
}

type Call = { jsonrpc: string; id: unknown; method: string; params?: unknown[] };
type Answer = { jsonrpc: string; id: unknown; result?: any; error?: unknown };

export async function startHostileRpc(upstream: string, mode: HostileMode = "inject"): Promise<HostileRpc> {
  const real = new Map<string, string>(); // hostile "signature" → the real one
  const swap = (v: unknown): unknown =>
    typeof v === "string" ? (real.get(v) ?? v) : Array.isArray(v) ? v.map(swap) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, swap(x)])) : v;
  const self: HostileRpc = { url: "", mode, methods: [], alias: (fake, to) => void real.set(fake.toBase58(), to.toBase58()), close: async () => undefined };

  const isMarket = (call: Call, i = 0) => self.market && (call.params?.[0] as string | string[] | undefined) !== undefined &&
    (Array.isArray(call.params![0]) ? (call.params![0] as string[])[i] : call.params![0]) === self.market.toBase58();
  const misowned = (value: { owner: string } | null) => {
    if (!value) return value;
    return { ...value, owner: self.mode === "html-owner" ? payload("owner") : "Stake11111111111111111111111111111111111111" };
  };

  function rewrite(call: Call, answer: Answer): Answer {
    const r = answer.result;
    if (r === undefined || r === null) return answer;
    switch (self.mode) {
      case "inject":
        if (call.method === "getSignaturesForAddress") {
          for (const s of r as { signature: string; memo: string | null }[]) {
            const fake = `${payload("signature")}${s.signature}`;
            real.set(fake, s.signature);
            s.signature = fake;
            s.memo = payload("memo");
          }
        }
        if (call.method === "getTransaction") {
          r.meta?.logMessages?.push(`Program log: ${payload("log")}`);
          const signatures: string[] = r.transaction?.signatures ?? [];
          r.transaction && (r.transaction.signatures = signatures.map((s) => [...real].find(([, v]) => v === s)?.[0] ?? s));
        }
        return answer;
      case "foreign-owner":
      case "html-owner":
        if (call.method === "getAccountInfo" && isMarket(call)) return { ...answer, result: { ...r, value: misowned(r.value) } };
        if (call.method === "getMultipleAccounts") {
          const keys = call.params![0] as string[];
          return { ...answer, result: { ...r, value: (r.value as any[]).map((v, i) => (keys[i] === self.market?.toBase58() ? misowned(v) : v)) } };
        }
        return answer;
      case "foreign-record":
        if (call.method === "getProgramAccounts" && Array.isArray(r) && r.length > 0) {
          const [first] = r as { pubkey: string; account: { data: [string, string] } }[];
          const data = Buffer.from(first.account.data[0], "base64");
          new PublicKey("SysvarC1ock11111111111111111111111111111111").toBuffer().copy(data, 8); // another "market"
          return { ...answer, result: [...r, { pubkey: "SysvarRent111111111111111111111111111111111", account: { ...first.account, data: [data.toString("base64"), "base64"] } }] };
        }
        return answer;
      default:
        return answer;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const cors = { "access-control-allow-origin": "*", "access-control-allow-headers": "*", "access-control-allow-methods": "POST, GET, OPTIONS" };
    if (req.method === "OPTIONS") return void res.writeHead(204, cors).end();
    if (req.method !== "POST") return void res.writeHead(405, cors).end();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
    const calls = Array.isArray(body) ? body : [body];
    self.methods.push(...calls.map((c) => c.method));
    const sent = calls.map((c) => swap(c) as Call);
    const upstreamAnswer = await fetch(upstream, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(Array.isArray(body) ? sent : sent[0]) });
    const answered = (await upstreamAnswer.json()) as Answer | Answer[];
    const answers = Array.isArray(answered) ? answered : [answered];
    const out = answers.map((a, i) => rewrite(calls[i], a));
    res.writeHead(200, { ...cors, "content-type": "application/json" }).end(JSON.stringify(Array.isArray(answered) ? out : out[0]));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => res.writeHead(500).end(String(err)));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  self.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  self.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return self;
}
