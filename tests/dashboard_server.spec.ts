/**
 * The dashboard's server survives what any web page can send it (issue 21, items 3 and 5): a
 * malformed path gets 400 and the server keeps serving; a relay body over 50 KiB gets 413 without
 * being read whole, and the well-formed twin reaches the relay.
 */
import assert from "node:assert/strict";
import { request } from "node:http";
import { MAX_RELAY_BODY, serveDashboard } from "../app/dashboard/server";

/** A raw request (fetch would normalize the path), returning the status. */
function send(url: string, path: string, method = "GET", body?: Buffer): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ hostname, port, path, method, headers: { "content-type": "application/json" } }, (res) => {
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
});
