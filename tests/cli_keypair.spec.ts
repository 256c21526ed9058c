/**
 * The CLI's keypair file (issue 21, item 8): a file holding a base58 secret (the format wallets
 * export) or any other malformed content is refused with the file's name, what is wrong with it,
 * what a keypair file is and how to make one, and no part of the content reaches the message; a
 * missing file is named the same way; the well-formed twin loads.
 */
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keypair } from "@solana/web3.js";
import { utils } from "@anchor-lang/core";
import { loadKeypair } from "../cli/commands/common";

describe("lm keypair files", () => {
  const dir = mkdtempSync(join(tmpdir(), "lm-keypair-"));
  // A secret whose base58 form starts with a letter: JSON.parse's own error would quote it.
  let keypair = Keypair.generate();
  while (!/^[A-Za-z]/.test(utils.bytes.bs58.encode(keypair.secretKey))) keypair = Keypair.generate();

  it("refuses a base58 secret and other malformed files without quoting them, saying what a keypair file is; the solana-keygen format loads", () => {
    const base58 = utils.bytes.bs58.encode(keypair.secretKey);
    const format = (file: string) => `a keypair file is a JSON array of 64 numbers from 0 to 255 (a secret key), as \`solana-keygen new -o ${file}\` makes one`;
    for (const [name, content, problem] of [
      ["base58.json", base58, "is not JSON"],
      ["quoted.json", JSON.stringify(base58), "holds a JSON string, not an array"],
      ["short.json", JSON.stringify(Array.from(keypair.secretKey.slice(0, 32))), "holds an array of 32 values, not 64"],
      ["object.json", JSON.stringify({ secretKey: Array.from(keypair.secretKey) }), "holds a JSON object, not an array"],
      ["big.json", JSON.stringify([...Array.from(keypair.secretKey.slice(0, 63)), 256]), "holds values that are not numbers from 0 to 255"],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      assert.throws(
        () => loadKeypair(file),
        (err: Error) => {
          assert.equal(err.message, `the keypair file ${file} ${problem}; ${format(file)} (its content is not shown)`);
          for (let i = 0; i + 6 <= base58.length; i++) assert.ok(!err.message.includes(base58.slice(i, i + 6)), `the message quotes the secret: ${err.message}`);
          return true;
        },
      );
    }
    const missing = join(dir, "missing.json");
    assert.throws(() => loadKeypair(missing), { message: `cannot read the keypair file ${missing} (ENOENT); ${format(missing)}, or pass another with --keypair <path>` });
    const good = join(dir, "id.json");
    writeFileSync(good, JSON.stringify(Array.from(keypair.secretKey)));
    assert.ok(loadKeypair(good).publicKey.equals(keypair.publicKey));
  });
});
