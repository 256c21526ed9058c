use crate::errors::LmError;
use crate::events::{emit_event, LossSocialized};
use crate::math::waterfall::split_socialized_loss;
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::TokenAccount;

/// Tiers three and four, in O(1): what the insurance fund did not cover is clawed back from all
/// at-risk profit at once by moving the clawback index; what exceeds all at-risk profit haircuts
/// all principal through the haircut index. Each wallet's share is applied when it settles.
#[derive(Accounts)]
pub struct SocializeLoss<'info> {
    pub risk_authority: Signer<'info>,
    #[account(
        mut,
        has_one = risk_authority @ LmError::NotRiskAuthority,
        has_one = collateral_vault @ LmError::WrongVault
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongShortfallRecord)]
    pub record: Box<Account<'info, ShortfallRecord>>,
    /// Read for the solvency check.
    pub collateral_vault: Box<InterfaceAccount<'info, TokenAccount>>,
}

impl SocializeLoss<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(pause::SOCIALIZE)?;
        self.record.require_state(ShortfallState::InsuranceDrawn)
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let record = &mut accounts.record;

        let loss = record.uncovered();
        let at_risk_profit_before = market.profit_pool.total;
        let principal_before = market.principal_pool.total;
        let split = split_socialized_loss(loss, at_risk_profit_before, principal_before)?;

        record.clawback_index_before = market.profit_pool.index;
        record.haircut_index_before = market.principal_pool.index;
        let clawed = market.profit_pool.absorb(split.clawback)?;
        let haircut = market.principal_pool.absorb(split.haircut)?;
        require!(clawed == split.clawback && haircut == split.haircut, LmError::InvariantViolated);
        market.unresolved_shortfall = market.unresolved_shortfall.safe_sub(loss)?;
        market.check_solvency(accounts.collateral_vault.amount)?;

        record.socialized = split.clawback;
        record.haircut = split.haircut;
        record.at_risk_profit_at_socialize = at_risk_profit_before;
        record.principal_at_socialize = principal_before;
        record.clawback_index_after = market.profit_pool.index;
        record.haircut_index_after = market.principal_pool.index;
        record.state = ShortfallState::Resolved;
        record.resolved_at = now;
        record.invariant()?;
        market.invariant()?;

        emit_event(LossSocialized {
            market: market.key(),
            record: record.key(),
            seq: record.seq,
            clawback: split.clawback,
            haircut: split.haircut,
            at_risk_profit_before,
            principal_before,
            clawback_index: market.profit_pool.index,
            haircut_index: market.principal_pool.index,
            totals: market.totals(),
        });
        Ok(())
    }
}
