#!/usr/bin/env bash
# Runs every test: the math unit and property tests and the math vectors, the proofs of the
# math's properties (scripts/prove.sh), the runtime tests (the
# program's SBF bytecode in agave 4.3's runtime with real SPL Token / Token-2022), the solvency
# simulation, a short fuzz run, the IDL freshness check, and the TypeScript tests against the
# local validator (Surfpool) serving the bytecode (SDK, CLI, localnet guarantees, math vectors, keeper,
# dashboard in Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

echo "== SBF bytecode of the program and the example exchange (scripts/build-sbf.sh; toolchain cached in ~/.cache/lm-sbf)"
./scripts/build-sbf.sh

# The runtime tests and the simulation run that bytecode (LM_RUNTIME=native runs the host build
# instead). agave 4.3's crates declare rust-version 1.97.1 but build with 1.95, hence the flag.
echo "== cargo test --workspace (math + property tests + fuzz smoke, runtime tests, simulation: 3 seeds x 2000 ops)"
cargo test --workspace --exclude lm-idl --locked --ignore-rust-version

# Machine-checked proofs of the math's properties (README, "What is proved"): Z3 from PyPI,
# cached in ~/.cache/lm-prove; a few seconds.
echo "== proofs: scripts/prove.sh (Z3)"
./scripts/prove.sh

# A short coverage-guided fuzz run of the math (cargo-fuzz needs a nightly toolchain; the same
# checker also runs on stable inside `cargo test` as the fuzz smoke test above).
FUZZ_SECONDS="${LM_FUZZ_SECONDS:-30}"
if [ "$FUZZ_SECONDS" != "0" ] && rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "== cargo fuzz: math_rounding for ${FUZZ_SECONDS}s"
  command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
  (cd fuzz && CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz" cargo +nightly fuzz run math_rounding -- -max_total_time="$FUZZ_SECONDS")
else
  echo "== cargo fuzz skipped (no nightly toolchain, or LM_FUZZ_SECONDS=0)"
fi

echo "== IDL is up to date (idl/loss_mutualization.json)"
cargo run -q --locked -p lm-idl -- --check

echo "== Chromium (Debian's package) for the dashboard's browser test"
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version

echo "== TypeScript: install, typecheck, tests against the local validator (bytecode)"
npm ci --no-audit --no-fund --loglevel=error
node scripts/gen-idl-types.mjs
git diff --exit-code -- sdk/src/idl || { echo "sdk/src/idl is stale: commit the regenerated files"; exit 1; }
# The local validator: Surfpool (localnet/'s lm-surfpool over surfpool-core 1.7.0, its own workspace
# and lock, built into ~/.cache/lm-surfpool-target; ~9-12 min cold with progress, seconds after).
./scripts/build-surfpool.sh >/dev/null
npm run -s typecheck
# The SDK builds alone (sdk/dist: JavaScript and type declarations) and its API reference builds
# from its doc comments without a warning (TypeDoc, sdk/docs).
npm run -s sdk:build
npm run -s sdk:docs
npm test

# The main job (README's first command) runs through to its end; --exit: no dashboard left up.
echo "== the main job: app/scenario.ts --exit (about 40 s)"
LM_RPC_PORT="${LM_SCENARIO_RPC_PORT:-18959}" npx tsx app/scenario.ts --exit
