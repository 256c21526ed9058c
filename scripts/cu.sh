#!/usr/bin/env bash
# EXPERIMENTAL: measure the compute units of the SBF build in LiteSVM (npm), writing
# results/cu.{json,md}. Builds target/deploy/loss_mutualization.so first (scripts/build-sbf.sh)
# and installs litesvm + @solana/kit outside the clone ($LM_SBF_CACHE/node). The figures come
# from an upstream-LLVM build, not platform-tools: estimates, not the official numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${LM_SBF_CACHE:-$HOME/.cache/lm-sbf}"
./scripts/build-sbf.sh
if [ ! -d "$CACHE/node/node_modules/litesvm" ]; then
  mkdir -p "$CACHE/node"
  (cd "$CACHE/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error litesvm@1.5.0 @solana/kit@8.4.0)
fi
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
LM_SBF_CACHE="$CACHE" npx tsx tools/sbf/cu.ts
