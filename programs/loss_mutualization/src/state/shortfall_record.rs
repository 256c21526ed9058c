use crate::errors::LmError;
use crate::math::LossIndex;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShortfallState {
    /// Recorded; the insurance fund has not been drawn yet.
    Open,
    /// The insurance fund paid what it could; the rest waits for `socialize_loss`.
    InsuranceDrawn,
    /// Every base unit is assigned to a tier.
    Resolved,
}

/// The public, permanent record of one loss event. Seeds: `["shortfall", market, seq]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct ShortfallRecord {
    pub market: Pubkey,
    pub seq: u64,
    /// The bankrupt position and its wallet.
    pub position: Pubkey,
    pub owner: Pubkey,
    /// The position's negative equity when it was closed out.
    pub shortfall: u64,
    pub insurance_paid: u64,
    /// Clawed back from at-risk profit.
    pub socialized: u64,
    /// Charged to all principal pro rata.
    pub haircut: u64,
    /// Total at-risk profit (the clawback weight) and principal when the loss was socialized.
    pub at_risk_profit_at_socialize: u64,
    pub principal_at_socialize: u64,
    pub clawback_index_before: LossIndex,
    pub clawback_index_after: LossIndex,
    pub haircut_index_before: LossIndex,
    pub haircut_index_after: LossIndex,
    pub state: ShortfallState,
    pub recorded_at: i64,
    pub drawn_at: i64,
    pub resolved_at: i64,
    pub bump: u8,
}

impl ShortfallRecord {
    /// Shortfall not covered by the insurance fund.
    pub fn uncovered(&self) -> u64 {
        self.shortfall - self.insurance_paid
    }

    pub fn require_state(&self, state: ShortfallState) -> Result<()> {
        require!(self.state == state, LmError::RecordWrongState);
        Ok(())
    }

    /// Every base unit of the shortfall is in at most one tier, and in exactly one once resolved.
    pub fn invariant(&self) -> Result<()> {
        let assigned = (self.insurance_paid as u128) + (self.socialized as u128) + (self.haircut as u128);
        require!(assigned <= self.shortfall as u128, LmError::InvariantViolated);
        if self.state == ShortfallState::Resolved {
            require!(assigned == self.shortfall as u128, LmError::InvariantViolated);
        }
        Ok(())
    }
}
