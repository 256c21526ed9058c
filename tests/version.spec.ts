/**
 * One version for the on-chain interface and the SDK that speaks it (CHANGELOG.md, "Version
 * policy"): the program's crate, the IDL, the npm packages and the changelog's newest entry agree.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const read = (path: string) => readFileSync(join(__dirname, "..", path), "utf8");

describe("version", () => {
  it("the program crate, the IDL, the repository's and the SDK's package.json and CHANGELOG.md name the same version", () => {
    const crate = /^version = "([^"]+)"/m.exec(read("programs/loss_mutualization/Cargo.toml"))?.[1];
    const idl = JSON.parse(read("idl/loss_mutualization.json")).metadata.version;
    const npm = JSON.parse(read("package.json")).version;
    const sdk = JSON.parse(read("sdk/package.json")).version;
    const changelog = /^## (\d+\.\d+\.\d+)/m.exec(read("CHANGELOG.md"))?.[1];
    assert.equal(crate, "0.1.0");
    assert.deepEqual([idl, npm, sdk, changelog], [crate, crate, crate, crate]);
  });
});
