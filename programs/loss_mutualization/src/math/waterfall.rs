//! The decisions of the loss waterfall, as pure functions.
//!
//! 1. A losing position pays from its own at-risk profit, then its principal; what is left is
//!    its negative equity, the shortfall (`split_position_loss`).
//! 2. The insurance fund covers the shortfall within its balance and caps (`insurance_draw`);
//!    the per-event cap counts per liquidation, over one draw window (`event_cap_left`).
//! 3. The rest is clawed back from all at-risk profit in proportion (`split_uncovered_loss`),
//! 4. and what exceeds all at-risk profit haircuts all principal pro rata.
//!
//! Every base unit ends in exactly one tier: the parts returned always add up to the input.

use crate::errors::LmError;
use anchor_lang::prelude::*;

/// How a realized loss of `amount` is taken from a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionLossSplit {
    pub from_profit: u64,
    pub from_principal: u64,
    /// What the position cannot pay: its negative equity.
    pub shortfall: u64,
}

pub fn split_position_loss(at_risk_profit: u64, principal: u64, amount: u64) -> PositionLossSplit {
    let from_profit = amount.min(at_risk_profit);
    let from_principal = (amount - from_profit).min(principal);
    PositionLossSplit { from_profit, from_principal, shortfall: amount - from_profit - from_principal }
}

/// How much the insurance fund pays towards an open shortfall: the least of what is open, the
/// fund's balance, the per-event cap and what the rolling window still allows.
pub fn insurance_draw(open: u64, fund_balance: u64, per_event_cap: u64, window_allowance: u64) -> u64 {
    open.min(fund_balance).min(per_event_cap).min(window_allowance)
}

/// The per-event cap still open for a position's liquidation at `now`: a window opens at the
/// position's first shortfall and lasts `window_secs`; every shortfall of the position resolved
/// inside it shares one `per_event_cap`, so filling a liquidation in parts (and resolving
/// between the fills) cannot multiply the cap.
pub fn event_cap_left(
    per_event_cap: u64,
    window_secs: i64,
    window_start: i64,
    drawn_in_window: u64,
    now: i64,
) -> EventCap {
    let window_open = window_start != 0 && now < window_start.saturating_add(window_secs);
    if window_open {
        EventCap { left: per_event_cap.saturating_sub(drawn_in_window), window_start, drawn: drawn_in_window }
    } else {
        EventCap { left: per_event_cap, window_start: now, drawn: 0 }
    }
}

/// The per-event cap of one liquidation at a moment: what is left, and the window it counts in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventCap {
    pub left: u64,
    pub window_start: i64,
    /// Drawn in this window before now.
    pub drawn: u64,
}

/// How an uncovered loss is split between the clawback tier and the haircut tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocializedLossSplit {
    pub clawback: u64,
    pub haircut: u64,
}

pub fn split_uncovered_loss(
    loss: u64,
    total_at_risk_profit: u64,
    total_principal: u64,
) -> Result<SocializedLossSplit> {
    let clawback = loss.min(total_at_risk_profit);
    let haircut = loss - clawback;
    // Cannot happen while the vault identity holds (every shortfall was once someone's claim);
    // refuse rather than leave a loss unassigned.
    require!(haircut <= total_principal, LmError::LossExceedsCapital);
    Ok(SocializedLossSplit { clawback, haircut })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_loss_uses_profit_then_principal_then_becomes_shortfall() {
        assert_eq!(
            split_position_loss(30, 50, 100),
            PositionLossSplit { from_profit: 30, from_principal: 50, shortfall: 20 }
        );
        assert_eq!(
            split_position_loss(30, 50, 10),
            PositionLossSplit { from_profit: 10, from_principal: 0, shortfall: 0 }
        );
        assert_eq!(
            split_position_loss(0, 50, 70),
            PositionLossSplit { from_profit: 0, from_principal: 50, shortfall: 20 }
        );
    }

    #[test]
    fn insurance_draw_is_the_least_limit() {
        assert_eq!(insurance_draw(100, 1_000, 1_000, 1_000), 100);
        assert_eq!(insurance_draw(100, 40, 1_000, 1_000), 40);
        assert_eq!(insurance_draw(100, 1_000, 30, 1_000), 30);
        assert_eq!(insurance_draw(100, 1_000, 1_000, 20), 20);
    }

    #[test]
    fn one_liquidation_shares_one_cap_within_its_window() {
        let cap = |left, window_start, drawn| EventCap { left, window_start, drawn };
        // First shortfall: a fresh window opens at `now`.
        assert_eq!(event_cap_left(100, 60, 0, 0, 1_000), cap(100, 1_000, 0));
        // Later fills inside the window share what is left.
        assert_eq!(event_cap_left(100, 60, 1_000, 70, 1_059), cap(30, 1_000, 70));
        assert_eq!(event_cap_left(100, 60, 1_000, 100, 1_010), cap(0, 1_000, 100));
        // A cap lowered below what was drawn leaves nothing, not an underflow.
        assert_eq!(event_cap_left(50, 60, 1_000, 100, 1_010), cap(0, 1_000, 100));
        // After the window, a new liquidation has its own cap.
        assert_eq!(event_cap_left(100, 60, 1_000, 100, 1_060), cap(100, 1_060, 0));
    }

    #[test]
    fn an_uncovered_loss_goes_to_profit_then_principal() {
        assert_eq!(
            split_uncovered_loss(100, 150, 0).unwrap(),
            SocializedLossSplit { clawback: 100, haircut: 0 }
        );
        assert_eq!(
            split_uncovered_loss(100, 60, 1_000).unwrap(),
            SocializedLossSplit { clawback: 60, haircut: 40 }
        );
        assert_eq!(
            split_uncovered_loss(100, 60, 39).unwrap_err(),
            error!(LmError::LossExceedsCapital)
        );
    }
}
