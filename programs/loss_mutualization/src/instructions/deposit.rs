use super::collateral_transfer::*;
use crate::controller::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, Deposited};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{transfer_exact, CollateralMint};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct DepositArgs {
    pub amount: u64,
}

collateral_transfer_accounts!(
    /// Deposits collateral into the wallet's position (settling it first).
    Deposit
);

impl Deposit<'_> {
    /// New money waits while a loss is pending: it must not pay a loss that happened before
    /// it arrived.
    pub fn validate(&self, args: &DepositArgs) -> Result<()> {
        self.market.require_not_paused(PauseOp::Deposit)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        // No position is bankrupt while no loss is pending, so this one is solvent.
        self.market.require_no_pending_loss()?;
        self.validate_owner_token_account()
    }

    pub fn handler(ctx: Context<Self>, args: DepositArgs) -> Result<()> {
        crate::cu_mark!();
        let accounts = ctx.accounts;
        settle_position(&mut accounts.market, &mut accounts.position, false)?;

        crate::cu_mark!();
        let vault_amount = transfer_exact(
            &accounts.token_program,
            &CollateralMint::of(&accounts.collateral_mint, &accounts.market),
            &accounts.owner_token_account,
            &accounts.collateral_vault,
            accounts.owner.to_account_info(),
            args.amount,
            &[],
        )?;

        crate::cu_mark!();
        let position = &mut accounts.position;
        position.principal = position.principal.safe_add(args.amount)?;
        let market = &mut accounts.market;
        market.principal_pool.add(args.amount)?;
        market.check_solvency(vault_amount)?;

        crate::cu_mark!();
        emit_event(Deposited {
            market: market.key(),
            owner: position.owner,
            amount: args.amount,
            position: position.balances(position.key()),
            totals: market.totals(),
        });
        crate::cu_mark!();
        Ok(())
    }
}
