use super::collateral_transfer::*;
use crate::controller::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, Withdrawn};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{pay_out, CollateralMint, TokenAccountView};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct WithdrawArgs {
    pub amount: u64,
}

collateral_transfer_accounts!(
    /// Withdraws principal, never the part the clearing authority locked behind open exposure.
    /// Refused while the wallet has a clawback or haircut it has not settled
    /// with its own signature, and while any bankrupt position's loss is not yet assigned (so nobody
    /// can leave ahead of it; `resolve_shortfall` in front of the withdrawal clears that).
    Withdraw
);

impl Withdraw<'_> {
    pub fn validate(&self, args: &WithdrawArgs) -> Result<()> {
        let market = &self.market;
        let position = &self.position;
        market.require_not_paused(PauseOp::Withdraw)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        // No position is bankrupt while no loss is pending, so this one is solvent.
        market.require_no_pending_loss()?;
        let (clawback, haircut) = position.pending_charges(market)?;
        require!(clawback == 0 && haircut == 0, LmError::ClawbackPending);
        require!(args.amount <= position.principal, LmError::InsufficientPrincipal);
        require!(args.amount <= position.unlocked_principal(), LmError::MarginLocked);
        self.validate_owner_token_account()
    }

    pub fn handler(ctx: Context<Self>, args: WithdrawArgs) -> Result<()> {
        crate::cu_mark!();
        let accounts = ctx.accounts;
        // Nothing is pending (checked above); this moves the snapshots to the current indices.
        settle_position(&mut accounts.market, &mut accounts.position, false)?;

        let position = &mut accounts.position;
        position.principal = position.principal.safe_sub(args.amount)?;
        let market = &mut accounts.market;
        market.principal_pool.remove(args.amount)?;

        crate::cu_mark!();
        pay_out(
            market,
            &accounts.token_program,
            &CollateralMint::of(&accounts.collateral_mint, market),
            &accounts.collateral_vault,
            &accounts.owner_token_account,
            args.amount,
        )?;
        crate::cu_mark!();
        market.check_solvency(TokenAccountView::amount(&accounts.collateral_vault)?)?;

        crate::cu_mark!();
        emit_event(Withdrawn {
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
