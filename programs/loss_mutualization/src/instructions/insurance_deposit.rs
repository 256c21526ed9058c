use crate::errors::LmError;
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{check_wallet_token_account, transfer_exact, CollateralMint};
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenInterface;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InsuranceDepositArgs {
    pub amount: u64,
}

/// Accounts shared by the instructions that pay tokens into the insurance fund.
#[derive(Accounts)]
pub struct InsuranceDeposit<'info> {
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
    pub token_program: Interface<'info, TokenInterface>,
}

impl InsuranceDeposit<'_> {
    /// Money paid into the fund while a loss is pending would pay part of it (a stake) or
    /// change how it is split (a donation), so both wait until it is assigned.
    pub fn validate_amount(&self, operation: PauseOp, args: &InsuranceDepositArgs) -> Result<()> {
        self.market.require_not_paused(operation)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        self.market.require_no_pending_loss()?;
        check_wallet_token_account(&self.payer_token_account, &self.market, "payer_token_account")
    }

    /// Move `amount` from the payer into the vault and onto the fund's books.
    pub fn pay_in(&mut self, amount: u64) -> Result<()> {
        transfer_exact(
            &self.token_program,
            &CollateralMint::of(&self.collateral_mint, &self.market),
            &self.payer_token_account,
            &self.insurance_vault,
            self.payer.to_account_info(),
            amount,
            &[],
        )?;
        self.insurance_fund.balance = self.insurance_fund.balance.safe_add(amount)?;
        Ok(())
    }
}
