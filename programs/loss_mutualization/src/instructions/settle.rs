use super::owned_position::OwnedPosition;
use crate::controller::settle_position;
use crate::state::*;
use anchor_lang::prelude::*;

/// The wallet applies its share of every loss assigned since its last settlement (clawback of
/// at-risk profit and haircut of principal). Required before `withdraw`. Allowed while a loss
/// is pending: it only applies losses already assigned, and releases no dust then.
impl OwnedPosition<'_> {
    pub fn validate_settle(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::Settle)
    }

    pub fn settle(ctx: Context<Self>) -> Result<()> {
        crate::cu_mark!();
        let accounts = ctx.accounts;
        settle_position(&mut accounts.market, &mut accounts.position, true)?;
        crate::cu_mark!();
        Ok(())
    }
}
