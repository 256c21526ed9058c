/**
 * The dashboard's server survives what any web page can send it and serves only its own page
 * (issue 21, items 3, 4 and 5): a malformed path gets 400 and the server keeps serving; a relay
 * body over 50 KiB gets 413 without being read whole; a foreign Host (DNS rebinding) or Origin,
 * another content type, or a method the page does not use (airdrops, transactions) is refused;
 * each well-formed twin is served or relayed. Item 2: every response carries a strict
 * Content-Security-Policy whose connect-src is this origin and the configured PubSub URLs only;
 * `GET /rpc` names the endpoints the page may use; a relayed answer is JSON whatever the RPC
 * says; a server is not started for an endpoint that is not an http(s) / ws(s) URL.
 */
import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import { contentSecurityPolicy, MAX_RELAY_BODY, serveDashboard } from "../dashboard/server";

/** A raw request (fetch would normalize the path), returning the status. */
function send(url: string, path: string, method = "GET", body?: Buffer, headers: Record<string, string> = {}): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method, headers: { "content-type": "application/json", ...headers } }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode ?? 0));
    });
    req.on("error", (err) => ((err as NodeJS.ErrnoException).code === "ECONNRESET" ? done(-1) : fail(err)));
    req.end(body);
  });
}

describe("dashboard server", () => {
  const rpc = "http://127.0.0.1:1/"; // nothing answers there: a relayed request gets 502

  it("answers a malformed path with 400 and keeps serving the page", async () => {
    const server = await serveDashboard({ port: 0, rpcUrls: [rpc] });
    try {
      assert.equal(await send(server.url, "/%E0%A4%A"), 400);
      assert.equal(await send(server.url, "/"), 200);
      assert.equal(await send(server.url, "/%2e%2e/%2e%2e/package.json"), 404);
    } finally {
      await server.close();
    }
  });

  it("refuses a relay body over the cap with 413; the well-formed twin is relayed", async () => {
    const server = await serveDashboard({ port: 0, rpcUrls: [rpc] });
    try {
      const path = `/rpc?to=${encodeURIComponent(rpc)}`;
      const big = await send(server.url, path, "POST", Buffer.alloc(MAX_RELAY_BODY + 1, 0x20));
      assert.ok(big === 413 || big === -1, `status ${big}`);
      const small = Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getSlot" }));
      assert.equal(await send(server.url, path, "POST", small), 502, "relayed (to an RPC that is not there)");
      assert.equal(await send(server.url, "/"), 200);
    } finally {
      await server.close();
    }
  });

  it("serves only its own page: foreign Host or Origin, other content types and write methods are refused", async () => {
    const server = await serveDashboard({ port: 0, rpcUrls: [rpc] });
    try {
      const path = `/rpc?to=${encodeURIComponent(rpc)}`;
      const call = (method: string) => Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }));
      const own = new URL(server.url).host;
      // A DNS-rebinding page reaches the server under its own host name: refused, page and relay list too.
      assert.equal(await send(server.url, "/", "GET", undefined, { host: `evil.example:${new URL(server.url).port}` }), 403);
      assert.equal(await send(server.url, "/rpc", "GET", undefined, { host: "evil.example" }), 403);
      // Another page posting to the relay from the browser.
      assert.equal(await send(server.url, path, "POST", call("getSlot"), { origin: "http://evil.example" }), 403);
      assert.equal(await send(server.url, path, "POST", call("getSlot"), { "content-type": "text/plain" }), 415);
      for (const method of ["requestAirdrop", "sendTransaction", "simulateTransaction"]) {
        assert.equal(await send(server.url, path, "POST", call(method), { origin: `http://${own}` }), 403, method);
      }
      const batch = Buffer.from(JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "getSlot" }, { jsonrpc: "2.0", id: 2, method: "requestAirdrop" }]));
      assert.equal(await send(server.url, path, "POST", batch), 403);
      // The twins: the page from its own origin, a read relayed (to an RPC that is not there: 502).
      assert.equal(await send(server.url, "/", "GET", undefined, { host: own }), 200);
      assert.equal(await send(server.url, path, "POST", call("getSlot"), { origin: `http://${own}` }), 502);
      assert.equal(await send(server.url, path, "POST", Buffer.from(JSON.stringify([{ jsonrpc: "2.0", id: 1, method: "getAccountInfo" }]))), 502);
    } finally {
      await server.close();
    }
  });

  it("sends a strict Content-Security-Policy on every response; GET /rpc names the endpoints the page may use", async () => {
    const server = await serveDashboard({ port: 0, rpcUrls: [rpc], wsUrls: ["ws://127.0.0.1:2/path"] });
    try {
      const policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:2; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; require-trusted-types-for 'script'; trusted-types 'none'";
      assert.equal(contentSecurityPolicy(["ws://127.0.0.1:2/path"]), policy);
      for (const path of ["/", "/style.css", "/dist/main.js", "/nothing-here", "/rpc"]) {
        const res = await fetch(new URL(path, server.url));
        assert.equal(res.headers.get("content-security-policy"), policy, path);
        assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
        assert.equal(res.headers.get("referrer-policy"), "no-referrer", path);
        if (path === "/rpc") assert.deepEqual(await res.json(), { relays: [rpc], pubsub: ["ws://127.0.0.1:2/path"] });
      }
    } finally {
      await server.close();
    }
    // Without wsUrls: each RPC's port + 1, as the CLI's default.
    const other = await serveDashboard({ port: 0, rpcUrls: ["http://127.0.0.1:8899"] });
    try {
      assert.deepEqual(await (await fetch(new URL("/rpc", other.url))).json(), { relays: ["http://127.0.0.1:8899/"], pubsub: ["ws://127.0.0.1:8900/"] });
      assert.match((await fetch(other.url)).headers.get("content-security-policy")!, / connect-src 'self' ws:\/\/127\.0\.0\.1:8900; /);
    } finally {
      await other.close();
    }
  });

  it("is not started for an endpoint that is not an http(s) / ws(s) URL (nothing can be slipped into the policy); the twin starts", async () => {
    await assert.rejects(serveDashboard({ port: 0, rpcUrls: ["javascript:alert(1)"] }), /not a http: or https: URL: javascript:alert\(1\)/);
    await assert.rejects(serveDashboard({ port: 0, rpcUrls: [rpc], wsUrls: ["http://127.0.0.1:2"] }), /not a ws: or wss: URL/);
    await assert.rejects(serveDashboard({ port: 0, rpcUrls: [rpc], wsUrls: ["ws://a b; script-src *"] }), /not a ws: or wss: URL/);
    const server = await serveDashboard({ port: 0, rpcUrls: ["https://rpc.example/key"], wsUrls: ["wss://rpc.example/key"] });
    await server.close();
  });

  it("answers a relayed call as JSON even when the RPC says it sent HTML", async () => {
    const liar = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end("<script>window.__pwned=1</script>"));
    await new Promise<void>((done) => liar.listen(0, "127.0.0.1", done));
    const upstream = `http://127.0.0.1:${(liar.address() as { port: number }).port}/`;
    const server = await serveDashboard({ port: 0, rpcUrls: [upstream] });
    try {
      const res = await fetch(new URL(`/rpc?to=${encodeURIComponent(upstream)}`, server.url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getSlot" }),
      });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/json");
      assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    } finally {
      await server.close();
      liar.closeAllConnections();
      await new Promise((done) => liar.close(done));
    }
  });
});
