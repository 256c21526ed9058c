#!/usr/bin/env bash
# The main job: start the local validator serving the program's SBF bytecode and run the whole
# loss-mutualization scenario through the `lm` CLI with wallet-signed transactions, then serve
# the dashboard on its market until Ctrl-C (`--exit`: stop at once). Installs the npm packages,
# builds the bytecode and the local validator (Surfpool) itself, saying what each step does and how long it takes.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
if [ ! -d node_modules ]; then
  echo "== npm packages (npm ci; about a minute the first time)"
  npm ci --no-audit --no-fund
fi
echo "== the program's SBF bytecode (scripts/build-sbf.sh: the first time it downloads LLVM and a"
echo "   Rust toolchain and builds std, about 5-10 minutes; later about 30 s; its steps follow)"
./scripts/build-sbf.sh
echo "== the local validator: Surfpool (scripts/build-surfpool.sh: the first build compiles"
echo "   surfpool-core and the Solana runtime, 9-12 minutes on 2 cores, progress below; later seconds)"
./scripts/build-surfpool.sh >/dev/null
echo "== the scenario"
npx tsx app/scenario.ts "$@"
