use crate::controller::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, ProfitReleased};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(Accounts)]
pub struct ReleaseProfit<'info> {
    pub owner: Signer<'info>,
    /// Writable: a release moves profit out of the clawback weight (the profit pool's total,
    /// the base of the next clawback) into principal, so it always changes the market.
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = owner @ LmError::NotPositionOwner
    )]
    pub position: Box<Account<'info, UserPosition>>,
}

/// Moves the matured part of the at-risk profit into principal (settling first): every gain
/// whose own maturity has passed, however recent the position's other gains are
/// (`math::maturity`). From then on it is no longer in the clawback weight: a later loss
/// reaches it only through the haircut tier, like every deposit. It waits while a loss is
/// pending, so a winner cannot move its profit out of the clawback weight between a bankruptcy
/// and its assignment.
impl ReleaseProfit<'_> {
    pub fn validate(&self) -> Result<()> {
        let market = &self.market;
        market.require_not_paused(PauseOp::ReleaseProfit)?;
        // No position is bankrupt while no loss is pending, so this one is solvent.
        market.require_no_pending_loss()?;
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        crate::cu_mark!();
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let position = &mut accounts.position;
        settle_position(market, position, false)?;

        require!(position.at_risk_profit() > 0, LmError::NoProfitToRelease);
        let amount = position.release_matured_profit(now)?;
        require!(amount > 0, LmError::ProfitNotMature);
        market.profit_pool.remove(amount)?;
        market.principal_pool.add(amount)?;
        position.invariant()?;

        crate::cu_mark!();
        emit_event(ProfitReleased {
            market: market.key(),
            owner: position.owner,
            amount,
            position: position.balances(position.key()),
            totals: market.totals(),
        });
        crate::cu_mark!();
        Ok(())
    }
}
