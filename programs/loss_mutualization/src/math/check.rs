//! The rounding properties as executable checks, shared by the property tests and the fuzz
//! target (`fuzz/`). Exact shares are big rationals; what the pool charges is compared with
//! them. Every failed property panics with a message.
//!
//! Compiled only for tests and with the `check` feature, never into the program.

use super::constants::INSURANCE_MAX_SHARES_PER_UNIT;
use super::insurance_shares::{shares_for_deposit, value_of_shares};
use super::rate_limit::refilled_allowance;
use super::{LossIndex, LossPool};
use num_bigint::BigInt;
use num_rational::BigRational;

pub fn rat(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// A holder of a pool: its recorded amount and snapshot, and the exact amount it would hold if
/// every loss since its last settlement were applied without rounding.
pub struct Holder {
    pub amount: u64,
    pub snapshot: LossIndex,
    pub exact: BigRational,
    pub charged: u64,
}

pub fn pool_with(amounts: &[u64]) -> (LossPool, Vec<Holder>) {
    let mut pool = LossPool::new();
    let holders = amounts.iter().map(|&amount| join(&mut pool, amount)).collect();
    (pool, holders)
}

/// A new holder of `amount`, recorded at the current index.
pub fn join(pool: &mut LossPool, amount: u64) -> Holder {
    pool.add(amount).unwrap();
    Holder { amount, snapshot: pool.index, exact: rat(amount), charged: 0 }
}

/// Spread `loss` over the pool, and the same loss exactly over each holder's exact amount.
pub fn absorb(pool: &mut LossPool, holders: &mut [Holder], loss: u64) -> u64 {
    let total = pool.total;
    let absorbed = pool.absorb(loss).unwrap();
    if total > 0 {
        let keep = (rat(total) - rat(absorbed)) / rat(total);
        for holder in holders.iter_mut() {
            holder.exact = holder.exact.clone() * keep.clone();
        }
    }
    absorbed
}

/// Settle a holder, and check its charge against the exact charge for every loss since its
/// last settlement: never below it, less than 2 base units above it, never above its amount.
pub fn settle(pool: &mut LossPool, holder: &mut Holder) {
    settle_releasing(pool, holder, true)
}

/// `settle`, with the dust release on or off (off while a loss is pending).
pub fn settle_releasing(pool: &mut LossPool, holder: &mut Holder, release_dust: bool) {
    let settlement = pool.settle(holder.amount, holder.snapshot, release_dust).unwrap();
    assert!(release_dust || settlement.dust_released == 0, "dust released while a loss is pending");
    assert_eq!(settlement.remaining + settlement.charge, holder.amount, "charge + remaining != amount");
    let kept = rat(settlement.remaining);
    assert!(kept <= holder.exact, "holder kept more than its exact share");
    assert!(holder.exact.clone() - kept.clone() < rat(2), "charged 2 or more above the exact share");
    holder.amount = settlement.remaining;
    holder.exact = kept;
    holder.snapshot = pool.index;
    holder.charged += settlement.charge;
}

/// Books never below what holders can claim.
pub fn assert_books_cover_claims(pool: &LossPool, holders: &[Holder]) {
    let claims: u128 = holders.iter().map(|h| pool.index.remaining(h.amount, h.snapshot).unwrap() as u128).sum();
    assert!(claims <= pool.total as u128, "claims {claims} above books {}", pool.total);
}

/// Once every holder has settled: the books equal the holdings, and the lifetime charges are
/// the lifetime loss plus the dust released.
pub fn assert_settled_books(pool: &LossPool, holders: &[Holder]) {
    let held: u64 = holders.iter().map(|h| h.amount).sum();
    assert_eq!(pool.total, held, "books != holdings after everyone settled");
    assert_eq!(pool.collected, pool.absorbed + pool.dust_released, "charges != loss + dust");
}

/// splitmix64: a small seedable generator for the fuzz smoke run and the runtime simulation.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    /// Log-uniform in 1..=max: small and large amounts alike.
    pub fn amount(&mut self, max: u64) -> u64 {
        let bits = 64 - max.max(1).leading_zeros() as u64;
        let cap = 1u64.checked_shl(self.below(bits + 1) as u32).unwrap_or(u64::MAX).min(max.max(1));
        1 + self.below(cap)
    }
}

/// Reads little-endian integers from fuzz input, then zeros.
pub struct Input<'a>(&'a [u8]);

impl Input<'_> {
    pub fn u64(&mut self) -> u64 {
        let n = self.0.len().min(8);
        let mut bytes = [0u8; 8];
        bytes[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        u64::from_le_bytes(bytes)
    }
    pub fn u8(&mut self) -> u8 {
        let Some((&byte, rest)) = self.0.split_first() else { return 0 };
        self.0 = rest;
        byte
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One fuzz case: a pool with holders, a run of loss events with holders settling at random,
/// joining late; then insurance share and allowance checks on the remaining bytes.
pub fn run(data: &[u8]) {
    let mut input = Input(data);
    let holders_count = 1 + (input.u8() % 16) as usize;
    // Amounts of any size, kept so that the pool total fits in u64.
    let cap = u64::MAX / 32;
    let amounts: Vec<u64> = (0..holders_count).map(|_| 1 + input.u64() % cap).collect();
    let (mut pool, mut holders) = pool_with(&amounts);
    let events = input.u8() % 12;
    for _ in 0..events {
        let total = pool.total;
        let loss = match input.u8() % 4 {
            0 => total,                                            // wipe-out
            1 => input.u64() % 3,                                  // a unit or two
            _ => (total as u128 * (input.u64() % 1_000_001) as u128 / 1_000_000) as u64,
        };
        assert_eq!(absorb(&mut pool, &mut holders, loss), loss.min(total));
        let mask = input.u64();
        for (i, holder) in holders.iter_mut().enumerate() {
            if mask >> (i % 64) & 1 == 1 {
                settle(&mut pool, holder);
            }
        }
        assert_books_cover_claims(&pool, &holders);
        let join_amount = input.u64() % 1_000_000_000;
        if join_amount > 0 && pool.total.checked_add(join_amount).is_some() && holders.len() < 64 {
            holders.push(join(&mut pool, join_amount));
        }
    }
    for holder in holders.iter_mut() {
        settle(&mut pool, holder);
    }
    assert_settled_books(&pool, &holders);

    if input.is_empty() {
        return;
    }
    // Insurance shares: a stake never redeems for more than it paid, nor dilutes others.
    let amount = 1 + input.u64() % (u64::MAX / 4);
    let balance = input.u64() % (u64::MAX / 4);
    // Reachable states only: a drawdown that leaves more than 10^12 shares per unit retires the
    // shares (see INSURANCE_MAX_SHARES_PER_UNIT), and stakes and unstakes never raise the ratio.
    let max_shares = (balance as u128 + 1) * INSURANCE_MAX_SHARES_PER_UNIT;
    let total_shares = ((input.u64() as u128) * (1 + input.u8() as u128)).min(max_shares);
    let shares = shares_for_deposit(amount, balance, total_shares).unwrap();
    let value = value_of_shares(shares, balance + amount, total_shares + shares).unwrap();
    assert!(value <= amount, "stake of {amount} redeems for {value}");
    if total_shares > 0 {
        let before = value_of_shares(total_shares, balance, total_shares).unwrap();
        let after = value_of_shares(total_shares, balance + amount, total_shares + shares).unwrap();
        assert!(after >= before, "a stake diluted existing stakers");
    }
    // Draw allowance: capped, never shrinking with time.
    let cap = input.u64().max(1);
    let window = 1 + (input.u64() % 10_000_000) as i64;
    let (t0, dt1, dt2) = ((input.u64() % 1_000_000) as i64, (input.u64() % 10_000_000) as i64, (input.u64() % 10_000_000) as i64);
    let allowance = input.u64();
    let a1 = refilled_allowance(allowance, 0, cap, window, t0, t0 + dt1).unwrap();
    let a2 = refilled_allowance(allowance, 0, cap, window, t0, t0 + dt1 + dt2).unwrap();
    assert!(a1.amount <= cap && a2.amount <= cap && a2.amount >= a1.amount, "allowance not capped or shrank");
    let stepped = refilled_allowance(a1.amount, a1.remainder, cap, window, t0 + dt1, t0 + dt1 + dt2).unwrap();
    assert_eq!(stepped, a2, "a refill in two steps differs from one step");
}

#[cfg(test)]
mod tests {
    /// The short fuzz run that always goes with the tests: pseudo-random inputs through the same
    /// checker as the fuzz target (`fuzz/`, long runs with cargo-fuzz).
    #[test]
    fn fuzz_smoke_random_inputs() {
        let runs: u64 = std::env::var("LM_FUZZ_SMOKE_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(3_000);
        let mut rng = super::Rng::new(0x5eed);
        for _ in 0..runs {
            let len = rng.below(512) as usize;
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            super::run(&data);
        }
    }
}
