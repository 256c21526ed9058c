use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{TokenAccount, TokenInterface};

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
    #[account(mut)]
    pub collateral_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// A token account of the collateral mint: the source of a deposit (the owner signs the
    /// transfer) or the destination of a withdrawal (any account the owner names; the owner
    /// signs the withdrawal).
    #[account(mut, constraint = owner_token_account.mint == market.collateral_mint @ LmError::WrongMint)]
    pub owner_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}
