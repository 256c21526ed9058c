#!/usr/bin/env bash
# Where an instruction's compute units go: builds the bytecode with the `cu-profile` feature
# (profile points, src/profile.rs) into target/deploy/profile/ (the real build is untouched) and
# runs the CU scenario (tools/sbf/cu.ts) on it, printing each instruction's total and the units
# between its points: entry (Anchor: input, accounts, validate) | ... | exit (accounts written back).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${LM_SBF_CACHE:-$HOME/.cache/lm-sbf}"
LM_SBF_FEATURES=cu-profile LM_SBF_OUT="$PWD/target/deploy/profile" ./scripts/build-sbf.sh loss_mutualization
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
LM_CU_PROFILE=1 LM_SBF_CACHE="$CACHE" npx tsx tools/sbf/cu.ts
