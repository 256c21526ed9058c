use crate::controller::settle_position_in;
use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;

/// A wallet settling its own position. The market is read-only unless the settlement charges
/// something: a settlement with nothing to charge changes nothing in the market, so it does not
/// have to queue behind every other instruction of the market for its write lock (README,
/// "Throughput"). The SDK passes the market writable exactly when the wallet has a charge due.
#[derive(Accounts)]
pub struct Settle<'info> {
    pub owner: Signer<'info>,
    /// Writable when the settlement charges a loss (`MarketNotWritable` otherwise); written back
    /// by the handler, only then.
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = owner @ LmError::NotPositionOwner
    )]
    pub position: Box<Account<'info, UserPosition>>,
}

/// The wallet applies its share of every loss assigned since its last settlement (clawback of
/// at-risk profit and haircut of principal). Required before `withdraw`. Allowed while a loss
/// is pending: it only applies losses already assigned, and releases no dust then.
impl Settle<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::Settle)
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        crate::cu_mark!();
        let accounts = ctx.accounts;
        let market_writable = accounts.market.to_account_info().is_writable;
        let settlement = settle_position_in(&mut accounts.market, &mut accounts.position, true, market_writable)?;
        // Only a charge (or dust, released only when writable) changes the market; a charge
        // with the market read-only was refused in `settle_position_in`.
        if settlement != PositionSettlement::default() {
            accounts.market.exit(&crate::ID)?;
        }
        crate::cu_mark!();
        Ok(())
    }
}
