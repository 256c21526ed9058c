#!/usr/bin/env bash
# The main job: start the local validator serving the program's SBF bytecode and run the whole
# loss-mutualization scenario through the `lm` CLI with wallet-signed transactions. Builds the
# bytecode (scripts/build-sbf.sh), installs the npm packages and builds the validator itself
# (the first build compiles the Solana runtime: 10-16 minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
[ -d node_modules ] || npm ci --no-audit --no-fund
./scripts/build-sbf.sh
cargo build --locked --ignore-rust-version -q -p lm-local-validator
npx tsx app/scenario.ts
