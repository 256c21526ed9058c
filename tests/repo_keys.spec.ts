/**
 * No deploy key in the repository (issue 21, item 9). The program's keypair used to be tracked
 * (`keys/loss_mutualization-keypair.json`) and Anchor.toml listed devnet under the same id, so
 * anyone could deploy at that id on a cluster where it was not deployed yet and hold its upgrade
 * authority. Every tracked file is scanned for a secret key in either format wallets use (a JSON
 * array of 64 bytes, or the base58 of 64 bytes); the scanner is shown to find one first.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Keypair } from "@solana/web3.js";
import { bs58 } from "@loss-mutualization/sdk";

const ROOT = resolve(__dirname, "..");

/** The secret keys `text` holds, in either format (what a wallet exports, or solana-keygen writes). */
function secretKeysIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/\[\s*(\d{1,3}\s*,\s*){63}\d{1,3}\s*\]/g)) {
    const bytes = JSON.parse(match[0]) as number[];
    if (bytes.every((b) => b <= 255)) found.push(match[0].slice(0, 12) + "…");
  }
  for (const match of text.matchAll(/\b[1-9A-HJ-NP-Za-km-z]{86,88}\b/g)) {
    try {
      if (bs58.decode(match[0]).length === 64) found.push(match[0].slice(0, 6) + "…");
    } catch {
      // not base58
    }
  }
  return found;
}

describe("no deploy key in the repository (issue 21, item 9)", () => {
  it("the scanner finds a keypair in either format (so it can fail)", () => {
    const key = Keypair.generate();
    assert.equal(secretKeysIn(JSON.stringify([...key.secretKey])).length, 1);
    assert.equal(secretKeysIn(`secret: ${bs58.encode(key.secretKey)}\n`).length, 1);
    // A public key or a signature-sized run of digits is not one.
    assert.equal(secretKeysIn(key.publicKey.toBase58()).length, 0);
  });

  it("no tracked file holds a secret key, and Anchor.toml names the id for localnet only", () => {
    const files = execFileSync("git", ["ls-files"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
    assert.ok(files.length > 50, "git ls-files listed the repository");
    const holding: string[] = [];
    for (const file of files) {
      if (/\.(png|so|ico|woff2?)$/.test(file)) continue;
      const path = join(ROOT, file);
      let size = 0;
      try {
        size = statSync(path).size;
      } catch {
        continue; // deleted in the work tree
      }
      if (size > 2_000_000) continue;
      const keys = secretKeysIn(readFileSync(path, "utf8"));
      if (keys.length > 0) holding.push(`${file}: ${keys.join(", ")}`);
    }
    assert.deepEqual(holding, []);
    const anchorToml = readFileSync(join(ROOT, "Anchor.toml"), "utf8");
    const clusters = [...anchorToml.matchAll(/^\[programs\.(\w+)\]/gm)].map((m) => m[1]);
    assert.deepEqual(clusters, ["localnet"]);
  });
});
