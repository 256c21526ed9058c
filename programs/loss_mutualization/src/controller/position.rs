use crate::errors::LmError;
use crate::events::{emit_event, PositionSettled};
use crate::state::*;
use anchor_lang::prelude::*;

/// Settle a position (apply every loss assigned since its last settlement) and emit
/// `PositionSettled`: always when `always_emit`, otherwise only when something was charged
/// (instructions that settle on the way emit their own event too). Used by every instruction
/// that reads or changes a position's balances, so a pending charge can never be moved away.
/// While `Settle` is paused nothing applies a settlement: an instruction that would have to
/// (the position has a charge or dust due) fails with `SettlementPaused` and changes nothing.
pub fn settle_position(
    market: &mut Account<Market>,
    position: &mut Account<UserPosition>,
    always_emit: bool,
) -> Result<PositionSettlement> {
    settle_position_in(market, position, always_emit, true)
}

/// `settle_position` where the market may be read-only (`market_writable` false): then it
/// releases no dust, so that a settlement that charges nothing changes nothing in the market.
pub fn settle_position_in(
    market: &mut Account<Market>,
    position: &mut Account<UserPosition>,
    always_emit: bool,
    market_writable: bool,
) -> Result<PositionSettlement> {
    crate::cu_mark!();
    let settlement = position.settle(market, market_writable)?;
    // Refused before anything is logged: a failed transaction must not carry a charge event.
    require!(market_writable || settlement == PositionSettlement::default(), LmError::MarketNotWritable);
    crate::cu_mark!();
    // (No dust is released while paused, so only charges can be due here.)
    require!(
        !market.is_paused(PauseOp::Settle) || settlement == PositionSettlement::default(),
        LmError::SettlementPaused
    );
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
    crate::cu_mark!();
    position.invariant()?;
    crate::cu_mark!();
    Ok(settlement)
}
