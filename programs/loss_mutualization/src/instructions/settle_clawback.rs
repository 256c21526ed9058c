use crate::errors::LmError;
use crate::events::{emit_event, PositionSettled};
use crate::state::*;
use anchor_lang::prelude::*;

/// A wallet acting on its own position: `settle_clawback` and `release_profit`.
#[derive(Accounts)]
pub struct OwnedPosition<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = owner @ LmError::NotPositionOwner
    )]
    pub position: Box<Account<'info, UserPosition>>,
}

/// The wallet applies its share of every loss socialized since its last settlement (clawback of
/// at-risk profit and haircut of principal). Required before `withdraw`.
impl OwnedPosition<'_> {
    pub fn validate_settle(&self) -> Result<()> {
        self.market.require_not_paused(pause::SETTLE)
    }

    pub fn settle(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        settle_position(&mut accounts.market, &mut accounts.position, true)?;
        Ok(())
    }
}

/// Settle a position and emit `PositionSettled`: always when `always_emit`, otherwise only when
/// something was charged (instructions that settle on the way emit their own event too).
pub fn settle_position(
    market: &mut Account<Market>,
    position: &mut Account<UserPosition>,
    always_emit: bool,
) -> Result<PositionSettlement> {
    let settlement = position.settle(market)?;
    if always_emit || settlement != PositionSettlement::default() {
        emit_event(PositionSettled {
            market: market.key(),
            owner: position.owner,
            clawback_charged: settlement.clawback_charged,
            haircut_charged: settlement.haircut_charged,
            dust_released: settlement.dust_released,
            position: position.balances(position.key()),
            totals: market.totals(),
        });
    }
    position.invariant()?;
    Ok(settlement)
}
