/**
 * The keeper: two keepers resolve every bankruptcy once its window ends and race without errors
 * (measured bankruptcy-to-resolution time); a keeper survives an RPC that errors; `lm keeper
 * --once` waits for the window and resolves; a keeper logs each pending change when it appears
 * (with its countdown), when it becomes due, and when it is applied or cancelled.
 */
import assert from "node:assert/strict";
import { Connection, Keypair, PublicKey } from "@solana/web3.js";
import { getAssociatedTokenAddressSync } from "@solana/spl-token";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { Keeper, KeeperLogLine } from "../keeper/keeper";
import { LossMutualizationClient } from "@loss-mutualization/sdk";
import { Localnet } from "../app/src/localnet";
import { durationText } from "@loss-mutualization/sdk";
import { funded, localnet, SpecMarkets, specMarkets, timeTravel, until } from "./env";

let net: Localnet;

before(async () => {
  ({ net } = await localnet());
});

describe("keepers", () => {
  let admin: Keypair, risk: Keypair, clearing: Keypair, keeper: Keypair;
  let mint: PublicKey;
  let newMarket: SpecMarkets["newMarket"];
  const ata = (owner: PublicKey) => getAssociatedTokenAddressSync(mint, owner);

  before(async () => {
    ({ admin, risk, clearing, keeper, mint, newMarket } = await specMarkets());
  });


  it("two keepers resolve every bankruptcy by themselves once its window ends and race without errors; measured bankruptcy-to-resolution time", async () => {
    const { client: m, on, wallets } = await newMarket(4, { winner: 1_000_000n, loser: 0n }, { staker: 50_000n });
    const loser = on(wallets.loser);
    const keepers = [await funded(), await funded()];
    const logs: KeeperLogLine[][] = [[], []];
    const running = keepers.map((k, i) => new Keeper(on(k), { intervalMs: 500, log: (line) => logs[i].push(line) }));
    running.forEach((k) => k.start());
    const latencies: number[] = [];
    try {
      const clearingClient = on(clearing);
      for (let i = 0; i < 4; i++) {
        // A position can only go bankrupt with collateral behind it (its shortfall bound).
        await loser.deposit(wallets.loser, ata(wallets.loser.publicKey), 10_000n);
        // The bare instruction (not the SDK's send path, which would resolve it first).
        // Distinct amounts: identical transactions under one blockhash would be duplicates.
        const signature = await clearingClient.send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 40_000n + BigInt(i))], [clearing]);
        // The trade made the loser bankrupt (the keepers resolve it once its window has ended).
        const applied = (await m.events(signature)).find((e) => e.name === "pnlApplied")?.data;
        assert.equal(BigInt(applied.loserShortfall.toString()), 30_000n + BigInt(i));
        latencies.push(await until(async () => (await m.market()).pendingShortfall === 0n, 10_000, "a keeper to resolve"));
      }
    } finally {
      await Promise.all(running.map((k) => k.stop()));
    }
    const events = await m.lossEvents();
    assert.equal(events.length, 4, "each bankruptcy resolved exactly once");
    assert.ok(events.every((e) => keepers.some((k) => e.resolver.equals(k.publicKey))), "resolved by the keepers");
    assert.deepEqual(events.map((e) => [e.shortfall, e.insurancePaid + e.clawback + e.haircut]), [0n, 1n, 2n, 3n].map((i) => [30_000n + i, 30_000n + i]));
    const stats = running.map((k) => k.stats);
    assert.equal(stats[0].resolved + stats[1].resolved, 4, JSON.stringify(logs.flat().filter((l) => l.msg !== "keeper started")));
    // Each liquidation was seen while its window was open: deferred, never counted as an error.
    assert.equal(stats[0].errors + stats[1].errors, 0, JSON.stringify(logs.flat().filter((l) => l.level !== "info")));
    assert.ok(stats[0].deferred > 0 && stats[1].deferred > 0, JSON.stringify(stats));
    assert.ok(logs.flat().some((l) => l.msg.startsWith("liquidation in progress") && typeof l.liquidationEndsAt === "number"));
    assert.ok(logs.flat().some((l) => l.msg === "resolved" && typeof l.latencyMs === "number"));
    const sorted = [...latencies].sort((a, b) => a - b);
    const inKeeper = stats.flatMap((st) => st.latenciesMs);
    console.log(
      `      bankruptcy -> resolution: after the trade's confirmation ${latencies.join(", ")} ms (median ${sorted[Math.floor(sorted.length / 2)]}); ` +
        `keeper, first sight -> confirmed resolution: ${inKeeper.join(", ")} ms`,
    );
    // The 2 s window, then the keeper's wake-up and transaction.
    assert.ok(sorted[sorted.length - 1] < 6_000);
  });

  it("a keeper survives an RPC that errors and resolves once it answers again; lm keeper --once", async () => {
    const { client: m, on, wallets } = await newMarket(5, { winner: 1_000_000n, loser: 10_000n });
    let down = false;
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (down) {
        res.writeHead(503).end("unavailable");
        return;
      }
      const upstream = await fetch(net.url, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) });
      res.writeHead(upstream.status, { "content-type": "application/json" }).end(await upstream.text());
    });
    await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
    const port = (proxy.address() as { port: number }).port;
    const keeperWallet = await funded();
    const viaProxy = new LossMutualizationClient(new Connection(`http://127.0.0.1:${port}`, { commitment: "confirmed", wsEndpoint: net.wsUrl }), keeperWallet, m.keys);
    const lines: KeeperLogLine[] = [];
    const keeper = new Keeper(viaProxy, { intervalMs: 200, subscribe: false, log: (l) => lines.push(l) });
    try {
      down = true;
      keeper.start();
      await on(clearing).send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 20_000n)], [clearing]);
      await until(async () => keeper.stats.errors >= 2, 5_000, "the keeper to meet the failing RPC");
      assert.equal((await m.market()).pendingShortfall, 10_000n, "nothing resolved while the RPC is down");
      down = false;
      await until(async () => (await m.market()).pendingShortfall === 0n, 10_000, "the keeper to recover");
    } finally {
      await keeper.stop();
      proxy.close();
    }
    assert.ok(lines.some((l) => l.level === "error" && l.msg.startsWith("pass failed")));
    const [event] = await m.lossEvents();
    assert.ok(event.resolver.equals(keeperWallet.publicKey));

    // The cron mode: one pass through the CLI waits for the liquidation's window, resolves what is
    // pending and exits 0.
    await on(wallets.loser).deposit(wallets.loser, ata(wallets.loser.publicKey), 5_000n);
    await on(clearing).send([await m.applyPnlIx(clearing.publicKey, wallets.winner.publicKey, wallets.loser.publicKey, 12_000n)], [clearing]);
    const dir = mkdtempSync(join(tmpdir(), "lm-keeper-"));
    const file = join(dir, "keeper.json");
    writeFileSync(file, JSON.stringify(Array.from(keeperWallet.secretKey)));
    const out = execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", net.url, "-k", file, "--market", m.keys.market.toBase58(), "keeper", "--once", "--remind"], { encoding: "utf8" });
    const logged = out.trim().split("\n").map((l) => JSON.parse(l));
    assert.ok(logged.some((l) => l.msg === "resolved" && l.shortfall === "7000"), out);
    // --remind: the winner, who now owes clawbacks, is reminded with its exact pending charge.
    const winnerExposure = await m.exposure(wallets.winner.publicKey);
    const reminder = logged.find((l) => l.msg.startsWith("pending charge") && l.owner === wallets.winner.publicKey.toBase58());
    assert.ok(reminder, out);
    assert.deepEqual([reminder.pendingClawback, reminder.pendingHaircut], [String(winnerExposure!.pendingClawback), String(winnerExposure!.pendingHaircut)]);
    assert.ok(winnerExposure!.pendingClawback > 0n);
    assert.equal((await m.market()).pendingShortfall, 0n);
    // Nothing pending: a second pass is a quiet success.
    const again = execFileSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), "--url", net.url, "-k", file, "--market", m.keys.market.toBase58(), "keeper", "--once"], { encoding: "utf8" });
    assert.equal(again.trim(), "");
  });

  it("a keeper logs each pending change when it appears, with its countdown, when it becomes due, and when it is applied or cancelled", async () => {
    const { client: m, on } = await newMarket(6, {});
    const lines: KeeperLogLine[] = [];
    const keeper = new Keeper(on(await funded()), { intervalMs: 200, log: (l) => lines.push(l) });
    const logged = (msg: string) => lines.filter((l) => l.msg === msg);
    keeper.start();
    try {
      const first = await m.proposeChange(admin, { kind: "params", params: { maxDrawPerEvent: 700_000n, noticeSecs: 4 * 86_400 } });
      const second = await m.proposeChange(admin, { kind: "authorities", clearingAuthority: keeper.client.payer.publicKey });
      await until(async () => logged("pending change: it applies once its notice is served").length === 2, 10_000, "the keeper to log both changes");
      const [a, b] = logged("pending change: it applies once its notice is served");
      const view = (await m.pendingChange(first.seq))!;
      // What it sets, exactly, who proposed it, and when it is due and lapses (3 days of open exits, then 7).
      assert.deepEqual(
        [a.seq, a.kind, a.sets, a.proposer, a.proposedAt, a.noticeSecs, a.status, a.dueAt, a.lapsesAt, a.pendingChange],
        ["0", "params", { maxDrawPerEvent: "700000", noticeSecs: "345600" }, admin.publicKey.toBase58(), view.proposedAt, 3 * 86_400, "in notice", view.proposedAt + 3 * 86_400, view.proposedAt + 10 * 86_400, first.address.toBase58()],
      );
      assert.equal(a.countdown, durationText(a.remainingSecs as number));
      assert.ok((a.remainingSecs as number) <= 3 * 86_400 && (a.remainingSecs as number) >= 3 * 86_400 - 10, String(a.remainingSecs));
      assert.deepEqual([b.seq, b.kind, b.sets], ["1", "authorities", { clearingAuthority: keeper.client.payer.publicKey.toBase58() }]);

      // Cancelled: logged once, with who cancelled it and the transaction.
      const cancelled = await m.cancelChange(admin, second.seq);
      await until(async () => logged("change 1 cancelled").length === 1, 10_000, "the keeper to log the cancellation");
      const c = logged("change 1 cancelled")[0];
      assert.deepEqual([c.seq, c.kind, c.by, c.signature], ["1", "authorities", admin.publicKey.toBase58(), cancelled]);

      // Due after its notice, then applied (by anyone): both logged.
      await timeTravel(view.proposedAt + 3 * 86_400);
      await until(async () => logged("pending change 0 is now due").length === 1, 10_000, "the keeper to log the change due");
      assert.deepEqual([logged("pending change 0 is now due")[0].countdown, logged("pending change 0 is now due")[0].remainingSecs], [null, 0]);
      const applied = await on(keeper.client.payer).applyChange(keeper.client.payer, first.seq);
      await until(async () => logged("change 0 applied").length === 1, 10_000, "the keeper to log the application");
      const d = logged("change 0 applied")[0];
      assert.deepEqual([d.seq, d.by, d.signature, d.sets], ["0", keeper.client.payer.publicKey.toBase58(), applied.signature, { maxDrawPerEvent: "700000", noticeSecs: "345600" }]);
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(lines.filter((l) => /change/.test(l.msg)).length, 5, "each change logged once per event");
      assert.equal(keeper.stats.errors, 0);
    } finally {
      await keeper.stop();
    }
  });
});
