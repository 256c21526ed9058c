/**
 * Serves the dashboard's static files (node:http) and, for JSON-RPC endpoints that do not send
 * CORS headers (the local validator does not), a same-origin relay: `POST /rpc?to=<url>`
 * forwards the body to `<url>`, only for the RPC URLs the server was started with (no open
 * proxy); `GET /rpc` lists them. The page uses the relay for those URLs and calls any other RPC
 * directly; PubSub (WebSocket) is always direct, as browsers do not apply CORS to WebSockets.
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

export async function serveDashboard(opts: { port?: number; host?: string; rpcUrls: string[] }): Promise<DashboardServer> {
  const allowed = new Set(opts.rpcUrls.map(canonical));
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
      res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json", "cache-control": "no-store" });
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
    const foreign = foreignRequest(req, hosts);
    if (foreign) {
      res.writeHead(403, { "content-type": "text/plain" }).end(`refused: ${foreign}`);
      return;
    }
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/rpc") {
      if (req.method === "GET") {
        // The page asks which RPC URLs this server relays (so it uses the relay without a failed CORS attempt first).
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify({ relays: [...allowed] }));
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
