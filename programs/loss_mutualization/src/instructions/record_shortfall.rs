use super::settle_clawback::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, ShortfallRecorded};
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

/// Anyone may record the shortfall of a position whose equity is negative (checked here, on
/// chain). Writes the loss event's permanent record and closes the position out: its negative
/// equity moves to the record, and the position is active again with nothing in it.
#[derive(Accounts)]
pub struct RecordShortfall<'info> {
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongMarket)]
    pub position: Box<Account<'info, UserPosition>>,
    #[account(
        init,
        payer = payer,
        space = 8 + ShortfallRecord::INIT_SPACE,
        seeds = [SHORTFALL_SEED, market.key().as_ref(), &market.shortfall_seq.to_le_bytes()],
        bump
    )]
    pub record: Box<Account<'info, ShortfallRecord>>,
    pub system_program: Program<'info, System>,
}

impl RecordShortfall<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(pause::RECORD_SHORTFALL)?;
        require!(self.position.status == PositionStatus::Bankrupt, LmError::PositionNotBankrupt);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let position = &mut accounts.position;
        // A bankrupt position holds no principal or profit: this only moves its snapshots.
        settle_position(market, position, false)?;

        let shortfall = position.shortfall();
        position.realized_pnl = 0;
        position.status = PositionStatus::Active;
        position.invariant()?;

        let seq = market.shortfall_seq;
        market.shortfall_seq = seq.safe_add(1)?;
        market.unrecorded_shortfall = market.unrecorded_shortfall.safe_sub(shortfall)?;
        market.unresolved_shortfall = market.unresolved_shortfall.safe_add(shortfall)?;

        accounts.record.set_inner(ShortfallRecord {
            market: market.key(),
            seq,
            position: position.key(),
            owner: position.owner,
            shortfall,
            insurance_paid: 0,
            socialized: 0,
            haircut: 0,
            at_risk_profit_at_socialize: 0,
            principal_at_socialize: 0,
            clawback_index_before: market.profit_pool.index,
            clawback_index_after: market.profit_pool.index,
            haircut_index_before: market.principal_pool.index,
            haircut_index_after: market.principal_pool.index,
            state: ShortfallState::Open,
            recorded_at: now,
            drawn_at: 0,
            resolved_at: 0,
            bump: ctx.bumps.record,
        });
        accounts.record.invariant()?;

        emit_event(ShortfallRecorded {
            market: market.key(),
            record: accounts.record.key(),
            seq,
            owner: position.owner,
            shortfall,
            position: position.balances(position.key()),
            recorded_by: accounts.payer.key(),
            totals: market.totals(),
        });
        Ok(())
    }
}
