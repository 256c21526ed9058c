#!/usr/bin/env bash
# Machine-checked proofs of the money math's properties (README, "What is proved"): Z3 from PyPI
# (z3-solver, in a venv cached in $LM_PROVE_CACHE, default ~/.cache/lm-prove) runs
# proofs/prove.py, which checks that its model still matches the Rust source and the shared
# vectors (tests/vectors/math.json), then proves each property for every input of the types'
# ranges. Fails if any step or proof fails. About 5 seconds once Z3 is installed.
#   scripts/prove.sh                       all proofs
#   scripts/prove.sh 1 4                   the proofs of properties 1 and 4
#   scripts/prove.sh --mutation remaining-rounds-up   the model with a charge rounded down: proofs fail
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${LM_PROVE_CACHE:-$HOME/.cache/lm-prove}"
Z3_VERSION=5.4.1.0
VENV="$CACHE/venv"
if [ ! -x "$VENV/bin/python" ] || [ "$("$VENV/bin/python" -c "import importlib.metadata as m; print(m.version('z3-solver'))" 2>/dev/null)" != "$Z3_VERSION" ]; then
  echo "== Z3 (z3-solver from PyPI)"
  mkdir -p "$CACHE"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "z3-solver==$Z3_VERSION"
fi
exec "$VENV/bin/python" "$ROOT/proofs/prove.py" "$@"
