// Writes app/src/idl/loss_mutualization.ts: the IDL as a TypeScript type, camelCased the way
// `anchor build` writes target/types, so the client is typed from the same IDL the program
// build produced.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { convertIdlToCamelCase } = require("@anchor-lang/core");
const idl = JSON.parse(readFileSync(new URL("../idl/loss_mutualization.json", import.meta.url), "utf8"));
const typed = JSON.stringify(convertIdlToCamelCase(idl), null, 2);
const out = new URL("../app/src/idl/loss_mutualization.ts", import.meta.url);
writeFileSync(out, `// Generated from idl/loss_mutualization.json by scripts/gen-idl-types.mjs. Do not edit.\nexport type LossMutualization = ${typed};\n`);
console.log("wrote app/src/idl/loss_mutualization.ts");
