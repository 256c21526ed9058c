//! The decisions of the loss waterfall, as pure functions.
//!
//! 1. A losing position pays from its own at-risk profit, then its principal; what is left is
//!    its negative equity, the shortfall (`split_position_loss`).
//! 2. The insurance fund covers the shortfall within its balance and caps (`insurance_draw`).
//! 3. The rest is clawed back from all at-risk profit in proportion (`split_socialized_loss`),
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

/// How an uncovered loss is split between the clawback tier and the haircut tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SocializedLossSplit {
    pub clawback: u64,
    pub haircut: u64,
}

pub fn split_socialized_loss(
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
    fn socialized_loss_goes_to_profit_then_principal() {
        assert_eq!(
            split_socialized_loss(100, 150, 0).unwrap(),
            SocializedLossSplit { clawback: 100, haircut: 0 }
        );
        assert_eq!(
            split_socialized_loss(100, 60, 1_000).unwrap(),
            SocializedLossSplit { clawback: 60, haircut: 40 }
        );
        assert_eq!(
            split_socialized_loss(100, 60, 39).unwrap_err(),
            error!(LmError::LossExceedsCapital)
        );
    }
}
