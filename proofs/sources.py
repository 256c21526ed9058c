"""Step 1 of proofs/prove.py: the model (model.py) is still the one compared with the Rust
source. Every non-test function of the math module is listed in FUNCTIONS, either transcribed by
the model or with a note saying why it has no arithmetic that can panic, and each is bound to
the source text by its fingerprint (fingerprints.json)."""

import hashlib
import json
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
MATH = os.path.join(ROOT, "programs/loss_mutualization/src/math")

# ------------------------------------------------------------------ 1. the model's Rust source

# Every non-test function of the math module: the model transcribes it, or the note says why it
# has no arithmetic that can panic. Both are bound to the source text by its fingerprint.
FUNCTIONS = {
    "safe_math.rs::impl_safe_math": "checked_* only; None -> MathOverflow",
    "safe_math.rs::math_error": "no arithmetic",
    "safe_math.rs::to_u64": "try_into; Err -> MathOverflow",
    "safe_math.rs::mul_div_floor_u64": "model.mul_div_floor_u64",
    "mul_div.rs::mul_div_floor": "d == 0 returns None; the divisor is normalized (top bit set), so / top has top > 0; digit -= 1 runs only while digit * divisor > dividend, so digit > 0. Its value, floor(a*f/d), is what the model's S.div gives: checked against U256 by mul_div::tests (edges, Knuth corrections, 60k random cases)",
    "mul_div.rs::mul_limbs": "u64 x u64 products in u128; middle < 2^65; the top limb < 2^64 because x*y < 2^192",
    "mul_div.rs::join": "shift and or only",
    "mul_div.rs::shl_limbs": "shift 0 returns; otherwise shifts by shift and 64 - shift, both in 1..=63",
    "mul_div.rs::greater": "tuple comparison only",
    "mul_div.rs::div_by_u64": "d > 0 (checked by the caller); n[2] < d, so upper / d < 2^64 and r1 < d: (r1:n0) / d < 2^64, no overflow in q1 << 64 | q0",
    "loss_index.rs::after_loss": "model.after_loss",
    "loss_index.rs::remaining": "model.remaining",
    "loss_index.rs::add": "safe_add only",
    "loss_index.rs::remove": "safe_sub only",
    "loss_index.rs::absorb": "model.absorb",
    "loss_index.rs::settle": "model.settle",
    "loss_index.rs::pending_charge": "amount - remaining(amount): model.remaining (left <= amount is required)",
    "insurance_shares.rs::shares_for_deposit": "model.shares_for_deposit",
    "insurance_shares.rs::value_of_shares": "model.value_of_shares",
    "insurance_shares.rs::shares_worthless": "model.shares_worthless",
    "waterfall.rs::split_position_loss": "model.split_position_loss",
    "waterfall.rs::insurance_draw": "model.insurance_draw",
    "waterfall.rs::event_cap_left": "model.event_cap_left",
    "waterfall.rs::split_uncovered_loss": "model.split_uncovered_loss",
    "rate_limit.rs::refilled_allowance": "model.refilled_allowance",
    "maturity.rs::maturity_of_gain": "model.maturity_of_gain",
    "maturity.rs::longest_maturity": "saturating_add, div_ceil by a constant 8, try_from().unwrap_or",
    "maturity.rs::maturing_at": "saturating_add only",
    "maturity.rs::releasable": "saturating_sub only",
    "maturity.rs::all_mature_at": "max().unwrap_or: no arithmetic",
    "maturity.rs::add_gain": "saturating_add; entries[0], entries[1] of a fixed [_; 9] array",
    "maturity.rs::take_from_soonest": "cut = min(e.amount, excess): `e.amount -= cut`, `excess -= cut` cannot underflow",
    "maturity.rs::entries_within": "sum of 9 u64 in u128 (< 2^68)",
    "notice.rs::status": "model.notice_status",
    "notice.rs::notice_for_proposal": "saturating_sub, max, saturating_add only",
    "halt.rs::total": "saturating_sub, max, saturating_add only",
    "halt.rs::update": "max only",
    "halt.rs::open_secs": "model.halt_open_secs (with total)",
}

FINGERPRINTS_FILE = os.path.join(os.path.dirname(__file__), "fingerprints.json")


def rust_function(file, name):
    text = open(os.path.join(MATH, file)).read()
    text = text.split("#[cfg(test)]")[0]
    if name == "impl_safe_math":
        start = text.index("macro_rules! impl_safe_math")
    else:
        m = re.search(r"\bfn %s\b" % re.escape(name), text)
        if not m:
            raise SystemExit(f"FAIL model-source: fn {name} not found in {file}")
        start = m.start()
    depth, i = 0, text.index("{", start)
    while True:
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return text[start : i + 1]


def fingerprint(src):
    lines = [re.sub(r"\s+", " ", l.split("//")[0]).strip() for l in src.splitlines()]
    return hashlib.sha256("\n".join(l for l in lines if l).encode()).hexdigest()[:16]


def all_math_functions():
    found = set()
    for file in sorted(os.listdir(MATH)):
        if file in ("check.rs", "proptests.rs", "vectors.rs", "mod.rs") or not file.endswith(".rs"):
            continue
        text = open(os.path.join(MATH, file)).read().split("#[cfg(test)]")[0]
        for m in re.finditer(r"\bfn ([a-z_0-9]+)", text):
            found.add(f"{file}::{m.group(1)}")
    # the safe_* methods live inside the macro
    return {f for f in found if not re.match(r"safe_math.rs::safe_(add|sub|mul|div)$", f)} | {"safe_math.rs::impl_safe_math"}


def check_sources(update):
    current = {k: fingerprint(rust_function(*k.split("::"))) for k in FUNCTIONS}
    if update:
        json.dump(current, open(FINGERPRINTS_FILE, "w"), indent=1, sort_keys=True)
        print(f"recorded {len(current)} fingerprints in {FINGERPRINTS_FILE}")
    recorded = json.load(open(FINGERPRINTS_FILE))
    failed = False
    unlisted = all_math_functions() - set(FUNCTIONS) - {"loss_index.rs::default", "loss_index.rs::new"}
    for f in sorted(unlisted):
        print(f"FAIL model-source: {f} is not covered by the model or a note (proofs/sources.py FUNCTIONS)")
        failed = True
    for k, v in current.items():
        if recorded.get(k) != v:
            print(f"FAIL model-source: {k} changed since the model was compared with it: review "
                  f"proofs/model.py against it, then `python3 proofs/prove.py --update-fingerprints`")
            failed = True
    if failed:
        sys.exit(1)
    print(f"ok   model-source: {len(current)} functions of math/ match the source the model was compared with")
