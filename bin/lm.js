#!/usr/bin/env node
// `lm` CLI entry: runs app/cli.ts through tsx (no build step).
require("tsx/cjs");
require("../app/cli.ts");
