use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;
use crate::token::check_wallet_token_account;
use anchor_spl::token_interface::TokenInterface;

/// Accounts shared by the instructions that move collateral between a wallet and the vault.
#[derive(Accounts)]
pub struct CollateralTransfer<'info> {
    pub owner: Signer<'info>,
    #[account(
        mut,
        has_one = collateral_mint @ LmError::WrongMint,
        has_one = collateral_vault @ LmError::WrongVault
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = owner @ LmError::NotPositionOwner
    )]
    pub position: Box<Account<'info, UserPosition>>,
    /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
    /// against the token accounts and its decimals (`token::CollateralMint`).
    pub collateral_mint: UncheckedAccount<'info>,
    /// CHECK: the market's vault (`has_one` on the market), a token account the market's PDA
    /// owns; read through `token::TokenAccountView`.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: a token account of the collateral mint (`validate_owner_token_account`): the source
    /// of a deposit (the owner signs the transfer) or the destination of a withdrawal (any account
    /// the owner names; the owner signs the withdrawal).
    #[account(mut)]
    pub owner_token_account: UncheckedAccount<'info>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl CollateralTransfer<'_> {
    /// The wallet's side of the transfer is a token account of the market's collateral mint,
    /// under the market's token program, and not one of the market's vaults.
    pub fn validate_owner_token_account(&self) -> Result<()> {
        check_wallet_token_account(&self.owner_token_account, &self.market, "owner_token_account")
    }
}
