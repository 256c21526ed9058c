use crate::errors::LmError;
use crate::events::{emit_event, Staked};
use crate::math::insurance_shares::shares_for_deposit;
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

use super::insurance_deposit::*;

/// Stake tokens into the insurance fund for shares. Shares bear the fund's drawdowns.
#[derive(Accounts)]
pub struct Stake<'info> {
    pub deposit: InsuranceDeposit<'info>,
    #[account(
        init_if_needed,
        payer = deposit.payer,
        space = 8 + InsuranceStake::INIT_SPACE,
        seeds = [STAKE_SEED, deposit.insurance_fund.key().as_ref(), deposit.payer.key().as_ref()],
        bump
    )]
    pub stake: Box<Account<'info, InsuranceStake>>,
    pub system_program: Program<'info, System>,
}

impl Stake<'_> {
    pub fn validate(&self, args: &InsuranceDepositArgs) -> Result<()> {
        self.deposit.validate_amount(PauseOp::Stake, args)
    }

    pub fn handler(ctx: Context<Self>, args: InsuranceDepositArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let fund_key = accounts.deposit.insurance_fund.key();
        let staker = accounts.deposit.payer.key();
        let stake = &mut accounts.stake;
        if stake.fund == Pubkey::default() {
            stake.fund = fund_key;
            stake.staker = staker;
            stake.bump = ctx.bumps.stake;
            stake.share_epoch = accounts.deposit.insurance_fund.share_epoch;
        }

        let fund = &accounts.deposit.insurance_fund;
        stake.sync_epoch(fund);
        let shares = shares_for_deposit(args.amount, fund.balance, fund.total_shares)?;
        require!(shares > 0, LmError::ZeroShares);
        accounts.deposit.pay_in(args.amount)?;

        let fund = &mut accounts.deposit.insurance_fund;
        fund.total_shares = fund.total_shares.safe_add(shares)?;
        fund.lifetime_staked = fund.lifetime_staked.safe_add(args.amount as u128)?;
        stake.shares = stake.shares.safe_add(shares)?;
        stake.invariant()?;

        emit_event(Staked {
            market: accounts.deposit.market.key(),
            staker,
            amount: args.amount,
            shares_minted: shares,
            stake_shares: stake.shares,
            unstake_shares: stake.unstake_shares,
            total_shares: fund.total_shares,
            fund_balance: fund.balance,
        });
        Ok(())
    }
}
