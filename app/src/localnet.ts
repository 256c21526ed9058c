/**
 * Start the local validator for scripts and tests: localnet/'s lm-surfpool, an offline Surfpool surfnet
 * (surfpool-core) in clock mode with 400 ms slots serving the programs of Anchor.toml (their bytecode in
 * target/deploy), built by scripts/build-surfpool.sh into LM_SURFPOOL_TARGET_DIR (default
 * ~/.cache/lm-surfpool-target; LM_SURFPOOL_BIN names another binary). Or use the validator at
 * ANCHOR_PROVIDER_URL when it answers (e.g. the Surfpool that `anchor test` started).
 */
import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

export interface Localnet {
  url: string;
  wsUrl: string;
  /** The validator's process id when this process started it (tests read its memory use). */
  pid?: number;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "getVersion" }),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/** localnet/'s lm-surfpool, built (its own workspace and lock) when missing: ~12 min cold. */
export function surfpoolBinary(): string {
  if (process.env.LM_SURFPOOL_BIN) return process.env.LM_SURFPOOL_BIN;
  const target = process.env.LM_SURFPOOL_TARGET_DIR ?? join(process.env.HOME ?? ROOT, ".cache", "lm-surfpool-target");
  const binary = join(target, "debug", "lm-surfpool");
  if (!existsSync(binary)) {
    console.error("… building Surfpool's local validator (scripts/build-surfpool.sh; ~12 min on 2 cores the first time)");
    execFileSync(join(ROOT, "scripts", "build-surfpool.sh"), [], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, LM_SURFPOOL_TARGET_DIR: target } });
  }
  return binary;
}

export async function startLocalnet(rpcPort = 8899, log = false, extraArgs: string[] = []): Promise<Localnet> {
  const external = process.env.ANCHOR_PROVIDER_URL;
  if (external && extraArgs.length === 0 && (await answers(external))) {
    const ws = new URL(external);
    ws.protocol = ws.protocol === "https:" ? "wss:" : "ws:";
    ws.port = String(Number(ws.port || 80) + 1);
    return { url: external, wsUrl: ws.toString(), stop: async () => {} };
  }
  const url = `http://127.0.0.1:${rpcPort}`;
  if (await answers(url)) throw new Error(`something already answers at ${url}; stop it or set ANCHOR_PROVIDER_URL`);
  const kind = "lm-surfpool";
  // lm-surfpool finds the programs from Anchor.toml (cwd: the root).
  const child: ChildProcess = spawn(surfpoolBinary(), ["--rpc-port", String(rpcPort), "--ws-port", String(rpcPort + 1), ...extraArgs], {
    stdio: log ? "inherit" : "ignore",
    cwd: ROOT,
  });
  for (let i = 0; i < 300 && !(await answers(url)); i++) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await answers(url))) throw new Error(`${kind} did not start`);
  return {
    url,
    wsUrl: `ws://127.0.0.1:${rpcPort + 1}`,
    pid: child.pid,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
        // It exits within about 3 s of SIGTERM; never wait on it longer than 5.
        setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}
