use crate::errors::LmError;
use crate::events::{emit_event, Unstaked};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{check_wallet_token_account, pay_out, CollateralMint};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenInterface;

/// Pays out an unlocked unstake request within its window: the lesser of the value at request
/// time and the value now, and burns the shares. If the shares gained in the meantime, the gain
/// stays in the fund. Waits while a loss is pending: a staker must not leave at the pre-loss
/// share value.
#[derive(Accounts)]
pub struct Unstake<'info> {
    pub staker: Signer<'info>,
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
    #[account(
        mut,
        has_one = staker @ LmError::NotStaker,
        constraint = stake.fund == insurance_fund.key() @ LmError::WrongInsuranceFund
    )]
    pub stake: Box<Account<'info, InsuranceStake>>,
    /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
    /// against the token accounts and its decimals (`token::CollateralMint`).
    pub collateral_mint: UncheckedAccount<'info>,
    /// CHECK: a token account of the collateral mint to pay to (`token::check_wallet_token_account`
    /// in `validate`).
    #[account(mut)]
    pub staker_token_account: UncheckedAccount<'info>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl Unstake<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::Unstake)?;
        self.market.require_no_pending_loss()?;
        require!(self.stake.has_pending_unstake(&self.insurance_fund), LmError::NoUnstakePending);
        let now = Clock::get()?.unix_timestamp;
        require!(now >= self.stake.unstake_unlock(&self.market, now), LmError::UnstakeLocked);
        require!(now < self.stake.unstake_expiry(&self.market, now), LmError::UnstakeRequestLapsed);
        check_wallet_token_account(&self.staker_token_account, &self.market, "staker_token_account")
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let fund = &mut accounts.insurance_fund;
        let stake = &mut accounts.stake;
        let shares = stake.unstake_shares;
        let amount = stake.unstake_value.min(fund.value_of(shares)?);

        fund.total_shares = fund.total_shares.safe_sub(shares)?;
        fund.balance = fund.balance.safe_sub(amount)?;
        fund.lifetime_unstaked = fund.lifetime_unstaked.safe_add(amount as u128)?;
        stake.shares = stake.shares.safe_sub(shares)?;
        stake.clear_request();
        stake.invariant()?;

        pay_out(
            fund,
            &accounts.token_program,
            &CollateralMint::of(&accounts.collateral_mint, &accounts.market),
            &accounts.insurance_vault,
            &accounts.staker_token_account,
            amount,
        )?;

        emit_event(Unstaked {
            market: accounts.market.key(),
            staker: stake.staker,
            shares_burned: shares,
            amount_paid: amount,
            stake_shares: stake.shares,
            total_shares: fund.total_shares,
            fund_balance: fund.balance,
        });
        Ok(())
    }
}
