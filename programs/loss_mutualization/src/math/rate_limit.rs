//! Rolling-window cap on insurance draws, as a refilling allowance.
//!
//! The allowance is at most `cap`, and refills at `cap / window_secs` per second, so over any
//! window of `window_secs` seconds at most `2 * cap` can be drawn and over a long run at most
//! `cap` per window on average. Refill is rounded down (never more allowance than earned).

use super::safe_math::{to_u64, SafeMath};
use anchor_lang::prelude::*;

/// The allowance at `now`, given what was left at `updated_at`.
pub fn refilled_allowance(
    allowance: u64,
    cap: u64,
    window_secs: i64,
    updated_at: i64,
    now: i64,
) -> Result<u64> {
    let elapsed = now.saturating_sub(updated_at).max(0) as u128;
    if window_secs <= 0 {
        return Ok(allowance.min(cap));
    }
    let refill = (cap as u128).safe_mul(elapsed)?.safe_div(window_secs as u128)?;
    let refilled = (allowance as u128).safe_add(refill)?.min(cap as u128);
    to_u64(refilled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refills_linearly_and_saturates_at_cap() {
        assert_eq!(refilled_allowance(0, 1_000, 100, 0, 0).unwrap(), 0);
        assert_eq!(refilled_allowance(0, 1_000, 100, 0, 10).unwrap(), 100);
        assert_eq!(refilled_allowance(0, 1_000, 100, 0, 33).unwrap(), 330);
        assert_eq!(refilled_allowance(900, 1_000, 100, 0, 50).unwrap(), 1_000);
        assert_eq!(refilled_allowance(0, 1_000, 100, 0, 1_000_000).unwrap(), 1_000);
        // A clock that went backwards earns nothing.
        assert_eq!(refilled_allowance(5, 1_000, 100, 50, 10).unwrap(), 5);
        // A lowered cap clamps what was left.
        assert_eq!(refilled_allowance(5_000, 1_000, 100, 0, 0).unwrap(), 1_000);
        assert_eq!(refilled_allowance(0, u64::MAX, 1, 0, i64::MAX).unwrap(), u64::MAX);
    }
}
