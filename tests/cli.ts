/**
 * Running `lm` (bin/lm.js) from a spec: a keypair written to a file as solana-keygen writes it,
 * and one run's exit code, stdout and stderr.
 */
import { Keypair } from "@solana/web3.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "lm-cli-"));
let files = 0;

/** `keypair` in a new keypair file (a JSON array of its 64 secret-key bytes); its path. */
export function keypairFile(keypair: Keypair): string {
  const path = join(dir, `key-${files++}.json`);
  writeFileSync(path, JSON.stringify([...keypair.secretKey]));
  return path;
}

export interface LmRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `lm <args>` to its end. */
export function lm(args: string[]): LmRun {
  const run = spawnSync(process.execPath, [resolve(__dirname, "../bin/lm.js"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
