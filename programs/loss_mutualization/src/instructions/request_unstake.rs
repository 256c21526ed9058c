use crate::errors::LmError;
use super::owned_stake::*;
use crate::events::{emit_event, UnstakeRequested};
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RequestUnstakeArgs {
    pub shares: u128,
}

owned_stake_accounts!(
    RequestUnstake
);

impl RequestUnstake<'_> {
    /// Locks `shares` and their value now. The unlock time and the window after it are fixed
    /// here, so a later change of the parameters cannot move them (only time with unstaking
    /// halted does, `InsuranceStake::unstake_unlock`). A request that lapsed unused (its window
    /// passed) may be replaced: the new one waits the whole delay again, so an unlocked request
    /// is never a standing free exit. The locked shares keep bearing drawdowns: the payout is
    /// the lesser of the value now and the value at unstake time. Allowed while a loss is
    /// pending: the payout is capped by the value at unstake time, which `unstake` only
    /// reaches after the loss is assigned.
    pub fn validate(&self, args: &RequestUnstakeArgs) -> Result<()> {
        self.market.require_not_paused(PauseOp::Unstake)?;
        require!(args.shares > 0, LmError::ZeroAmount);
        let fund = &self.insurance_fund;
        let now = Clock::get()?.unix_timestamp;
        require!(!self.stake.has_live_unstake(&self.market, fund, now), LmError::UnstakeAlreadyPending);
        require!(args.shares <= self.stake.current_shares(fund), LmError::InsufficientShares);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: RequestUnstakeArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let fund = &accounts.insurance_fund;
        let stake = &mut accounts.stake;
        stake.sync_epoch(fund);
        stake.unstake_shares = args.shares;
        stake.unstake_value = fund.value_of(args.shares)?;
        stake.unstake_unlock_at = now.safe_add(fund.unstake_delay_secs)?;
        stake.unstake_expires_at = stake.unstake_unlock_at.safe_add(fund.unstake_window_secs)?;
        stake.unstake_halted_at_request = accounts.market.unstake_halt.total(now);
        stake.invariant()?;
        emit_event(UnstakeRequested {
            market: accounts.market.key(),
            staker: stake.staker,
            shares: args.shares,
            value_at_request: stake.unstake_value,
            unlock_at: stake.unstake_unlock_at,
            expires_at: stake.unstake_expires_at,
        });
        Ok(())
    }
}
