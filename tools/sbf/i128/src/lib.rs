//! The 128-bit integer libcalls (`__multi3`, `__udivti3`, `__umodti3`, `__divti3`, `__modti3`)
//! for the experimental SBF build (upstream LLVM 23's BPF backend, rustc 1.96). Rust and LLVM's
//! BPF backend disagree on how a 128-bit result is returned, so these use LLVM's own register
//! convention (`extern "unadjusted"`) on BPF.
//!
//! Division is the cost that matters (the loss index divides 256-bit products by u128 factors,
//! share math divides u128s): instead of one step per quotient bit (up to 128 rounds), it uses
//! 64-bit hardware division on normalized 32-bit digits (Knuth's algorithm D, as in Hacker's
//! Delight `divlu`): two digit steps for a 64-bit divisor, one estimate and at most one
//! correction for a wider one.
#![no_std]
#![cfg_attr(target_arch = "bpf", feature(abi_unadjusted))]

/// `(hi, lo)` of the 128-bit product of two u64.
#[inline(always)]
pub fn mul64(a: u64, b: u64) -> (u64, u64) {
    let (a0, a1) = (a & 0xffff_ffff, a >> 32);
    let (b0, b1) = (b & 0xffff_ffff, b >> 32);
    let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
    let mid = (p00 >> 32) + (p01 & 0xffff_ffff) + (p10 & 0xffff_ffff);
    ((p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32)), (p00 & 0xffff_ffff) | (mid << 32))
}

/// Wrapping 128-bit product from 64-bit limbs.
#[inline(always)]
pub fn mul128(a: u128, b: u128) -> u128 {
    let (al, ah, bl, bh) = (a as u64, (a >> 64) as u64, b as u64, (b >> 64) as u64);
    let (hi, lo) = mul64(al, bl);
    let hi = hi.wrapping_add(al.wrapping_mul(bh)).wrapping_add(ah.wrapping_mul(bl));
    ((hi as u128) << 64) | lo as u128
}

/// `(u1·2^64 + u0) / v` and the remainder, for `u1 < v` (so the quotient fits in 64 bits).
/// Hacker's Delight `divlu`: normalize `v`, then two 32-bit quotient digits, each estimated
/// with one 64-bit division and corrected at most twice.
#[inline(always)]
fn div_128_by_64(u1: u64, u0: u64, v: u64) -> (u64, u64) {
    const B: u64 = 1 << 32;
    let s = v.leading_zeros();
    let v = v << s;
    let (vn1, vn0) = (v >> 32, v & 0xffff_ffff);
    let un32 = if s == 0 { u1 } else { (u1 << s) | (u0 >> (64 - s)) };
    let un10 = u0 << s;
    let (un1, un0) = (un10 >> 32, un10 & 0xffff_ffff);

    let mut q1 = un32 / vn1;
    let mut rhat = un32 - q1 * vn1;
    while q1 >= B || q1 * vn0 > B * rhat + un1 {
        q1 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let un21 = un32.wrapping_mul(B).wrapping_add(un1).wrapping_sub(q1.wrapping_mul(v));

    let mut q0 = un21 / vn1;
    let mut rhat = un21 - q0 * vn1;
    while q0 >= B || q0 * vn0 > B * rhat + un0 {
        q0 -= 1;
        rhat += vn1;
        if rhat >= B {
            break;
        }
    }
    let r = un21.wrapping_mul(B).wrapping_add(un0).wrapping_sub(q0.wrapping_mul(v));
    (q1 * B + q0, r >> s)
}

/// Unsigned 128-bit division and remainder (`d == 0` gives `(0, 0)`; Rust checks it first).
pub fn udivmod(n: u128, d: u128) -> (u128, u128) {
    if d == 0 {
        return (0, 0);
    }
    if n < d {
        return (0, n);
    }
    let (n1, n0, d1, d0) = ((n >> 64) as u64, n as u64, (d >> 64) as u64, d as u64);
    if d1 == 0 {
        if n1 == 0 {
            return ((n0 / d0) as u128, (n0 % d0) as u128);
        }
        // Two 128-by-64 steps: the high word first, then the remainder with the low word.
        let (q1, r1) = (n1 / d0, n1 % d0);
        let (q0, r) = div_128_by_64(r1, n0, d0);
        return (((q1 as u128) << 64) | q0 as u128, r as u128);
    }
    // A divisor of 65..128 bits: the quotient fits in 64 bits. Estimate it from the top 64 bits
    // of the normalized divisor (too large by at most one), then correct.
    let s = d1.leading_zeros();
    let d_top = if s == 0 { d1 } else { (d1 << s) | (d0 >> (64 - s)) };
    let (n_hi, n_lo) = ((n1 >> 1) as u64, ((n >> 1) as u64));
    let (q_est, _) = div_128_by_64(n_hi, n_lo, d_top);
    let mut q = (q_est >> (63 - s)) as u128;
    if q != 0 {
        q -= 1;
    }
    let mut r = n - mul128(q, d);
    if r >= d {
        q += 1;
        r -= d;
    }
    (q, r)
}

#[cfg(target_arch = "bpf")]
mod libcalls {
    use super::*;

    #[no_mangle]
    pub extern "unadjusted" fn __multi3(a: i128, b: i128) -> i128 {
        mul128(a as u128, b as u128) as i128
    }
    #[no_mangle]
    pub extern "unadjusted" fn __udivti3(n: u128, d: u128) -> u128 {
        udivmod(n, d).0
    }
    #[no_mangle]
    pub extern "unadjusted" fn __umodti3(n: u128, d: u128) -> u128 {
        udivmod(n, d).1
    }
    #[no_mangle]
    pub extern "unadjusted" fn __divti3(n: i128, d: i128) -> i128 {
        let q = udivmod(n.unsigned_abs(), d.unsigned_abs()).0 as i128;
        if (n < 0) != (d < 0) {
            q.wrapping_neg()
        } else {
            q
        }
    }
    #[no_mangle]
    pub extern "unadjusted" fn __modti3(n: i128, d: i128) -> i128 {
        let r = udivmod(n.unsigned_abs(), d.unsigned_abs()).1 as i128;
        if n < 0 {
            r.wrapping_neg()
        } else {
            r
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splitmix(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A u128 with a random number of significant bits (small and huge alike).
    fn value(state: &mut u64) -> u128 {
        let v = ((splitmix(state) as u128) << 64) | splitmix(state) as u128;
        let bits = splitmix(state) % 129;
        if bits == 128 {
            v
        } else {
            v & ((1u128 << bits) - 1)
        }
    }

    #[test]
    fn division_matches_rust_on_edges_and_random_values() {
        let edges = [0u128, 1, 2, 3, u32::MAX as u128, 1 << 32, u64::MAX as u128, 1 << 64, (1 << 64) + 1, u128::MAX - 1, u128::MAX, 10u128.pow(36), 10u128.pow(27), (1 << 127) - 1, 1 << 127];
        for &n in &edges {
            for &d in &edges {
                if d != 0 {
                    assert_eq!(udivmod(n, d), (n / d, n % d), "{n} / {d}");
                }
            }
        }
        let mut state = 7;
        for _ in 0..2_000_000 {
            let (n, d) = (value(&mut state), value(&mut state));
            if d != 0 {
                assert_eq!(udivmod(n, d), (n / d, n % d), "{n} / {d}");
            }
            assert_eq!(mul128(n, d), n.wrapping_mul(d));
        }
    }
}
