use super::owned_stake::*;
use crate::errors::LmError;
use crate::events::{emit_event, UnstakeCancelled};
use crate::state::*;
use anchor_lang::prelude::*;

owned_stake_accounts!(
    CancelUnstake
);

impl CancelUnstake<'_> {
    /// Unlocks the shares of the pending request. They stay in the fund, so cancelling cannot
    /// dodge a drawdown.
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::Unstake)?;
        require!(self.stake.has_pending_unstake(&self.insurance_fund), LmError::NoUnstakePending);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let stake = &mut accounts.stake;
        let shares = stake.unstake_shares;
        stake.clear_request();
        stake.invariant()?;
        emit_event(UnstakeCancelled { market: accounts.market.key(), staker: stake.staker, shares });
        Ok(())
    }
}
