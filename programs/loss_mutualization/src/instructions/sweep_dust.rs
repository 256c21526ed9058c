use crate::errors::LmError;
use crate::events::{emit_event, DustSwept};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{pay_out, CollateralMint, TokenAccountView};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenInterface;

/// Anyone may move the rounding excess that settlements proved (charges rounded up above the
/// clawback or haircut) from the collateral vault to the insurance fund. Dust never goes to nobody.
#[derive(Accounts)]
pub struct SweepDust<'info> {
    #[account(
        mut,
        has_one = collateral_mint @ LmError::WrongMint,
        has_one = collateral_vault @ LmError::WrongVault,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    /// CHECK: the fund's vault (its address is checked), a token account the fund's PDA owns.
    #[account(mut, address = insurance_fund.vault @ LmError::WrongVault)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the market's vault (`has_one` on the market), a token account the market's PDA owns.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
    /// against the token accounts and its decimals (`token::CollateralMint`).
    pub collateral_mint: UncheckedAccount<'info>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl SweepDust<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::SweepDust)?;
        // Dust is the insurance fund's; moving it in while a loss is pending would change how
        // much of that loss the fund pays.
        self.market.require_no_pending_loss()?;
        require!(self.market.dust_pending > 0, LmError::NothingToSweep);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let amount = market.dust_pending;
        pay_out(
            market,
            &accounts.token_program,
            &CollateralMint::of(&accounts.collateral_mint, market),
            &accounts.collateral_vault,
            &accounts.insurance_vault,
            amount,
        )?;
        market.dust_pending = 0;
        market.check_solvency(TokenAccountView::amount(&accounts.collateral_vault)?)?;

        let fund = &mut accounts.insurance_fund;
        fund.balance = fund.balance.safe_add(amount)?;
        fund.lifetime_dust_received = fund.lifetime_dust_received.safe_add(amount as u128)?;

        emit_event(DustSwept {
            market: market.key(),
            amount,
            fund_balance: fund.balance,
            totals: market.totals(),
        });
        Ok(())
    }
}
