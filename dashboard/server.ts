/**
 * Serves the dashboard's static files (node:http) and, for JSON-RPC endpoints that do not send
 * CORS headers (the local validator does not), a same-origin relay: `POST /rpc?to=<url>`
 * forwards the body to `<url>`, only for the RPC URLs the server was started with (no open
 * proxy); `GET /rpc` lists them and the PubSub (WebSocket) URLs the page may use. The page reads
 * only through the relay, and refuses a link's `?rpc=` or `?ws=` that is not on these lists
 * (issue 21, item 2: an RPC from a link could make the page show anything).
 *
 * Every response carries a strict Content-Security-Policy (`contentSecurityPolicy`): scripts and
 * styles from this origin only, no inline script or event handler, connections only to this
 * origin (the relay) and the configured PubSub URLs, Trusted Types required for HTML sinks, no
 * framing, no `<base>`, no form submission.
 */
import { createServer, IncomingMessage, ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import { DASHBOARD_DIR } from "./build";
import { foreignRequest, ownHosts, unrelayable } from "./relay-policy";

/** Largest relayed JSON-RPC request body (the agave RPC's own limit is 50 KiB). */
export const MAX_RELAY_BODY = 50 * 1024;

export interface DashboardServer {
  /** Base URL, e.g. http://127.0.0.1:8080/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface DashboardParams {
  rpc: string;
  ws: string;
  market: string;
  wallet?: string;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The PubSub URL that goes with an RPC URL: port + 1 when a port is given (as localnet.ts and web3.js do). */
export function wsUrlFor(rpc: string): string {
  const ws = new URL(rpc);
  ws.protocol = ws.protocol === "https:" ? "wss:" : "ws:";
  if (ws.port) ws.port = String(Number(ws.port) + 1);
  return ws.toString().replace(/\/$/, "");
}

/** The page's address with its parameters. */
export function dashboardUrl(base: string, params: DashboardParams): string {
  const url = new URL(base);
  url.searchParams.set("rpc", params.rpc);
  url.searchParams.set("ws", params.ws);
  url.searchParams.set("market", params.market);
  if (params.wallet) url.searchParams.set("wallet", params.wallet);
  return url.toString();
}

const canonical = (u: string) => {
  try {
    return new URL(u).toString();
  } catch {
    return "";
  }
};

/** A configured endpoint, canonical, or an error when it is not a URL of one of `protocols`. */
function endpoint(url: string, protocols: string[]): string {
  const u = canonical(url);
  if (!u || !protocols.includes(new URL(u).protocol)) throw new Error(`not a ${protocols.join(" or ")} URL: ${url}`);
  return u;
}

/**
 * The page's Content-Security-Policy: what it really needs. Its one script and its stylesheet
 * come from this origin (chart.js sizes its canvases through the CSSOM, which style-src does not
 * restrict, so no 'unsafe-inline' for styles either); it connects to this origin (the relay) and
 * to the PubSub URLs (origins only); the favicon is a data: URL.
 */
export function contentSecurityPolicy(wsUrls: string[]): string {
  const pubsub = wsUrls.map((u) => new URL(endpoint(u, ["ws:", "wss:"])).origin);
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${["'self'", ...new Set(pubsub)].join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join("; ");
}

/**
 * Serve the page for `rpcUrls` (relayed) and `wsUrls` (PubSub, direct from the browser; default:
 * each RPC URL's port + 1). Nothing else: the page refuses other endpoints.
 */
export async function serveDashboard(opts: { port?: number; host?: string; rpcUrls: string[]; wsUrls?: string[] }): Promise<DashboardServer> {
  const allowed = new Set(opts.rpcUrls.map((u) => endpoint(u, ["http:", "https:"])));
  const pubsub = new Set((opts.wsUrls ?? opts.rpcUrls.map(wsUrlFor)).map((u) => endpoint(u, ["ws:", "wss:"])));
  /** On every response. */
  const headers = {
    "content-security-policy": contentSecurityPolicy([...pubsub]),
    "x-content-type-options": "nosniff",
    // The page's address holds the RPC URL (API keys in it): never sent on.
    "referrer-policy": "no-referrer",
  };
  const host = opts.host ?? "127.0.0.1";

  async function relay(req: IncomingMessage, res: ServerResponse, to: string) {
    if (!(req.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
      res.writeHead(415, { "content-type": "text/plain" }).end("the relay takes application/json only");
      return;
    }
    if (!allowed.has(canonical(to))) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`not relaying to ${to}: this server relays only to ${[...allowed].join(", ")}`);
      return;
    }
    // The page's requests are small: a cap keeps one request from holding the server's memory.
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_RELAY_BODY) {
        res.writeHead(413, { "content-type": "text/plain", connection: "close" }).end(`request body over ${MAX_RELAY_BODY} bytes`);
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    const refused = unrelayable(Buffer.concat(chunks));
    if (refused) {
      res.writeHead(403, { "content-type": "text/plain" }).end(refused);
      return;
    }
    try {
      const upstream = await fetch(to, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      // Always JSON, whatever the RPC says it sent (never HTML on this origin).
      res.writeHead(upstream.status, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    } catch (err) {
      res.writeHead(502, { "content-type": "text/plain" }).end(`RPC unreachable: ${(err as Error).message}`);
    }
  }

  async function file(res: ServerResponse, pathname: string) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname === "/" ? "/index.html" : pathname);
    } catch {
      // A malformed escape (e.g. `/%E0%A4%A`) is the client's error, not a reason to stop serving.
      res.writeHead(400, { "content-type": "text/plain" }).end("malformed path");
      return;
    }
    const relative = normalize(decoded).replace(/^([/\\])+/, "");
    const path = join(DASHBOARD_DIR, relative);
    const servable = relative === "index.html" || relative === "style.css" || relative.startsWith(`dist${sep}`);
    if (!servable || !path.startsWith(DASHBOARD_DIR + sep)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  }

  let hosts = new Set<string>();
  const server = createServer((req, res) => {
    for (const [name, v] of Object.entries(headers)) res.setHeader(name, v);
    const foreign = foreignRequest(req, hosts);
    if (foreign) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`refused: ${foreign}`);
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/rpc") {
      if (req.method === "GET") {
        // The page asks which RPC URLs this server relays and which PubSub URLs it may use: it refuses any other.
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ relays: [...allowed], pubsub: [...pubsub] }));
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(405, { allow: "GET, POST" }).end();
        return;
      }
      void relay(req, res, url.searchParams.get("to") ?? "");
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET" }).end();
      return;
    }
    void file(res, url.pathname);
  });
  await new Promise<void>((done, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 8080, host, () => done());
  });
  const port = (server.address() as { port: number }).port;
  hosts = ownHosts(host, port);
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
