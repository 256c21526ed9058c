"""A transcription of the program's money math (programs/loss_mutualization/src/math/) that runs
two ways from one text:

- on Python integers (`Concrete`), where it must reproduce every row of tests/vectors/math.json
  (the vectors the Rust code generates and `cargo test` checks), and
- on Z3 integer terms (`Symbolic`), where prove.py proves properties of it for all inputs.

Semantics. Every Rust operation is modelled on unbounded integers together with the condition
under which Rust computes that value and does not stop: a checked operation (`safe_add`,
`checked_mul`, `to_u64`, ...) that would overflow returns `MathOverflow`; an operation that
would panic (a plain `-` or `+` under `overflow-checks = true`, `U256` `*` beyond 2^256 or `/`
by zero, `U256::as_u128` above 2^128) returns the marker error `PANIC`. So a value computed here
equals the Rust value bit for bit whenever the error is OK, and "no panic path" is "the error
is never PANIC". `require!` returns its named error.

Each function names the Rust function it transcribes; prove.py refuses to run when the Rust
source of one of them has changed since the model was last compared with it (fingerprints in
prove.py), and checks the model against the vectors before proving anything.
"""

OK, OVERFLOW, LOSS_EXCEEDS_POOL, INVALID_SNAPSHOT, LOSS_EXCEEDS_CAPITAL, PANIC, LOOP_BOUND = range(7)
ERROR_NAMES = {
    OK: "ok",
    OVERFLOW: "MathOverflow",
    LOSS_EXCEEDS_POOL: "LossExceedsPool",
    INVALID_SNAPSHOT: "InvalidSnapshot",
    LOSS_EXCEEDS_CAPITAL: "LossExceedsCapital",
    PANIC: "PANIC",
    LOOP_BOUND: "LOOP_BOUND",
}

# Set by `prove.py --mutation NAME`: a deliberate change, to show that the proofs can fail.
MUTATION = None

U32 = 2**32
U64 = 2**64
U128 = 2**128
U256 = 2**256
I64_MIN, I64_MAX = -(2**63), 2**63 - 1

INDEX_ONE = 10**36
INDEX_RESCALE_THRESHOLD = 10**27
INDEX_RESCALE_FACTOR = 10**9
INDEX_MAX_SCALE_GAP = 3
INSURANCE_VIRTUAL_SHARES = 1_000_000
INSURANCE_VIRTUAL_ASSETS = 1
INSURANCE_MAX_SHARES_PER_UNIT = 10**12
MATURITY_SLOTS = 8
CHANGE_APPLY_WINDOW_SECS = 7 * 24 * 60 * 60
EXITS_OPEN_BEFORE_CHANGE_SECS = 24 * 60 * 60
MIN_NOTICE_SECS = 2 * 24 * 60 * 60


class Concrete:
    """Python integers and booleans."""

    true, false = True, False

    @staticmethod
    def If(c, a, b):
        return a if c else b

    @staticmethod
    def And(*xs):
        return all(xs)

    @staticmethod
    def Or(*xs):
        return any(xs)

    @staticmethod
    def Not(x):
        return not x

    @staticmethod
    def div(a, b):
        # Only reached on a path already stopped when b == 0 (the flow records the error).
        return a // b if b != 0 else 0

    @staticmethod
    def mod(a, b):
        return a % b if b != 0 else 0


class Symbolic:
    """Z3 integer terms. For b > 0 and a >= 0, SMT-LIB's div/mod are Rust's / and %."""

    def __init__(self):
        import z3

        self.z3 = z3
        self.true, self.false = z3.BoolVal(True), z3.BoolVal(False)

    def If(self, c, a, b):
        return self.z3.If(c, a, b)

    def And(self, *xs):
        return self.z3.And(*xs)

    def Or(self, *xs):
        return self.z3.Or(*xs)

    def Not(self, x):
        return self.z3.Not(x)

    def div(self, a, b):
        return a / b

    def mod(self, a, b):
        return a % b


def smin(S, a, b):
    return S.If(a <= b, a, b)


def smax(S, a, b):
    return S.If(a >= b, a, b)


class Flow:
    """Straight-line control flow with early returns, as if-then-else terms: `stop(cond, err)`
    returns `err` at this point when `cond` holds (and nothing returned earlier)."""

    def __init__(self, S):
        self.S = S
        self.done = S.false
        self.err = OK

    def stop(self, cond, err):
        S = self.S
        take = S.And(S.Not(self.done), cond)
        self.err = S.If(take, err, self.err)
        self.done = S.Or(self.done, take)
        return take

    def ret_ok(self, cond, out, value):
        """`return Ok(value)` when cond: fold the value into `out` (a dict of results)."""
        S = self.S
        take = self.stop(cond, OK)
        for k, v in value.items():
            out[k] = S.If(take, v, out[k]) if k in out else v
        return take

    # Operations that stop on failure.
    def checked(self, cond):  # safe_*, checked_*, to_u64: the named error
        self.stop(self.S.Not(cond), OVERFLOW)

    def must(self, cond):  # a panic in Rust: plain arithmetic, U256 overflow, as_u128
        self.stop(self.S.Not(cond), PANIC)

    def require(self, cond, err):
        self.stop(self.S.Not(cond), err)


# ---------------------------------------------------------------- safe_math.rs

def mul_div_floor_u64(S, a, b, c):
    """safe_math.rs `mul_div_floor_u64`: (a as u128 * b as u128 / c as u128) narrowed to u64."""
    f = Flow(S)
    f.checked(c != 0)
    q = S.div(a * b, c)
    f.checked(q < U64)
    return f.err, q


# ---------------------------------------------------------------- loss_index.rs

def after_loss(S, index, total, loss):
    """loss_index.rs `LossIndex::after_loss`. index = (factor, scale, epoch)."""
    factor, scale, epoch = index
    f, out = Flow(S), {}
    f.ret_ok(loss == 0, out, {"factor": factor, "scale": scale, "epoch": epoch})
    f.require(loss <= total, LOSS_EXCEEDS_POOL)
    f.checked(S.Or(loss != total, epoch + 1 < U32))
    f.ret_ok(loss == total, out, {"factor": INDEX_ONE, "scale": 0, "epoch": epoch + 1})
    # surviving = factor * (total - loss) / total: mul_div::mul_div_floor in the program (its
    # property tests check it against U256); a quotient of 2^128 or more would be MathOverflow
    # there, and is proved impossible here (the `must` below).
    f.must(factor * (total - loss) < U256)
    f.must(total != 0)
    surviving = S.div(factor * (total - loss), total)
    f.must(surviving < U128)  # mul_div_floor answers (else MathOverflow)
    new_factor, new_scale = surviving, scale
    for _ in range(4):  # while factor < INDEX_RESCALE_THRESHOLD (at most 3 rounds, proved)
        go = S.And(S.Not(f.done), new_factor < INDEX_RESCALE_THRESHOLD)
        f.checked(S.Or(S.Not(go), new_factor * INDEX_RESCALE_FACTOR < U128))
        f.checked(S.Or(S.Not(go), new_scale + 1 < U32))
        new_factor = S.If(go, new_factor * INDEX_RESCALE_FACTOR, new_factor)
        new_scale = S.If(go, new_scale + 1, new_scale)
    f.stop(new_factor < INDEX_RESCALE_THRESHOLD, LOOP_BOUND)  # the model unrolls 4 rounds
    f.ret_ok(S.true, out, {"factor": new_factor, "scale": new_scale, "epoch": epoch})
    return f.err, (out["factor"], out["scale"], out["epoch"])


def remaining(S, now, amount, snapshot):
    """loss_index.rs `LossIndex::remaining`: what is left of `amount` recorded at `snapshot`."""
    nf, ns, ne = now
    sf, ss, se = snapshot
    f, out = Flow(S), {}
    same = S.And(sf == nf, ss == ns, se == ne)
    f.ret_ok(S.Or(amount == 0, same), out, {"v": amount})
    f.require(se <= ne, INVALID_SNAPSHOT)
    f.ret_ok(se < ne, out, {"v": 0})
    f.require(ss <= ns, INVALID_SNAPSHOT)
    gap = ns - ss
    f.ret_ok(gap > INDEX_MAX_SCALE_GAP, out, {"v": 0})
    f.require(sf > 0, INVALID_SNAPSHOT)
    denominator = sf
    for i in range(INDEX_MAX_SCALE_GAP):  # for _ in 0..scale_gap
        go = i < gap
        f.checked(S.Or(S.Not(go), denominator * INDEX_RESCALE_FACTOR < U256))
        denominator = S.If(go, denominator * INDEX_RESCALE_FACTOR, denominator)
    numerator = amount * nf
    f.must(numerator < U256)
    left = S.div(numerator, denominator)
    if MUTATION == "remaining-rounds-up":  # the charge rounded down: prove.py --mutation
        left = S.div(numerator + denominator - 1, denominator)
    f.checked(left < U64)  # to_u64(numerator / denominator), checked from 256 bits
    f.require(left <= amount, INVALID_SNAPSHOT)
    f.ret_ok(S.true, out, {"v": left})
    return f.err, out["v"]


def absorb(S, pool, loss):
    """loss_index.rs `LossPool::absorb`. pool = dict(total, index, absorbed, collected, dust)."""
    f = Flow(S)
    absorbed = smin(S, loss, pool["total"])
    err, index = after_loss(S, pool["index"], pool["total"], absorbed)
    f.stop(S.And(absorbed != 0, err != OK), err)
    f.checked(S.Or(absorbed == 0, pool["absorbed"] + absorbed < U128))
    new = dict(pool)
    moved = absorbed != 0
    new["index"] = tuple(S.If(moved, a, b) for a, b in zip(index, pool["index"]))
    new["total"] = pool["total"] - absorbed
    new["absorbed"] = pool["absorbed"] + absorbed
    return f.err, absorbed, new


def settle(S, pool, amount, snapshot, release_dust):
    """loss_index.rs `LossPool::settle`: returns (err, remaining, charge, dust_released, pool)."""
    f = Flow(S)
    err, rem = remaining(S, pool["index"], amount, snapshot)
    f.stop(err != OK, err)
    f.must(amount >= rem)  # amount - remaining
    charge = amount - rem
    collected = pool["collected"] + charge
    f.checked(collected < U128)
    accounted = pool["absorbed"] + pool["dust"]
    f.checked(accounted < U128)
    releasing = S.And(release_dust, collected > accounted)
    f.checked(S.Or(S.Not(releasing), collected - accounted < U64))
    dust = S.If(releasing, collected - accounted, 0)
    f.checked(S.Or(dust == 0, pool["total"] >= dust))
    f.checked(S.Or(dust == 0, pool["dust"] + dust < U128))
    new = dict(pool)
    new["collected"] = collected
    new["total"] = pool["total"] - dust
    new["dust"] = pool["dust"] + dust
    return f.err, rem, charge, dust, new


# ---------------------------------------------------------------- insurance_shares.rs

def shares_for_deposit(S, amount, balance, total_shares):
    f = Flow(S)
    f.checked(total_shares + INSURANCE_VIRTUAL_SHARES < U128)
    numerator = amount * (total_shares + INSURANCE_VIRTUAL_SHARES)
    f.must(numerator < U256)
    denominator = balance + INSURANCE_VIRTUAL_ASSETS
    f.must(denominator < U256)
    shares = S.div(numerator, denominator)
    f.checked(shares < U128)
    return f.err, shares


def value_of_shares(S, shares, balance, total_shares):
    f = Flow(S)
    f.must(balance + INSURANCE_VIRTUAL_ASSETS < U256)
    numerator = shares * (balance + INSURANCE_VIRTUAL_ASSETS)
    f.must(numerator < U256)
    f.checked(total_shares + INSURANCE_VIRTUAL_SHARES < U128)
    value = S.div(numerator, total_shares + INSURANCE_VIRTUAL_SHARES)
    f.checked(value < U64)
    return f.err, value


def shares_worthless(S, balance, total_shares):
    f = Flow(S)
    backing = balance + INSURANCE_VIRTUAL_ASSETS
    shares = total_shares + INSURANCE_VIRTUAL_SHARES
    # The program compares in 128 bits (backing * 10^12 < 2^105; shares past u128::MAX are
    # above it): the same truth value as this comparison of integers.
    f.must(S.And(backing < U256, shares < U256, backing * INSURANCE_MAX_SHARES_PER_UNIT < U256))
    return f.err, S.And(total_shares > 0, S.Or(balance == 0, backing * INSURANCE_MAX_SHARES_PER_UNIT < shares))


# ---------------------------------------------------------------- waterfall.rs

def split_position_loss(S, at_risk_profit, principal, amount):
    f = Flow(S)
    from_profit = smin(S, amount, at_risk_profit)
    f.must(amount >= from_profit)
    from_principal = smin(S, amount - from_profit, principal)
    f.must(amount - from_profit >= from_principal)
    return f.err, (from_profit, from_principal, amount - from_profit - from_principal)


def insurance_draw(S, open_, fund_balance, per_event_cap, window_allowance):
    return OK, smin(S, smin(S, smin(S, open_, fund_balance), per_event_cap), window_allowance)


def sat_add_i64(S, a, b):
    return smax(S, smin(S, a + b, I64_MAX), I64_MIN)


def sat_sub_i64(S, a, b):
    return smax(S, smin(S, a - b, I64_MAX), I64_MIN)


def event_cap_left(S, per_event_cap, window_secs, window_start, drawn_in_window, now):
    window_open = S.And(window_start != 0, now < sat_add_i64(S, window_start, window_secs))
    left = S.If(window_open, smax(S, per_event_cap - drawn_in_window, 0), per_event_cap)
    return OK, (left, S.If(window_open, window_start, now), S.If(window_open, drawn_in_window, 0))


def split_uncovered_loss(S, loss, total_at_risk_profit, total_principal):
    f = Flow(S)
    clawback = smin(S, loss, total_at_risk_profit)
    f.must(loss >= clawback)
    haircut = loss - clawback
    f.require(haircut <= total_principal, LOSS_EXCEEDS_CAPITAL)
    return f.err, (clawback, haircut)


# ---------------------------------------------------------------- rate_limit.rs

def refilled_allowance(S, allowance, remainder, cap, window_secs, updated_at, now):
    f, out = Flow(S), {}
    elapsed = smax(S, sat_sub_i64(S, now, updated_at), 0)
    f.ret_ok(S.Or(window_secs <= 0, allowance >= cap), out, {"amount": smin(S, allowance, cap), "remainder": 0})
    window = window_secs
    f.checked(cap * elapsed < U128)
    earned = cap * elapsed + remainder
    f.checked(earned < U128)
    f.must(window != 0)
    refilled = allowance + S.div(earned, window)
    f.checked(refilled < U128)
    f.ret_ok(refilled >= cap, out, {"amount": cap, "remainder": 0})
    f.checked(refilled < U64)
    f.checked(S.mod(earned, window) < U64)
    f.ret_ok(S.true, out, {"amount": refilled, "remainder": S.mod(earned, window)})
    return f.err, (out["amount"], out["remainder"])


# ---------------------------------------------------------------- maturity.rs, notice.rs

def maturity_of_gain(S, now, maturity_secs):
    f, out = Flow(S), {}
    f.ret_ok(maturity_secs <= 0, out, {"v": now})
    t, m = smax(S, now, 0), maturity_secs
    slot_width = S.div(m + MATURITY_SLOTS - 1, MATURITY_SLOTS)  # div_ceil
    f.must(slot_width != 0)
    q = S.div(t, slot_width)
    f.must(q + 1 < U64)
    slot_end = smin(S, (q + 1) * slot_width, U64 - 1)  # saturating_mul
    v = smin(S, slot_end + m, U64 - 1)  # saturating_add
    f.ret_ok(S.true, out, {"v": smin(S, v, I64_MAX)})  # try_from(..).unwrap_or(i64::MAX)
    return f.err, out["v"]


def notice_status(S, open_secs, proposal_notice_secs, market_notice_secs):
    """notice.rs `NoticeClock::status`: its arithmetic is saturating (`saturating_add` for the
    lapse, `saturating_sub` for the time left), so no input panics."""
    f = Flow(S)
    lapsed = open_secs >= sat_add_i64(S, proposal_notice_secs, CHANGE_APPLY_WINDOW_SECS)
    notice = smax(S, proposal_notice_secs, market_notice_secs)
    in_notice = S.And(S.Not(lapsed), open_secs < notice)
    return f.err, in_notice


def halt_open_secs(S, halted_secs, halted_since, since, halted_at_since, now):
    """halt.rs `HaltClock::open_secs` (with `total`): saturating i64 arithmetic only."""
    ongoing = S.If(halted_since > 0, smax(S, sat_sub_i64(S, now, halted_since), 0), 0)
    total = sat_add_i64(S, halted_secs, ongoing)
    elapsed = smax(S, sat_sub_i64(S, now, since), 0)
    halted = smax(S, sat_sub_i64(S, total, halted_at_since), 0)
    return OK, smax(S, sat_sub_i64(S, elapsed, halted), 0)
