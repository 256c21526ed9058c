use crate::errors::LmError;
use crate::events::{emit_event, InsuranceDrawn};
use crate::math::waterfall::insurance_draw;
use crate::math::SafeMath;
use crate::state::*;
use crate::token::transfer_exact;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

/// Tier two: the insurance fund covers what it can of a recorded shortfall, by a real transfer
/// from its vault into the collateral vault. Limited by the fund's balance, the per-event cap
/// and the rolling window allowance. One draw per record; the rest waits for `socialize_loss`.
#[derive(Accounts)]
pub struct DrawInsuranceFund<'info> {
    pub risk_authority: Signer<'info>,
    #[account(
        mut,
        has_one = risk_authority @ LmError::NotRiskAuthority,
        has_one = collateral_mint @ LmError::WrongMint,
        has_one = collateral_vault @ LmError::WrongVault,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongShortfallRecord)]
    pub record: Box<Account<'info, ShortfallRecord>>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(mut, address = insurance_fund.vault @ LmError::WrongVault)]
    pub insurance_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut)]
    pub collateral_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub collateral_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl DrawInsuranceFund<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(pause::DRAW_INSURANCE)?;
        self.record.require_state(ShortfallState::Open)
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let fund = &mut accounts.insurance_fund;
        let record = &mut accounts.record;

        let allowance = fund.allowance_at(now)?;
        let amount = insurance_draw(record.shortfall, fund.balance, fund.max_draw_per_event, allowance);
        if amount > 0 {
            let fund_info = fund.to_account_info();
            fund.with_signer_seeds(|seeds| {
                transfer_exact(
                    &accounts.token_program,
                    &accounts.collateral_mint,
                    &accounts.insurance_vault,
                    &mut accounts.collateral_vault,
                    fund_info,
                    amount,
                    seeds,
                )
            })?;
        }
        fund.balance = fund.balance.safe_sub(amount)?;
        fund.draw_allowance = allowance - amount;
        fund.draw_allowance_updated_at = now;
        fund.lifetime_drawn = fund.lifetime_drawn.safe_add(amount as u128)?;
        fund.retire_worthless_shares()?;
        fund.invariant()?;

        record.insurance_paid = amount;
        record.drawn_at = now;
        record.state = ShortfallState::InsuranceDrawn;
        record.invariant()?;

        let market = &mut accounts.market;
        market.unresolved_shortfall = market.unresolved_shortfall.safe_sub(amount)?;
        market.check_solvency(accounts.collateral_vault.amount)?;

        emit_event(InsuranceDrawn {
            market: market.key(),
            record: record.key(),
            seq: record.seq,
            amount,
            remaining_shortfall: record.uncovered(),
            fund_balance: fund.balance,
            total_shares: fund.total_shares,
            share_epoch: fund.share_epoch,
            draw_allowance: fund.draw_allowance,
            totals: market.totals(),
        });
        Ok(())
    }
}
