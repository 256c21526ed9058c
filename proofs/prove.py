"""Machine-checked proofs of the README's properties of the money math (README, "What is proved").

Run by scripts/prove.sh (from scripts/test.sh). Steps, each of which fails the run:
1. the model (model.py) is still the one compared with the Rust source: every function it
   transcribes has the fingerprint recorded in fingerprints.json (sources.py);
2. the model reproduces every row of tests/vectors/math.json (which `cargo test` checks against
   the Rust code itself);
3. Z3 proves each property for every input of the types' ranges, or prints a counterexample.

`python3 proofs/prove.py --update-fingerprints` records the current source after a review of
the model against it.
"""

import json
import os
import sys
import time

import z3

sys.path.insert(0, os.path.dirname(__file__))
import model as M  # noqa: E402
from model import OK, PANIC, U32, U64, U128, I64_MIN, I64_MAX  # noqa: E402
from sources import MATH, ROOT, check_sources  # noqa: E402

TIMEOUT_MS = int(os.environ.get("LM_PROVE_TIMEOUT_MS", "120000"))

# ------------------------------------------------------------------ 2. the shared vectors

def check_vectors():
    C = M.Concrete
    d = json.load(open(os.path.join(ROOT, "tests/vectors/math.json")))
    n, bad = 0, []
    idx = lambda j: (int(j["factor"]), j["scale"], j["epoch"])

    def expect(row, err, got, want_ok):
        nonlocal n
        n += 1
        want = row.get("error") or "ok"
        if M.ERROR_NAMES[err] != want or (err == OK and got != want_ok):
            bad.append((row, M.ERROR_NAMES[err], got))

    for r in d["after_loss"]:
        err, out = M.after_loss(C, idx(r["index"]), int(r["total"]), int(r["loss"]))
        expect(r, err, out, idx(r["out"]) if "out" in r else None)
    for r in d["remaining"]:
        err, out = M.remaining(C, idx(r["now"]), int(r["amount"]), idx(r["snapshot"]))
        expect(r, err, out, int(r["out"]) if "out" in r else None)
    for r in d["settle"]:
        p = r["pool"]
        pool = dict(total=int(p["total"]), index=idx(p["index"]), absorbed=int(p["absorbed"]),
                    collected=int(p["collected"]), dust=int(p["dust_released"]))
        err, rem, charge, dust, new = M.settle(C, pool, int(r["amount"]), idx(r["snapshot"]), r["release_dust"])
        got = (rem, charge, dust, new["total"], new["collected"], new["dust"])
        o = r.get("out")
        want = o and (int(o["remaining"]), int(o["charge"]), int(o["dust_released"]), int(o["pool"]["total"]),
                      int(o["pool"]["collected"]), int(o["pool"]["dust_released"]))
        expect(r, err, got, want)
    for r in d["insurance_shares"]:
        a, b, t = int(r["amount"]), int(r["balance"]), int(r["total_shares"])
        for key, (err, got) in (("shares_minted", M.shares_for_deposit(C, a, b, t)),
                                ("value_of_total", M.value_of_shares(C, t, b, t))):
            o = r[key]
            expect({"error": o.get("error")}, err, got, int(o["ok"]) if "ok" in o else None)
    for r in d["waterfall"]:
        I = lambda k: int(r[k])
        err, split = M.split_position_loss(C, I("profit"), I("principal"), I("amount"))
        s = r["split"]
        expect({}, err, split, (int(s["from_profit"]), int(s["from_principal"]), int(s["shortfall"])))
        err, drawn = M.insurance_draw(C, split[2], I("fund"), I("cap"), I("allowance"))
        expect({}, err, drawn, I("drawn"))
        err, cap = M.event_cap_left(C, I("cap"), I("window_secs"), I("window_start"), I("drawn_before"), I("now"))
        e = r["event_cap"]
        expect({}, err, cap, (int(e["left"]), int(e["window_start"]), int(e["drawn"])))
        so = r["socialize"]
        err, sp = M.split_uncovered_loss(C, int(so["loss"]), int(so["at_risk"]), int(so["all_principal"]))
        expect(so, err, sp, (int(so["out"]["clawback"]), int(so["out"]["haircut"])) if "out" in so else None)
        err, (amount, _) = M.refilled_allowance(C, min(I("allowance"), I("cap")), 0, I("cap"), I("window_secs"),
                                                I("window_start"), I("now"))
        ref = r["refilled"]
        expect({"error": ref.get("error")}, err, amount, int(ref["ok"]) if "ok" in ref else None)
    for row, err, got in bad[:5]:
        print(f"FAIL vectors: model gives {err} {got} for {json.dumps(row)[:400]}")
    if bad:
        print(f"FAIL vectors: {len(bad)} of {n} rows of tests/vectors/math.json differ from the model")
        sys.exit(1)
    print(f"ok   vectors: the model reproduces all {n} results of tests/vectors/math.json")


# ------------------------------------------------------------------ 3. the proofs

S = M.Symbolic()
RESULTS = []


def u(name, bits):
    x = z3.Int(name)
    return x, z3.And(x >= 0, x < 2**bits)


def i64(name):
    x = z3.Int(name)
    return x, z3.And(x >= I64_MIN, x <= I64_MAX)


def prove(name, prop, hyps, goal, scope, timeout_ms=None):
    """Proves hyps => goal for every assignment: its negation is unsatisfiable."""
    s = z3.SolverFor("QF_NIA") if not any(z3.is_quantifier(h) for h in hyps) else z3.Solver()
    s.set("timeout", timeout_ms or TIMEOUT_MS)
    s.add(*hyps)
    if s.check() != z3.sat:  # a proof from contradictory hypotheses would prove anything
        print(f"FAIL [{prop}] {name}: its hypotheses are unsatisfiable (vacuous)")
        RESULTS.append((prop, name, False, 0.0))
        return
    s.add(z3.Not(goal))
    t = time.time()
    r = s.check()
    dt = time.time() - t
    status = "proved" if r == z3.unsat else "FAILED" if r == z3.sat else "NOT PROVED (" + s.reason_unknown() + ")"
    print(f"{'ok  ' if r == z3.unsat else 'FAIL'} [{prop}] {name}: {status} in {dt:.1f}s  ({scope})")
    if r == z3.sat:
        m = s.model()
        print("     counterexample: " + ", ".join(f"{d.name()}={m[d]}" for d in sorted(m.decls(), key=lambda d: d.name())
                                              if d.arity() == 0))
    RESULTS.append((prop, name, r == z3.unsat, dt))


GAPS = []


def witness(name, prop, hyps, cond, note):
    """A stated gap: an input in the types' ranges, outside what the code produces, where the
    property does not hold. Reported, not failed; a fix makes it print 'gap closed'."""
    s = z3.SolverFor("QF_NIA")
    s.set("timeout", TIMEOUT_MS)
    s.add(*hyps, cond)
    r = s.check()
    if r == z3.sat:
        m = s.model()
        ex = ", ".join(f"{d.name()}={m[d]}" for d in sorted(m.decls(), key=lambda d: d.name()) if d.arity() == 0)
        print(f"gap  [{prop}] {name}: {note}\n     e.g. {ex}")
    else:
        print(f"gap  [{prop}] {name}: no longer found ({r}): the gap is closed, update the README")
    GAPS.append(name)


def index_vars(p):
    f, fb = u(p + "_factor", 128)
    sc, sb = u(p + "_scale", 32)
    e, eb = u(p + "_epoch", 32)
    return (f, sc, e), [fb, sb, eb]


def index_invariant(i):
    """Every index the code produces: INITIAL, or after_loss of one that holds it (proved below)."""
    return z3.And(i[0] >= M.INDEX_RESCALE_THRESHOLD, i[0] <= M.INDEX_ONE)


def proofs(only):
    W, Wb = u("W", 64)
    L, Lb = u("L", 64)
    a, ab = u("a", 64)
    I0, I0b = index_vars("I")
    want = lambda p: not only or p in only

    if want("1"):
        # 1. Rounding of one charge.
        err, I1 = M.after_loss(S, I0, W, L)
        err2, rem = M.remaining(S, I1, a, I0)
        charge = a - rem
        hyps = [Wb, Lb, ab, *I0b, index_invariant(I0), L <= W, a <= W, I0[2] + 1 < U32, I0[1] + 3 < U32]
        prove("after_loss and remaining return Ok", "1", hyps, z3.And(err == OK, err2 == OK),
              "W, L, a: u64, L <= W, a <= W; factor in [1e27, 1e36]; scale, epoch: u32 below u32::MAX - 3")
        ok = [*hyps, err == OK, err2 == OK]
        prove("charge >= a*L/W", "1", ok, charge * W >= a * L, "same")
        prove("charge < a*L/W + 2", "1", ok + [W > 0], charge * W < a * L + 2 * W, "same")
        prove("charge <= a", "1", ok, z3.And(charge <= a, charge >= 0), "same")

    if want("2"):
        # 2. Conservation of one event, for any number of holders, by induction over the
        # settlements. Per-holder bounds from property 1; state after k holders settled:
        # A = their recorded amounts, C = their charges.
        A, Ab = u("A", 64)
        C, Cb = u("C", 128)
        c, cb = u("c", 64)
        # Sum of charges: invariant C*W >= A*L (0 >= 0 at the start), step with c*W >= a*L.
        prove("sum of charges >= sum of exact shares (induction step)", "2",
              [Wb, Lb, ab, L <= W, W > 0, A + a <= W, C * W >= A * L, c * W >= a * L],
              (C + c) * W >= (A + a) * L, "any number of holders; W, L, a: u64")
        # After everyone (A = W): C*W >= W*L, so C >= L.
        prove("all holders settled: charges >= L", "2", [Wb, Lb, W > 0, C * W >= W * L], C >= L, "C: u128")
        # Books: a fresh pool holding W (holders' amounts add up to W) absorbs L (the code's
        # LossPool::absorb), then holders settle one by one with release_dust = true (the
        # code's LossPool::settle). Inductive invariant after holders with amounts A settled
        # with charges C and dust D released: D = max(0, C - L), total = W - L - D,
        # C*W >= A*L, C <= A <= W.
        I, Ib = index_vars("S")
        pool0 = dict(total=W, index=I, absorbed=0, collected=0, dust=0)
        err, absorbed, pool1 = M.absorb(S, pool0, L)
        ev = [Wb, Lb, *Ib, index_invariant(I), L <= W, I[2] + 1 < U32, I[1] + 3 < U32]
        prove("absorb takes the whole loss: total W - L, absorbed L", "2", ev,
              z3.And(err == OK, absorbed == L, pool1["total"] == W - L, pool1["absorbed"] == L),
              "W, L: u64, L <= W; factor in [1e27, 1e36]")
        T, Tb = u("T", 64)
        D, Db = u("D", 128)
        inv = lambda C_, D_, T_, A_: z3.And(D_ == z3.If(C_ > L, C_ - L, 0), T_ == W - L - D_,
                                            C_ * W >= A_ * L, C_ <= A_, A_ <= W)
        st = dict(pool1, total=T, collected=C, dust=D)
        err, rem, charge, dust, st2 = M.settle(S, st, a, I, S.true)
        prove("settle (release_dust) keeps the invariant: books = W - L - dust", "2",
              [*ev, ab, Ab, Cb, Db, Tb, W > 0, A + a <= W, inv(C, D, T, A)],
              z3.And(err == OK, st2["absorbed"] == L, rem + charge == a,
                     inv(st2["collected"], st2["dust"], st2["total"], A + a)),
              "W, L, a: u64; C, D: u128; any number of holders, in any order")
        prove("all settled: charges >= L, dust = charges - L, books = what holders keep", "2",
              [Wb, Lb, Cb, Db, Tb, W > 0, L <= W, inv(C, D, T, W)],
              z3.And(C >= L, D == C - L, T == W - C), "A = W: sum kept = W - C")

    if want("3"):
        # 3. Rescale: an index (F, sc) below the threshold and the same index rescaled
        # (F * 1e9, sc + 1) leave every holder the same amount, for every snapshot the code
        # can hold (factor in its bounds, same epoch, scale at or below sc).
        F, Fb = u("F", 128)
        sc, scb = u("sc", 32)
        e, eb = u("e", 32)
        P, Pb = index_vars("P")
        before = (F, sc, e)
        after = (F * M.INDEX_RESCALE_FACTOR, sc + 1, e)
        e1, r1 = M.remaining(S, before, a, P)
        e2, r2 = M.remaining(S, after, a, P)
        prove("rescale by 1e9 changes no holder's amount", "3",
              [ab, Fb, scb, eb, *Pb, F >= 1, F < M.INDEX_RESCALE_THRESHOLD, sc + 1 < U32,
               index_invariant(P), P[2] == e, P[1] <= sc, z3.Or(P[0] != F, P[1] != sc)],
              z3.And(e1 == e2, z3.Implies(e1 == OK, r1 == r2)),
              "a: u64; F in [1, 1e27); snapshot factor in [1e27, 1e36], any scale gap")
        # after_loss keeps the invariant and rescales at most 3 times.
        err, I1 = M.after_loss(S, I0, W, L)
        prove("after_loss keeps factor in [1e27, 1e36] (the invariant used above)", "3",
              [Wb, Lb, *I0b, index_invariant(I0), L <= W, I0[2] + 1 < U32, I0[1] + 3 < U32],
              z3.And(err == OK, index_invariant(I1)), "W, L: u64; scale, epoch below u32::MAX - 3")
        # Epochs: a loss of the whole pool makes every older snapshot worth exactly zero.
        err, I1 = M.after_loss(S, I0, W, W)
        P, Pb = index_vars("Q")
        e3, r3 = M.remaining(S, I1, a, P)
        prove("a wiped pool's epoch makes older snapshots worth zero", "3",
              [Wb, ab, *I0b, *Pb, W > 0, I0[2] + 1 < U32, P[2] <= I0[2]],
              z3.And(err == OK, I1[2] == I0[2] + 1, e3 == OK, r3 == 0),
              "W, a: u64; any index and snapshot with epoch <= the wiped one")

    if want("4"):
        amount, amb = u("amount", 64)
        B, Bb = u("B", 64)
        T, Tb = u("T", 128)
        x, xb = u("x", 128)
        base = [amb, Bb, Tb, B + amount < U64]
        e1, sh = M.shares_for_deposit(S, amount, B, T)
        e2, val = M.value_of_shares(S, sh, B + amount, T + sh)
        prove("stake then unstake returns at most what was paid", "4",
              [*base, e1 == OK, e2 == OK, T + sh < U128], val <= amount,
              "amount, balance: u64; total_shares: u128; wherever both calls succeed")
        e3, before = M.value_of_shares(S, x, B, T)
        e4, after = M.value_of_shares(S, x, B + amount, T + sh)
        prove("a stake never lowers another staker's value", "4",
              [*base, xb, x <= T, e1 == OK, T + sh + M.INSURANCE_VIRTUAL_SHARES < U128, e3 == OK],
              z3.And(e4 == OK, after >= before), "x <= total_shares: u128; supply + 1e6 virtual shares fits u128")
        prove("a stake that would take the supply past u128 makes values MathOverflow, not lower", "4",
              [*base, xb, x <= T, e1 == OK, T + sh < U128, T + sh + M.INSURANCE_VIRTUAL_SHARES >= U128],
              e4 == M.OVERFLOW, "the other case")
        d, db = u("d", 64)
        e5, v_after = M.value_of_shares(S, x, B - d, T)
        prove("share price after a draw: each holder loses its share of the draw (within 1)", "4",
              [Bb, Tb, xb, db, d <= B, x <= T, e3 == OK],
              z3.And(e5 == OK, v_after == (x * (B - d + 1)) / (T + M.INSURANCE_VIRTUAL_SHARES),
                     (before - v_after) * (T + M.INSURANCE_VIRTUAL_SHARES) > x * d - (T + M.INSURANCE_VIRTUAL_SHARES),
                     (before - v_after) * (T + M.INSURANCE_VIRTUAL_SHARES) < x * d + (T + M.INSURANCE_VIRTUAL_SHARES)),
              "draw d <= balance: u64")
        e6, all_value = M.value_of_shares(S, T, B - d, T)
        prove("after a draw, all shares together are worth at most the balance", "4",
              [Bb, Tb, db, d <= B, e6 == OK], all_value <= B - d, "total_shares: u128")

    if want("5"):
        # 5. The waterfall, on 64-bit values: the code's functions in sequence.
        prof, pb = u("profit", 64)
        prin, qb = u("principal", 64)
        amt, mb = u("amount", 64)
        fund, fb = u("fund", 64)
        cap, cb = u("cap", 64)
        allow, wb = u("allowance", 64)
        P_, P_b = u("all_profit", 64)
        Q_, Q_b = u("all_principal", 64)
        e1, (fp, fq, short) = M.split_position_loss(S, prof, prin, amt)
        e2, drawn = M.insurance_draw(S, short, fund, cap, allow)
        e3, (claw, hair) = M.split_uncovered_loss(S, short - drawn, P_, Q_)
        hyps = [pb, qb, mb, fb, cb, wb, P_b, Q_b]
        prove("position loss: profit + principal + shortfall = loss, profit first", "5", hyps,
              z3.And(e1 == OK, fp + fq + short == amt, fp <= prof, fq <= prin, z3.Implies(fq > 0, fp == prof),
                     z3.Implies(short > 0, z3.And(fp == prof, fq == prin)), short >= 0),
              "all inputs u64")
        prove("fund + clawback + haircut = shortfall, each within its cap, in order", "5",
              hyps + [Q_ + P_ >= short - drawn],
              z3.And(e2 == OK, e3 == OK, drawn + claw + hair == short,
                     drawn <= fund, drawn <= cap, drawn <= allow, drawn <= short, claw <= P_, hair <= Q_,
                     z3.Implies(claw > 0, z3.Or(drawn == fund, drawn == cap, drawn == allow)),
                     z3.Implies(hair > 0, claw == P_), drawn >= 0, claw >= 0, hair >= 0),
              "all inputs u64; books cover the rest (else LossExceedsCapital)")
        prove("the rest exceeds the books -> LossExceedsCapital, nothing assigned", "5",
              hyps + [Q_ + P_ < short - drawn], e3 == M.LOSS_EXCEEDS_CAPITAL, "all inputs u64")

    if want("6"):
        # 6. No panic path: for every input of the types' ranges the model's error is never
        # PANIC (nor the model's loop bound); MathOverflow and the named errors are allowed.
        nopanic = lambda e: z3.And(e != PANIC, e != M.LOOP_BOUND)
        x, xb = u("x", 64)
        y, yb = u("y", 64)
        zz, zb = u("z", 64)
        err, _ = M.mul_div_floor_u64(S, x, y, zz)
        prove("mul_div_floor_u64", "6", [xb, yb, zb], nopanic(err), "u64^3")
        P, Pb = index_vars("P")
        err, _ = M.after_loss(S, I0, W, L)
        prove("after_loss (loop ends within 3 rounds)", "6", [Wb, Lb, *I0b, I0[0] >= U64], nopanic(err),
              "W, L: u64, scale, epoch: u32, factor: u128 >= 2^64 (the invariant's 1e27 and more)")
        witness("after_loss with a factor below 2^64", "6", [Wb, Lb, *I0b, I0[0] < U64], err == M.LOOP_BOUND,
                "surviving factor 0: the rescale loop runs until scale overflows (MathOverflow after up to "
                "2^32 rounds, i.e. compute exhausted), no panic; no index the code produces has such a factor")
        err, _ = M.remaining(S, I0, a, P)
        prove("remaining, factors within the invariant", "6", [ab, *I0b, *Pb, index_invariant(I0), index_invariant(P)],
              nopanic(err), "a: u64, scale, epoch: u32, factors in [1e27, 1e36]")
        prove("remaining, any factors with now.factor <= 2^64 * snapshot.factor", "6",
              [ab, *I0b, *Pb, I0[0] <= U64 * P[0]], nopanic(err), "a: u64, any u128 factors in that ratio")
        prove("remaining, any factors", "6", [ab, *I0b, *Pb], nopanic(err),
              "a: u64, scale, epoch: u32, any u128 factors (a quotient of 2^64 or more is MathOverflow)")
        pool = dict(total=W, index=I0, absorbed=z3.Int("soc"), collected=z3.Int("col"), dust=z3.Int("dus"))
        pbs = [z3.And(v >= 0, v < U128) for v in (pool["absorbed"], pool["collected"], pool["dust"])]
        err, *_ = M.absorb(S, pool, L)
        prove("absorb", "6", [Wb, Lb, *I0b, *pbs, I0[0] >= U64], nopanic(err), "pool: any, factor >= 2^64")
        rd = z3.Bool("release_dust")
        err, *_ = M.settle(S, pool, a, P, rd)
        prove("settle, factors within the invariant", "6",
              [Wb, ab, *I0b, *Pb, *pbs, index_invariant(I0), index_invariant(P)], nopanic(err),
              "pool totals: u64/u128, factors in [1e27, 1e36]")
        T, Tb = u("T", 128)
        for fn, args in (("shares_for_deposit", (x, y, T)), ("value_of_shares", (T, y, T)),
                         ("shares_worthless", (y, T))):
            err, _ = getattr(M, fn)(S, *args)
            prove(fn, "6", [xb, yb, Tb], nopanic(err), "u64, u128")
        err, _ = M.split_position_loss(S, x, y, zz)
        prove("split_position_loss", "6", [xb, yb, zb], nopanic(err), "u64^3")
        err, _ = M.split_uncovered_loss(S, x, y, zz)
        prove("split_uncovered_loss", "6", [xb, yb, zb], nopanic(err), "u64^3")
        w, wb_ = i64("window")
        t0, t0b = i64("t0")
        t1, t1b = i64("t1")
        r, rb = u("r", 64)
        err, _ = M.refilled_allowance(S, x, r, y, w, t0, t1)
        prove("refilled_allowance", "6", [xb, yb, rb, wb_, t0b, t1b], nopanic(err), "u64, i64")
        err, _ = M.maturity_of_gain(S, t0, t1)
        prove("maturity_of_gain", "6", [t0b, t1b], nopanic(err), "i64^2")
        o, ob = i64("open")
        n1, n1b = i64("proposal_notice")
        n2, n2b = i64("market_notice")
        err, _ = M.notice_status(S, o, n1, n2)
        hv = [i64(n) for n in ("halted_secs", "halted_since", "since", "halted_at_since", "now")]
        _, opened = M.halt_open_secs(S, *[v for v, _ in hv])
        prove("HaltClock::open_secs >= 0 (what NoticeClock::status is given)", "6", [b for _, b in hv], opened >= 0,
              "i64^5")
        prove("NoticeClock::status, any i64 inputs", "6", [ob, n1b, n2b], nopanic(err), "i64^3")

def main():
    args = sys.argv[1:]
    check_sources("--update-fingerprints" in args)
    if "--mutation" not in args:
        check_vectors()
    if "--mutation" in args:
        M.MUTATION = args[args.index("--mutation") + 1]
        args.remove(M.MUTATION)
        print(f"MUTATION {M.MUTATION}: the model is changed deliberately; a proof must fail")
    only = [a for a in args if not a.startswith("--")]
    t = time.time()
    proofs(only)
    if M.MUTATION is None and not only:
        # Self-test: the same proof of a model with the charge rounded down must fail.
        M.MUTATION = "remaining-rounds-up"
        err, I1 = M.after_loss(S, I0 := index_vars("I")[0], W := z3.Int("W"), L := z3.Int("L"))
        a = z3.Int("a")
        err2, rem = M.remaining(S, I1, a, I0)
        s = z3.SolverFor("QF_NIA")
        s.set("timeout", TIMEOUT_MS)
        s.add(W >= 0, W < U64, L >= 0, L <= W, a >= 0, a <= W, index_invariant(I0), I0[1] >= 0, I0[2] >= 0,
              I0[1] + 3 < U32, I0[2] + 1 < U32, err == OK, err2 == OK, z3.Not((a - rem) * W >= a * L))
        M.MUTATION = None
        r = s.check()
        print(f"{'ok  ' if r == z3.sat else 'FAIL'} self-test: with the charge rounded down, "
              f"[1] charge >= a*L/W {'fails as it must' if r == z3.sat else 'did not fail: ' + str(r)}")
        RESULTS.append(("self-test", "mutation", r == z3.sat, 0.0))
    failed = [r for r in RESULTS if not r[2]]
    print(f"{len(GAPS)} stated gaps (see README, What is proved)")
    print(f"proofs took {time.time() - t:.1f}s")
    print(f"prove: {len(RESULTS) - len(failed)} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
