#!/usr/bin/env bash
# Runs every test: the math unit and property tests, the runtime tests (the program natively
# inside a Solana bank with real SPL Token / Token-2022), and the IDL freshness check.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

echo "== cargo test --workspace (math, property tests, runtime tests)"
cargo test --workspace --locked

echo "== IDL is up to date (idl/loss_mutualization.json)"
cargo run -q --locked -p lm-idl -- --check
