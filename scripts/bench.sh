#!/usr/bin/env bash
# Scale and cost benchmark (not part of the test command; its O(1) claim is, at 10 and 2,000
# positions: test_scale): measures the compute units of a loss event and a settlement on the
# bytecode
# at 10, 1,000 and 100,000 positions against a naive clawback, reports account sizes, rent and
# the one-transaction waterfall size, and writes results/bench.{json,md,png}.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
OUT="${1:-results}"

cargo run -q --locked --ignore-rust-version -p lm-runtime-tests --bin bench -- "$OUT"

if ! python3 -c "import matplotlib" >/dev/null 2>&1; then
  python3 -m pip install --quiet --user matplotlib
fi
python3 scripts/plot_bench.py "$OUT"
