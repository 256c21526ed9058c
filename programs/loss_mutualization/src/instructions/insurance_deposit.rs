use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InsuranceDepositArgs {
    pub amount: u64,
}

/// Declares an instruction's Accounts struct for paying tokens into the insurance fund
/// (`fund_insurance`; `stake` lists the same accounts and its own, and takes only the methods,
/// `@methods`): each instruction has its own struct; `validate_amount` / `pay_in` are written once.
macro_rules! insurance_deposit_accounts {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Accounts)]
        pub struct $name<'info> {
            #[account(mut)]
            pub payer: Signer<'info>,
            #[account(
                has_one = collateral_mint @ crate::errors::LmError::WrongMint,
                has_one = insurance_fund @ crate::errors::LmError::WrongInsuranceFund
            )]
            pub market: Box<Account<'info, crate::state::Market>>,
            #[account(mut)]
            pub insurance_fund: Box<Account<'info, crate::state::InsuranceFund>>,
            /// CHECK: the fund's vault (its address is checked), a token account the fund's PDA owns.
            #[account(mut, address = insurance_fund.vault @ crate::errors::LmError::WrongVault)]
            pub insurance_vault: UncheckedAccount<'info>,
            /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
            /// against the token accounts and its decimals (`token::CollateralMint`).
            pub collateral_mint: UncheckedAccount<'info>,
            /// CHECK: a token account of the collateral mint the payer signs for
            /// (`token::check_wallet_token_account` in `validate_amount`).
            #[account(mut)]
            pub payer_token_account: UncheckedAccount<'info>,
            #[account(address = market.collateral_token_program @ crate::errors::LmError::WrongTokenProgram)]
            pub token_program: Interface<'info, anchor_spl::token_interface::TokenInterface>,
        }

        insurance_deposit_accounts!(@methods $name);
    };
    // The shared methods alone, for an Accounts struct that lists these accounts among others
    // (`stake`'s: a macro cannot add accounts whose constraints name these).
    (@methods $name:ident) => {
        impl $name<'_> {
            /// Money paid into the fund while a loss is pending would pay part of it (a stake) or
            /// change how it is split (a donation), so both wait until it is assigned.
            pub fn validate_amount(&self, operation: crate::state::PauseOp, args: &crate::instructions::insurance_deposit::InsuranceDepositArgs) -> Result<()> {
                self.market.require_not_paused(operation)?;
                require!(args.amount > 0, crate::errors::LmError::ZeroAmount);
                self.market.require_no_pending_loss()?;
                crate::token::check_wallet_token_account(&self.payer_token_account, &self.market, "payer_token_account")
            }

            /// Move `amount` from the payer into the vault and onto the fund's books.
            pub fn pay_in(&mut self, amount: u64) -> Result<()> {
                crate::token::transfer_exact(
                    &self.token_program,
                    &crate::token::CollateralMint::of(&self.collateral_mint, &self.market),
                    &self.payer_token_account,
                    &self.insurance_vault,
                    self.payer.to_account_info(),
                    amount,
                    &[],
                )?;
                self.insurance_fund.balance = crate::math::SafeMath::safe_add(self.insurance_fund.balance, amount)?;
                Ok(())
            }
        }
    };
}
pub(crate) use insurance_deposit_accounts;
