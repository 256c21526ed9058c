//! Rolling-window cap on insurance draws, as a refilling allowance.
//!
//! The allowance is at most `cap`, and refills at `cap / window_secs` per second, so over any
//! window of `window_secs` seconds at most `2 * cap` can be drawn and over a long run at most
//! `cap` per window on average. Refill is rounded down (never more allowance than earned).

use super::safe_math::{to_u64, SafeMath};
use anchor_lang::prelude::*;

/// A draw allowance and the refill it has earned below one base unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Allowance {
    pub amount: u64,
    /// `cap * seconds` not yet turned into a whole unit, in units of 1 / `window_secs` (always
    /// below `window_secs`). Carried to the next refill, so that frequent updates lose no
    /// refill time to rounding.
    pub remainder: u64,
}

/// The allowance at `now`, given what was left (and the refill remainder) at `updated_at`.
/// The refill is exact: `floor((cap * elapsed + remainder) / window_secs)` whole units, the rest
/// carried. A full allowance carries nothing (refill beyond the cap is not earned).
pub fn refilled_allowance(
    allowance: u64,
    remainder: u64,
    cap: u64,
    window_secs: i64,
    updated_at: i64,
    now: i64,
) -> Result<Allowance> {
    let elapsed = now.saturating_sub(updated_at).max(0) as u128;
    if window_secs <= 0 || allowance >= cap {
        return Ok(Allowance { amount: allowance.min(cap), remainder: 0 });
    }
    let window = window_secs as u128;
    let earned = (cap as u128).safe_mul(elapsed)?.safe_add(remainder as u128)?;
    let refilled = (allowance as u128).safe_add(earned / window)?;
    if refilled >= cap as u128 {
        return Ok(Allowance { amount: cap, remainder: 0 });
    }
    Ok(Allowance { amount: to_u64(refilled)?, remainder: to_u64(earned % window)? })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refills_linearly_and_saturates_at_cap() {
        let at = |allowance, cap, window, updated_at, now| {
            refilled_allowance(allowance, 0, cap, window, updated_at, now).unwrap().amount
        };
        assert_eq!(at(0, 1_000, 100, 0, 0), 0);
        assert_eq!(at(0, 1_000, 100, 0, 10), 100);
        assert_eq!(at(0, 1_000, 100, 0, 33), 330);
        assert_eq!(at(900, 1_000, 100, 0, 50), 1_000);
        assert_eq!(at(0, 1_000, 100, 0, 1_000_000), 1_000);
        // A clock that went backwards earns nothing.
        assert_eq!(at(5, 1_000, 100, 50, 10), 5);
        // A lowered cap clamps what was left.
        assert_eq!(at(5_000, 1_000, 100, 0, 0), 1_000);
        assert_eq!(at(0, u64::MAX, 1, 0, i64::MAX), u64::MAX);
    }

    /// Issue 15: a cap of 100 per 1,000 s refills 0.1 unit per second. Updated every 9 s, the
    /// floor used to lose 0.9 unit each time and the allowance stayed at 0.
    #[test]
    fn frequent_updates_lose_no_refill() {
        let mut a = Allowance { amount: 0, remainder: 0 };
        let mut t = 0;
        while t < 1_000 - 9 {
            a = refilled_allowance(a.amount, a.remainder, 100, 1_000, t, t + 9).unwrap();
            t += 9;
        }
        // 999 s of refill at 0.1 / s: 99 whole units and 0.9 carried.
        assert_eq!(a, Allowance { amount: 99, remainder: 900 });
        let a = refilled_allowance(a.amount, a.remainder, 100, 1_000, t, t + 1).unwrap();
        assert_eq!(a, Allowance { amount: 100, remainder: 0 });
    }
}
