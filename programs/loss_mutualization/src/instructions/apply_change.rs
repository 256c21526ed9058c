use super::decide_change::*;
use crate::errors::LmError;
use crate::events::{emit_event, AdminTransferred, AuthoritiesSet, ChangeApplied};
use crate::math::maturity::longest_maturity;
use crate::state::*;
use anchor_lang::prelude::*;

decide_change_accounts!(
    /// A proposed change takes effect once its notice is served (`PendingChange::require_due`).
    /// Anyone may apply it then, except an admin change, which the new admin signs.
    ApplyChange
);

impl ApplyChange<'_> {
    /// Parameters decide how a pending loss is split (the insurance caps), and authorities who
    /// may resolve it, so a change waits until it is assigned, like everything that changes who
    /// pays.
    pub fn validate(&self) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        self.market.require_no_pending_loss()?;
        self.pending_change.require_due(&self.market, now)?;
        match self.pending_change.change {
            Change::Admin { new_admin } => {
                require_keys_eq!(self.authority.key(), new_admin, LmError::NotPendingAdmin);
            }
            // Checked again against the parameters as they are now (other changes may have
            // applied since it was proposed).
            Change::Params(params) => params.merged(&MarketParams::of(&self.market, &self.insurance_fund)).validate()?,
            Change::Authorities { .. } => {}
        }
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market_key = accounts.market.key();
        match accounts.pending_change.change {
            Change::Params(params) => {
                let params = params.merged(&MarketParams::of(&accounts.market, &accounts.insurance_fund));
                set_params(&mut accounts.market, &mut accounts.insurance_fund, &params, now)?;
                emit_event(params.updated_event(market_key));
            }
            Change::Authorities { risk_authority, clearing_authority } => {
                let market = &mut accounts.market;
                market.risk_authority = risk_authority.unwrap_or(market.risk_authority);
                market.clearing_authority = clearing_authority.unwrap_or(market.clearing_authority);
                emit_event(AuthoritiesSet {
                    market: market_key,
                    risk_authority: market.risk_authority,
                    clearing_authority: market.clearing_authority,
                });
            }
            Change::Admin { new_admin } => {
                let market = &mut accounts.market;
                let previous_admin = market.admin;
                market.admin = new_admin;
                emit_event(AdminTransferred { market: market_key, previous_admin, admin: new_admin });
            }
        }
        accounts.market.invariant()?;
        emit_event(ChangeApplied {
            market: market_key,
            pending_change: accounts.pending_change.key(),
            seq: accounts.pending_change.seq,
            by: accounts.authority.key(),
        });
        Ok(())
    }
}

/// Write new parameters to the market and its fund. The draw allowance is settled under the old
/// window first, then clamped to the new cap. Its refill remainder is in units of the old window:
/// a new window or cap drops it (less than one unit, in favour of the fund).
fn set_params(market: &mut Market, fund: &mut InsuranceFund, params: &MarketParams, now: i64) -> Result<()> {
    let mut allowance = fund.allowance_at(now)?;
    allowance.amount = allowance.amount.min(params.draw_window_cap);
    if params.draw_window_secs != fund.draw_window_secs || params.draw_window_cap != fund.draw_window_cap {
        allowance.remainder = 0;
    }
    fund.set_allowance(allowance, 0, now)?;
    fund.max_draw_per_event = params.max_draw_per_event;
    fund.draw_window_cap = params.draw_window_cap;
    fund.draw_window_secs = params.draw_window_secs;
    fund.unstake_delay_secs = params.unstake_delay_secs;
    fund.unstake_window_secs = params.unstake_window_secs;
    fund.invariant()?;

    if params.profit_maturity_secs < market.profit_maturity_secs {
        // Gains booked until now keep maturing under the longer period.
        let ends_at = now.saturating_add(longest_maturity(market.profit_maturity_secs));
        market.old_maturity_ends_at = market.old_maturity_ends_at.max(ends_at);
    }
    market.profit_maturity_secs = params.profit_maturity_secs;
    market.liquidation_window_secs = params.liquidation_window_secs;
    market.max_shortfall_bps = params.max_shortfall_bps;
    market.notice_secs = params.notice_secs;
    Ok(())
}
