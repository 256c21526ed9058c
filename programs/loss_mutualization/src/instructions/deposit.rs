use super::settle_clawback::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, Deposited};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::transfer_exact;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct DepositArgs {
    pub amount: u64,
}

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
    pub collateral_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut)]
    pub collateral_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The wallet's token account (any owner may pay in; only the wallet's own can be paid out
    /// to, which the token program's authority check and `withdraw` enforce).
    #[account(mut, constraint = owner_token_account.mint == market.collateral_mint @ LmError::WrongMint)]
    pub owner_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl CollateralTransfer<'_> {
    pub fn validate_deposit(&self, args: &DepositArgs) -> Result<()> {
        self.market.require_not_paused(pause::DEPOSIT)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        self.position.require_solvent()
    }

    pub fn deposit(ctx: Context<Self>, args: DepositArgs) -> Result<()> {
        let accounts = ctx.accounts;
        settle_position(&mut accounts.market, &mut accounts.position, false)?;

        transfer_exact(
            &accounts.token_program,
            &accounts.collateral_mint,
            &accounts.owner_token_account,
            &mut accounts.collateral_vault,
            accounts.owner.to_account_info(),
            args.amount,
            &[],
        )?;

        let position = &mut accounts.position;
        position.principal = position.principal.safe_add(args.amount)?;
        let market = &mut accounts.market;
        market.principal_pool.add(args.amount)?;
        market.check_solvency(accounts.collateral_vault.amount)?;

        emit_event(Deposited {
            market: market.key(),
            owner: position.owner,
            amount: args.amount,
            position: position.balances(position.key()),
            totals: market.totals(),
        });
        Ok(())
    }
}
