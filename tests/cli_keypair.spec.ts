/**
 * The CLI's keypair file (issue 21, item 8): a file holding a base58 secret (the format wallets
 * export) or any other malformed content is refused with the file's name and the expected
 * format, and no part of the content reaches the message; a missing file is named; the
 * well-formed twin loads.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { utils } from "@anchor-lang/core";
import { loadKeypair } from "../app/commands/common";

describe("lm keypair files", () => {
  const dir = mkdtempSync(join(tmpdir(), "lm-keypair-"));
  // A secret whose base58 form starts with a letter: JSON.parse's own error would quote it.
  let keypair = Keypair.generate();
  while (!/^[A-Za-z]/.test(utils.bytes.bs58.encode(keypair.secretKey))) keypair = Keypair.generate();

  it("refuses a base58 secret and other malformed files without quoting them; the solana-keygen format loads", () => {
    const base58 = utils.bytes.bs58.encode(keypair.secretKey);
    for (const [name, content] of [
      ["base58.json", base58],
      ["quoted.json", JSON.stringify(base58)],
      ["short.json", JSON.stringify(Array.from(keypair.secretKey.slice(0, 32)))],
      ["object.json", JSON.stringify({ secretKey: Array.from(keypair.secretKey) })],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      assert.throws(
        () => loadKeypair(file),
        (err: Error) => {
          assert.ok(err.message.includes(file) && err.message.includes("64 byte values"), err.message);
          for (let i = 0; i + 6 <= base58.length; i++) assert.ok(!err.message.includes(base58.slice(i, i + 6)), `the message quotes the secret: ${err.message}`);
          return true;
        },
      );
    }
    assert.throws(() => loadKeypair(join(dir, "missing.json")), /cannot read the keypair file .*missing\.json \(ENOENT\)/);
    const good = join(dir, "id.json");
    writeFileSync(good, JSON.stringify(Array.from(keypair.secretKey)));
    assert.ok(loadKeypair(good).publicKey.equals(keypair.publicKey));
  });
});
