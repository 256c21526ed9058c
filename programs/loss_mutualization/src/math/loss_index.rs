//! The loss index: how a loss is spread over many holders in O(1).
//!
//! A pool (all at-risk profit of a market, or all principal) has a books `total` and an index.
//! A holder records its amount together with a snapshot of the index. When a loss `L` hits a
//! pool of total `W`, every holder keeps the fraction `(W - L) / W` of what it had, so the index
//! factor is multiplied by that fraction. A holder's amount now is
//! `amount * factor_now / factor_at_snapshot`, and its charge is the difference.
//!
//! Why a product and not a sum: a holder that skips a settlement still holds only `W - L`'s
//! share of the pool at the next event, and a compounding factor charges it exactly that. An
//! additive "loss per unit" index would charge the skipped holder on its stale amount, i.e.
//! more than its proportional share.
//!
//! Rounding (always in favour of solvency):
//! - the new factor is rounded down, so the surviving fraction is never overstated (equivalently,
//!   the loss per unit, the index step, is rounded up);
//! - a holder's remaining amount is rounded down, so its charge is rounded up;
//! - hence the sum of charges is never below the loss, and one event charges a holder at most
//!   `ceil(exact share) + 1` base units (see the property tests).
//!
//! A loss that takes the whole pool moves the index to a new `epoch`: every older snapshot is
//! then worth zero. A factor that falls below 10^27 is rescaled by 10^9 (`scale` + 1) so it keeps
//! its precision; snapshots three or more rescales behind have nothing left.

use super::constants::*;
use super::mul_div::mul_div_floor;
use super::safe_math::{math_error, to_u64, SafeMath};
use super::u256::U256;
use crate::errors::LmError;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub struct LossIndex {
    /// Surviving fraction since the start of this epoch and scale, times [`INDEX_ONE`].
    pub factor: u128,
    /// Number of times the factor was multiplied by [`INDEX_RESCALE_FACTOR`] in this epoch.
    pub scale: u32,
    /// Number of losses that took the whole pool.
    pub epoch: u32,
}

impl Default for LossIndex {
    fn default() -> Self {
        Self::INITIAL
    }
}

impl LossIndex {
    pub const INITIAL: LossIndex = LossIndex { factor: INDEX_ONE, scale: 0, epoch: 0 };

    /// The index after a loss of `loss` spread over a pool whose books total is `total`.
    /// `loss` must not exceed `total` (the waterfall sends any excess to the next tier).
    pub fn after_loss(self, total: u64, loss: u64) -> Result<LossIndex> {
        if loss == 0 {
            return Ok(self);
        }
        require!(loss <= total, LmError::LossExceedsPool);
        if loss == total {
            return Ok(LossIndex { factor: INDEX_ONE, scale: 0, epoch: self.epoch.safe_add(1)? });
        }
        // surviving <= factor < 2^128 and the divisor is a u64, so `mul_div_floor` always
        // answers (`None` would be a quotient of 2^128 or more: `MathOverflow`).
        let mut factor = mul_div_floor(total - loss, self.factor, total as u128).ok_or_else(math_error)?;
        let mut scale = self.scale;
        // At most three rounds: factor >= 10^27 * (1 / u64::MAX) > 10^8 before rescaling.
        while factor < INDEX_RESCALE_THRESHOLD {
            factor = factor.safe_mul(INDEX_RESCALE_FACTOR)?;
            scale = scale.safe_add(1)?;
        }
        Ok(LossIndex { factor, scale, epoch: self.epoch })
    }

    /// What is left now of `amount`, recorded when the index was `snapshot`. Rounded down.
    pub fn remaining(self, amount: u64, snapshot: LossIndex) -> Result<u64> {
        if amount == 0 || snapshot == self {
            return Ok(amount);
        }
        require!(snapshot.epoch <= self.epoch, LmError::InvalidSnapshot);
        if snapshot.epoch < self.epoch {
            return Ok(0);
        }
        require!(snapshot.scale <= self.scale, LmError::InvalidSnapshot);
        let scale_gap = self.scale - snapshot.scale;
        if scale_gap > INDEX_MAX_SCALE_GAP {
            return Ok(0);
        }
        require!(snapshot.factor > 0, LmError::InvalidSnapshot);
        // Within one scale (the usual case) `mul_div_floor` answers without 256-bit division.
        let fast = if scale_gap == 0 { mul_div_floor(amount, self.factor, snapshot.factor) } else { None };
        // A quotient of 2^64 or more (unreachable from factors in their bounds, found by the
        // proofs) is `MathOverflow`, not a panic.
        let left = match fast {
            Some(left) => to_u64(left)?,
            None => {
                let mut denominator = U256::from(snapshot.factor);
                for _ in 0..scale_gap {
                    denominator = denominator
                        .checked_mul(U256::from(INDEX_RESCALE_FACTOR))
                        .ok_or_else(math_error)?;
                }
                to_u64(U256::from(amount) * U256::from(self.factor) / denominator)?
            }
        };
        // A snapshot from the same scale has a factor at least as large as now.
        require!(left <= amount, LmError::InvalidSnapshot);
        Ok(left)
    }
}

/// One tier of the waterfall: the books of an amount shared by many holders, its loss index,
/// and the lifetime totals that prove every base unit of loss was charged.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LossPool {
    /// Exact sum of all holders' amounts after every loss so far (a holder's own rounded-down
    /// amount is never above its exact share, so this is at least what holders can claim).
    pub total: u64,
    pub index: LossIndex,
    /// Lifetime loss this pool absorbed through its index (clawed back, or charged as a haircut).
    pub absorbed: u128,
    /// Lifetime charges applied to holders when they settled.
    pub collected: u128,
    /// Lifetime rounding excess taken out of `total` (and sent to the insurance fund).
    pub dust_released: u128,
}

/// What one settlement against a pool did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolSettlement {
    /// The holder's amount after the pending losses.
    pub remaining: u64,
    /// What the holder was charged (recorded amount - remaining).
    pub charge: u64,
    /// Rounding excess that this settlement proved and released from the books.
    pub dust_released: u64,
}

impl LossPool {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, amount: u64) -> Result<()> {
        self.total = self.total.safe_add(amount)?;
        Ok(())
    }

    pub fn remove(&mut self, amount: u64) -> Result<()> {
        self.total = self.total.safe_sub(amount)?;
        Ok(())
    }

    /// Spread `loss` over every holder at once. Returns the part the pool absorbed, which is
    /// `min(loss, total)`; the caller sends the rest to the next tier.
    pub fn absorb(&mut self, loss: u64) -> Result<u64> {
        let absorbed = loss.min(self.total);
        if absorbed == 0 {
            return Ok(0);
        }
        self.index = self.index.after_loss(self.total, absorbed)?;
        self.total = self.total.safe_sub(absorbed)?;
        self.absorbed = self.absorbed.safe_add(absorbed as u128)?;
        Ok(absorbed)
    }

    /// Charge one holder with every loss since `snapshot`.
    ///
    /// Dust: each charge is rounded up, so the lifetime charges can exceed the lifetime loss.
    /// Any time they do, the excess is surely surplus (holders that have not settled yet can only
    /// add to the charges), so it is taken out of the books here and reported for the insurance
    /// fund. Holders' claims are unaffected. With `release_dust` false (a loss is pending and
    /// the books must keep covering it) nothing is released; a later settlement releases it.
    pub fn settle(&mut self, amount: u64, snapshot: LossIndex, release_dust: bool) -> Result<PoolSettlement> {
        let remaining = self.index.remaining(amount, snapshot)?;
        let charge = amount - remaining;
        self.collected = self.collected.safe_add(charge as u128)?;
        let accounted = self.absorbed.safe_add(self.dust_released)?;
        let dust_released = if release_dust && self.collected > accounted {
            to_u64(self.collected - accounted)?
        } else {
            0
        };
        if dust_released > 0 {
            self.total = self.total.safe_sub(dust_released)?;
            self.dust_released = self.dust_released.safe_add(dust_released as u128)?;
        }
        Ok(PoolSettlement { remaining, charge, dust_released })
    }

    /// What `settle` would charge, without changing anything (for checks and clients).
    pub fn pending_charge(&self, amount: u64, snapshot: LossIndex) -> Result<u64> {
        Ok(amount - self.index.remaining(amount, snapshot)?)
    }
}
