/**
 * The SDK is a package of its own (sdk/): it builds alone to JavaScript with type declarations,
 * loads in plain Node without tsx, carries its IDL, and depends on exactly the runtime packages
 * its sources import (no CLI, dashboard or test tooling).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const SDK = join(ROOT, "sdk");

describe("the SDK package", function () {
  this.timeout(120_000);

  before(() => {
    execFileSync("npm", ["run", "-s", "build"], { cwd: SDK, stdio: "pipe" });
  });

  it("depends on exactly the packages its sources import", () => {
    const imported = new Set<string>();
    for (const file of readdirSync(join(SDK, "src")).filter((f) => f.endsWith(".ts"))) {
      for (const [, spec] of readFileSync(join(SDK, "src", file), "utf8").matchAll(/from "([^".][^"]*)"/g)) {
        if (!spec.startsWith("node:")) imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
      }
    }
    const manifest = JSON.parse(readFileSync(join(SDK, "package.json"), "utf8"));
    assert.deepEqual(Object.keys(manifest.dependencies).sort(), [...imported].sort());
    assert.equal(manifest.devDependencies, undefined);
    // The same versions the rest of the repository runs with.
    const root = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    for (const [name, version] of Object.entries(manifest.dependencies)) assert.equal(root.dependencies[name], version, name);
  });

  it("loads from its build in plain Node and knows the program from its own IDL copy", () => {
    const script = `
      const sdk = require(${JSON.stringify(join(SDK, "dist", "index.js"))});
      const idl = require(${JSON.stringify(join(SDK, "dist", "idl", "loss_mutualization.json"))});
      console.log(JSON.stringify({
        client: typeof sdk.LossMutualizationClient,
        programId: sdk.PROGRAM_ID.toBase58(),
        address: idl.address,
        oneToken: String(sdk.parseAmount("0.000001", { name: "amount", decimals: 6 })),
      }));`;
    const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
    assert.deepEqual(out, { client: "function", programId: out.address, address: JSON.parse(readFileSync(join(ROOT, "idl/loss_mutualization.json"), "utf8")).address, oneToken: "1" });
  });

  it("packs its build, declarations, IDL and README, and no sources or tests", () => {
    const [pack] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json"], { cwd: SDK, encoding: "utf8" }));
    const files: string[] = pack.files.map((f: { path: string }) => f.path);
    for (const f of ["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/client.d.ts", "dist/idl/loss_mutualization.json"]) assert.ok(files.includes(f), f);
    assert.deepEqual(files.filter((f) => !f.startsWith("dist/") && !["package.json", "README.md"].includes(f)), []);
    assert.equal(pack.name, "@loss-mutualization/sdk");
  });

  it("its README's example typechecks against the package", () => {
    const readme = readFileSync(join(SDK, "README.md"), "utf8");
    const example = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    const file = join(ROOT, ".sdk-readme-example.ts");
    const config = join(ROOT, ".sdk-readme-tsconfig.json");
    writeFileSync(file, `${example}\nexport {};\n`);
    // Top-level await: an ES module, resolved as a bundler would (the package name maps to sdk/src).
    writeFileSync(config, JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { module: "es2022", moduleResolution: "bundler" }, include: [file] }));
    try {
      execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["--noEmit", "-p", config], { cwd: ROOT, encoding: "utf8" });
    } finally {
      rmSync(file);
      rmSync(config);
    }
  });
});
