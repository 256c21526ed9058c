/**
 * Start the local validator (validator/, serving the program's bytecode) for scripts and tests, or use the one at
 * ANCHOR_PROVIDER_URL when it answers (e.g. `solana-test-validator` started by `anchor test`).
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

export function validatorBinary(): string {
  const target = process.env.CARGO_TARGET_DIR ?? join(ROOT, "target");
  const binary = join(target, "debug", "lm-local-validator");
  if (!existsSync(binary)) {
    console.error("… building the local validator (cargo build --ignore-rust-version -p lm-local-validator)");
    execFileSync("cargo", ["build", "--locked", "--ignore-rust-version", "-p", "lm-local-validator"], { cwd: ROOT, stdio: "inherit" });
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
  const child: ChildProcess = spawn(validatorBinary(), ["--rpc-port", String(rpcPort), "--ws-port", String(rpcPort + 1), ...extraArgs], {
    stdio: log ? "inherit" : "ignore",
  });
  for (let i = 0; i < 300 && !(await answers(url)); i++) {
    if (child.exitCode !== null) throw new Error(`lm-local-validator exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await answers(url))) throw new Error("lm-local-validator did not start");
  return {
    url,
    wsUrl: `ws://127.0.0.1:${rpcPort + 1}`,
    pid: child.pid,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
