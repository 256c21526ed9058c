use crate::errors::LmError;
use anchor_lang::prelude::*;

/// One staker's shares in one insurance fund. Seeds: `["stake", fund, staker]`.
#[account]
#[derive(InitSpace, Debug)]
pub struct InsuranceStake {
    pub fund: Pubkey,
    pub staker: Pubkey,
    /// All shares, including those locked in a pending unstake request.
    pub shares: u128,
    /// Shares locked by the pending request (zero when none).
    pub unstake_shares: u128,
    /// Their value when the request was made: the most the request can pay.
    pub unstake_value: u64,
    /// Fixed when the request is made; later parameter changes do not move it.
    pub unstake_unlock_at: i64,
    pub bump: u8,
}

impl InsuranceStake {
    pub fn unlocked_shares(&self) -> u128 {
        self.shares - self.unstake_shares
    }

    pub fn has_pending_unstake(&self) -> bool {
        self.unstake_shares > 0
    }

    pub fn invariant(&self) -> Result<()> {
        require!(self.unstake_shares <= self.shares, LmError::InvariantViolated);
        require!(
            self.has_pending_unstake() || (self.unstake_value == 0 && self.unstake_unlock_at == 0),
            LmError::InvariantViolated
        );
        Ok(())
    }
}
