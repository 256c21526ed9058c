use crate::errors::LmError;
use crate::events::{emit_event, Staked};
use crate::math::insurance_shares::shares_for_deposit;
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

use super::insurance_deposit::*;

/// Stake tokens into the insurance fund for shares. Shares bear the fund's drawdowns. The
/// accounts of `insurance_deposit_accounts!` (written out: the stake account's constraints name
/// them), then the staker's stake account.
#[derive(Accounts)]
pub struct Stake<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(
        has_one = collateral_mint @ LmError::WrongMint,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    /// CHECK: the fund's vault (its address is checked), a token account the fund's PDA owns.
    #[account(mut, address = insurance_fund.vault @ LmError::WrongVault)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
    /// against the token accounts and its decimals (`token::CollateralMint`).
    pub collateral_mint: UncheckedAccount<'info>,
    /// CHECK: a token account of the collateral mint the payer signs for
    /// (`token::check_wallet_token_account` in `validate_amount`).
    #[account(mut)]
    pub payer_token_account: UncheckedAccount<'info>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, anchor_spl::token_interface::TokenInterface>,
    #[account(
        init_if_needed,
        payer = payer,
        space = 8 + InsuranceStake::INIT_SPACE,
        seeds = [STAKE_SEED, insurance_fund.key().as_ref(), payer.key().as_ref()],
        bump
    )]
    pub stake: Box<Account<'info, InsuranceStake>>,
    pub system_program: Program<'info, System>,
}

insurance_deposit_accounts!(@methods Stake);

impl Stake<'_> {
    pub fn validate(&self, args: &InsuranceDepositArgs) -> Result<()> {
        self.validate_amount(PauseOp::Stake, args)
    }

    pub fn handler(ctx: Context<Self>, args: InsuranceDepositArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let fund_key = accounts.insurance_fund.key();
        let staker = accounts.payer.key();
        let stake = &mut accounts.stake;
        if stake.fund == Pubkey::default() {
            stake.fund = fund_key;
            stake.staker = staker;
            stake.bump = ctx.bumps.stake;
            stake.share_epoch = accounts.insurance_fund.share_epoch;
        }

        let fund = &accounts.insurance_fund;
        stake.sync_epoch(fund);
        let shares = shares_for_deposit(args.amount, fund.balance, fund.total_shares)?;
        require!(shares > 0, LmError::ZeroShares);
        accounts.pay_in(args.amount)?;

        let stake = &mut accounts.stake;
        let fund = &mut accounts.insurance_fund;
        fund.total_shares = fund.total_shares.safe_add(shares)?;
        fund.lifetime_staked = fund.lifetime_staked.safe_add(args.amount as u128)?;
        stake.shares = stake.shares.safe_add(shares)?;
        stake.invariant()?;

        emit_event(Staked {
            market: accounts.market.key(),
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
