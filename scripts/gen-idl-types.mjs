// Writes the SDK's copy of the IDL (sdk/src/idl/loss_mutualization.json, so that the package
// carries it) and its TypeScript type (sdk/src/idl/loss_mutualization.ts), camelCased the way
// `anchor build` writes target/types, so the client is typed from the same IDL the program
// build produced. The test command fails when either is stale.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { convertIdlToCamelCase } = require("@anchor-lang/core");
const source = readFileSync(new URL("../idl/loss_mutualization.json", import.meta.url), "utf8");
writeFileSync(new URL("../sdk/src/idl/loss_mutualization.json", import.meta.url), source);
const typed = JSON.stringify(convertIdlToCamelCase(JSON.parse(source)), null, 2);
const out = new URL("../sdk/src/idl/loss_mutualization.ts", import.meta.url);
writeFileSync(out, `// Generated from idl/loss_mutualization.json by scripts/gen-idl-types.mjs. Do not edit.\nexport type LossMutualization = ${typed};\n`);
console.log("wrote sdk/src/idl/loss_mutualization.{json,ts}");
