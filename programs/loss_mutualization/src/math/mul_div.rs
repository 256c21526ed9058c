//! `floor(a * f / d)` for a `u64` times a `u128`, without 256-bit arithmetic where the answer
//! allows it. The loss index and the share price need this product over a quotient on every
//! settlement and every loss; the generic 256-bit division (`u256::U256`) costs about 2.7k CU
//! on the bytecode for one, this about a tenth of that (results/cu-profile.md).
//!
//! The product is held as three 64-bit limbs. A divisor below 2^64 is schoolbook long division
//! (three `u128 / u64` steps). A larger divisor is one step of Knuth's algorithm D (TAOCP 4.3.1):
//! normalize the divisor so that its top bit is set; the estimate from the top two limbs is then
//! at most 2 above the true digit, and is corrected by comparing estimate * divisor with the
//! dividend. The property tests check every answer against `U256`.

/// `Some(floor(a * f / d))` when `d < 2^64` and the quotient fits in 128 bits, or when the
/// quotient is below 2^64; `None` otherwise (the caller computes it in 256 bits) and when
/// `d == 0`.
pub fn mul_div_floor(a: u64, f: u128, d: u128) -> Option<u128> {
    if d == 0 {
        return None;
    }
    let n = mul_limbs(f, a);
    if d >> 64 == 0 {
        return div_by_u64(n, d as u64);
    }
    // The quotient is below 2^64 exactly when the top two limbs are below the divisor.
    if join(n[2], n[1]) >= d {
        return None;
    }
    let shift = d.leading_zeros();
    let divisor = d << shift;
    let dividend = shl_limbs(n, shift);
    let top = (divisor >> 64) as u64;
    let mut digit = (join(dividend[2], dividend[1]) / top as u128).min(u64::MAX as u128) as u64;
    // At most two corrections (Knuth's theorem B); the loop is correct for any start above.
    while greater(mul_limbs(divisor, digit), dividend) {
        digit -= 1;
    }
    Some(digit as u128)
}

/// `x * y` as little-endian 64-bit limbs (exact: below 2^192).
fn mul_limbs(x: u128, y: u64) -> [u64; 3] {
    let low = (x as u64 as u128) * y as u128;
    let high = (x >> 64) * y as u128;
    let middle = (low >> 64) + (high as u64 as u128);
    [low as u64, middle as u64, ((high >> 64) + (middle >> 64)) as u64]
}

fn join(high: u64, low: u64) -> u128 {
    ((high as u128) << 64) | low as u128
}

/// `n << shift` for `shift < 64` when the result fits in three limbs (the caller's dividend is
/// below `divisor * 2^64`, so shifted it stays below `(divisor << shift) * 2^64 < 2^192`).
fn shl_limbs(n: [u64; 3], shift: u32) -> [u64; 3] {
    if shift == 0 {
        return n;
    }
    [n[0] << shift, (n[1] << shift) | (n[0] >> (64 - shift)), (n[2] << shift) | (n[1] >> (64 - shift))]
}

fn greater(x: [u64; 3], y: [u64; 3]) -> bool {
    (x[2], x[1], x[0]) > (y[2], y[1], y[0])
}

/// Long division of three limbs by one; `None` if the quotient needs more than 128 bits.
fn div_by_u64(n: [u64; 3], d: u64) -> Option<u128> {
    let d = d as u128;
    if n[2] as u128 >= d {
        return None;
    }
    let upper = join(n[2], n[1]);
    let (q1, r1) = (upper / d, upper % d);
    let q0 = join(r1 as u64, n[0]) / d;
    Some((q1 << 64) | q0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::math::u256::U256;
    use proptest::prelude::*;

    /// The answer in 256 bits, and whether `mul_div_floor` must give it.
    fn reference(a: u64, f: u128, d: u128) -> (U256, bool) {
        let q = U256::from(a) * U256::from(f) / U256::from(d);
        let fast = (d >> 64 == 0 && q <= U256::from(u128::MAX)) || q < U256::from(u64::MAX) + 1;
        (q, fast)
    }

    fn check(a: u64, f: u128, d: u128) {
        let (q, fast) = reference(a, f, d);
        match mul_div_floor(a, f, d) {
            Some(got) => assert_eq!(U256::from(got), q, "a={a} f={f} d={d}"),
            None => assert!(!fast, "a={a} f={f} d={d}: None, expected {q}"),
        }
        if fast {
            assert!(mul_div_floor(a, f, d).is_some(), "a={a} f={f} d={d}");
        }
    }

    #[test]
    fn edges() {
        let values = [1u128, 2, 3, u64::MAX as u128 - 1, u64::MAX as u128, 1 << 64, (1 << 64) + 1, 10u128.pow(27),
            10u128.pow(36) - 1, 10u128.pow(36), u128::MAX / 3, u128::MAX - 1, u128::MAX];
        for a in [0u64, 1, 2, 7, 1 << 32, u64::MAX - 1, u64::MAX] {
            for &f in &values {
                for &d in &values {
                    check(a, f, d);
                }
            }
        }
        assert_eq!(mul_div_floor(5, 5, 0), None);
    }

    /// Knuth's correction runs: divisors whose top limb is small against the dividend's.
    #[test]
    fn corrections() {
        for leading_zeros in 0..64u32 {
            for d in [u128::MAX >> leading_zeros, (1u128 << (127 - leading_zeros)) | 1, 1u128 << (127 - leading_zeros)] {
                assert_eq!(d.leading_zeros(), leading_zeros);
                for f in [d - 1, d / 2 + 1, d / 3, 1] {
                    check(u64::MAX, f, d);
                    check(u64::MAX - 1, f, d);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn matches_u256(a in any::<u64>(), f in any::<u128>(), d in 1..=u128::MAX) {
            check(a, f, d);
        }

        /// The loss index's shapes: factors in [10^27, 10^36], the quotient at most `a`.
        #[test]
        fn matches_u256_index(a in any::<u64>(), d in 10u128.pow(27)..=10u128.pow(36), cut in 0u128..=10u128.pow(36)) {
            check(a, d - cut.min(d - 1), d);
        }

        #[test]
        fn matches_u256_small_divisor(a in any::<u64>(), f in any::<u128>(), d in 1..=u64::MAX as u128) {
            check(a, f, d);
        }
    }
}
