use crate::errors::LmError;
use crate::events::{emit_event, UnstakeCancelled, UnstakeRequested};
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RequestUnstakeArgs {
    pub shares: u128,
}

/// Accounts shared by `request_unstake` and `cancel_unstake`.
#[derive(Accounts)]
pub struct UnstakeRequest<'info> {
    pub staker: Signer<'info>,
    #[account(has_one = insurance_fund @ LmError::WrongInsuranceFund)]
    pub market: Box<Account<'info, Market>>,
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(
        mut,
        has_one = staker @ LmError::NotStaker,
        constraint = stake.fund == insurance_fund.key() @ LmError::WrongInsuranceFund
    )]
    pub stake: Box<Account<'info, InsuranceStake>>,
}

impl UnstakeRequest<'_> {
    /// Locks `shares` and their value now. The unlock time is fixed here, so a later change of
    /// the unstake delay cannot move it. The locked shares keep bearing drawdowns: the payout is
    /// the lesser of the value now and the value at unstake time.
    pub fn validate_request(&self, args: &RequestUnstakeArgs) -> Result<()> {
        self.market.require_not_paused(pause::UNSTAKE)?;
        require!(args.shares > 0, LmError::ZeroAmount);
        let fund = &self.insurance_fund;
        require!(!self.stake.has_pending_unstake(fund), LmError::UnstakeAlreadyPending);
        require!(args.shares <= self.stake.current_shares(fund), LmError::InsufficientShares);
        Ok(())
    }

    pub fn request(ctx: Context<Self>, args: RequestUnstakeArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let fund = &accounts.insurance_fund;
        let stake = &mut accounts.stake;
        stake.sync_epoch(fund);
        stake.unstake_shares = args.shares;
        stake.unstake_value = fund.value_of(args.shares)?;
        stake.unstake_unlock_at = now.safe_add(fund.unstake_delay_secs)?;
        stake.invariant()?;
        emit_event(UnstakeRequested {
            market: accounts.market.key(),
            staker: stake.staker,
            shares: args.shares,
            value_at_request: stake.unstake_value,
            unlock_at: stake.unstake_unlock_at,
        });
        Ok(())
    }

    /// Unlocks the shares of the pending request. They stay in the fund, so cancelling cannot
    /// dodge a drawdown.
    pub fn validate_cancel(&self) -> Result<()> {
        self.market.require_not_paused(pause::UNSTAKE)?;
        require!(self.stake.has_pending_unstake(&self.insurance_fund), LmError::NoUnstakePending);
        Ok(())
    }

    pub fn cancel(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let stake = &mut accounts.stake;
        let shares = stake.unstake_shares;
        stake.clear_request();
        stake.invariant()?;
        emit_event(UnstakeCancelled { market: accounts.market.key(), staker: stake.staker, shares });
        Ok(())
    }
}
