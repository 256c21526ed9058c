#!/usr/bin/env bash
# Builds localnet/ (lm-surfpool: an offline Surfpool surfnet over surfpool-core 1.7.0 serving the
# programs of Anchor.toml) in its own workspace and lock, into $LM_SURFPOOL_TARGET_DIR (default
# ~/.cache/lm-surfpool-target, kept apart from the root workspace's target: their agave versions
# differ). Prints the binary's path last. A cold debug build usually takes ~12 min on 2 cores
# and ~4 GB of disk; later builds take seconds.
#   scripts/build-surfpool.sh            # debug build
#   scripts/build-surfpool.sh --link DIR # also link DIR/surfpool -> the binary (for `anchor test`)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
# Its own target dir (LM_SURFPOOL_TARGET_DIR), never the root workspace's CARGO_TARGET_DIR: their agave
# versions and features differ, and sharing one would rebuild both.
export CARGO_TARGET_DIR="${LM_SURFPOOL_TARGET_DIR:-$HOME/.cache/lm-surfpool-target}"
BIN="$CARGO_TARGET_DIR/debug/lm-surfpool"
LINK=""
if [ "${1:-}" = "--link" ]; then LINK="${2:?--link needs a directory}"; fi

if [ -x "$BIN" ]; then
  echo "== lm-surfpool (localnet/): checking whether $BIN is up to date" >&2
else
  echo "== lm-surfpool (localnet/): building surfpool-core 1.7.0 (agave 4.3, litesvm 0.18) and ~900 crates into $CARGO_TARGET_DIR" >&2
  echo "   a cold build usually takes ~12 min on 2 cores; progress below" >&2
fi
start=$(date +%s)
# The registry crates declare rust-version 1.97.1 (litesvm) but build with 1.95: hence the flag.
if ! cargo build --locked --ignore-rust-version --manifest-path "$ROOT/localnet/Cargo.toml" --bin lm-surfpool 2>&1 \
  | while IFS= read -r line; do
      case "$line" in
        *Compiling*) n=$((${n:-0} + 1)); if [ $((n % 50)) -eq 0 ]; then echo "   … $n crates compiled, $(( $(date +%s) - start )) s" >&2; fi ;;
        *) echo "$line" >&2 ;;
      esac
    done; then
  echo "cargo build of localnet/ failed" >&2
  exit 1
fi
echo "== lm-surfpool built in $(( $(date +%s) - start )) s" >&2
if [ -n "$LINK" ]; then
  mkdir -p "$LINK"
  ln -sf "$BIN" "$LINK/surfpool"
  echo "== $LINK/surfpool -> $BIN (put $LINK first on PATH for \`anchor test\`)" >&2
fi
echo "$BIN"
