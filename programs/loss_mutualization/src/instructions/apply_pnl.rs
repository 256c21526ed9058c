use crate::controller::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, PnlApplied};
use crate::math::waterfall::split_position_loss;
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct ApplyPnlArgs {
    /// Realized PnL moved from the loser to the winner.
    pub amount: u64,
}

/// The clearing authority moves realized PnL between two positions, zero-sum. Both positions
/// settle first, so no pending clawback can be moved away. The loser pays from its at-risk
/// profit, then its principal (tier one of the waterfall: its own collateral); what it cannot
/// pay is its shortfall, and the position becomes bankrupt. The winner's gain is at-risk profit
/// until it matures (`math::maturity`). Winner and loser must differ (Anchor refuses the same
/// mutable account twice).
///
/// **One liquidation, one loss event.** From the bankruptcy until its loss is resolved, the
/// market's exposure is frozen except for the liquidation itself: further fills with the
/// bankrupt position as the loser still book, for `liquidation_window_secs` after it went
/// bankrupt, and add to the same shortfall. So every winner of the liquidation's fills, and
/// every other holder of at-risk profit, pays the same fraction, whatever the number and order
/// of the fills. The shortfall booked against a position within one loss window may not exceed
/// `max_shortfall_bps` of the collateral it held when the window opened (`ShortfallAboveBound`;
/// `LossWindow`): however the liquidation is split into fills, the same collateral backs the
/// same bound.
#[derive(Accounts)]
pub struct ApplyPnl<'info> {
    pub clearing_authority: Signer<'info>,
    #[account(mut, has_one = clearing_authority @ LmError::NotClearingAuthority)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongMarket)]
    pub winner: Box<Account<'info, UserPosition>>,
    #[account(mut, has_one = market @ LmError::WrongMarket)]
    pub loser: Box<Account<'info, UserPosition>>,
}

impl ApplyPnl<'_> {
    pub fn validate(&self, args: &ApplyPnlArgs) -> Result<()> {
        let market = &self.market;
        market.require_not_paused(PauseOp::ApplyPnl)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        if market.pending_shortfall > 0 {
            // Only the liquidation in progress books, and only within its window.
            let now = Clock::get()?.unix_timestamp;
            require!(
                self.loser.key() == market.pending_position && now < market.liquidation_ends_at,
                LmError::LossResolutionPending
            );
        }
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: ApplyPnlArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let were_halted = market.halts();
        settle_position(market, &mut accounts.winner, false)?;
        settle_position(market, &mut accounts.loser, false)?;

        let loser = &mut accounts.loser;
        let earlier_shortfall = loser.shortfall();
        let split = split_position_loss(loser.at_risk_profit(), loser.principal, args.amount);
        let window = loser.loss_window;
        let quiet = window.started_at == 0 || now >= window.started_at.saturating_add(market.liquidation_window_secs);
        if loser.status == PositionStatus::Active && quiet {
            let collateral = loser.at_risk_profit().safe_add(loser.principal)?;
            loser.loss_window = LossWindow { started_at: now, collateral, shortfall: 0 };
        }
        market.profit_pool.remove(split.from_profit)?;
        market.principal_pool.remove(split.from_principal)?;
        loser.principal -= split.from_principal;
        // (A bankrupt loser holds no profit: this leaves it at zero, and its shortfall is set below.)
        let left = loser.at_risk_profit() - split.from_profit;
        loser.set_at_risk_profit(left)?;
        if split.shortfall > 0 {
            loser.loss_window.shortfall = loser.loss_window.shortfall.safe_add(split.shortfall)?;
            let bound = market.shortfall_bound(loser.loss_window.collateral);
            require!(loser.loss_window.shortfall <= bound, LmError::ShortfallAboveBound);
            if loser.status == PositionStatus::Active {
                // The fill that bankrupts it: the liquidation's loss event starts here.
                loser.status = PositionStatus::Bankrupt;
                market.pending_position = loser.key();
                market.liquidation_ends_at = now.safe_add(market.liquidation_window_secs)?;
            }
            market.pending_collateral = loser.loss_window.collateral;
            let shortfall = earlier_shortfall.safe_add(split.shortfall)?;
            loser.realized_pnl = -i64::try_from(shortfall).map_err(|_| error!(LmError::MathOverflow))?;
            market.pending_shortfall = market.pending_shortfall.safe_add(split.shortfall)?;
        }
        loser.invariant()?;
        crate::cu_mark!();

        let winner = &mut accounts.winner;
        winner.add_gain(args.amount, now, market.profit_maturity_secs)?;
        market.profit_pool.add(args.amount)?;
        winner.invariant()?;
        crate::cu_mark!();
        // A bankruptcy halts unstaking until it is resolved (`Market::exits_halted`).
        market.update_halts(were_halted, now);
        market.invariant()?;

        crate::cu_mark!();
        let liquidating = market.pending_shortfall > 0;
        emit_event(PnlApplied {
            market: market.key(),
            amount: args.amount,
            loser_paid_from_profit: split.from_profit,
            loser_paid_from_principal: split.from_principal,
            loser_shortfall: split.shortfall,
            liquidation_shortfall: market.pending_shortfall,
            liquidation_shortfall_bound: if liquidating { market.shortfall_bound(market.pending_collateral) } else { 0 },
            loss_window: loser.loss_window,
            liquidation_ends_at: if liquidating { market.liquidation_ends_at } else { 0 },
            winner: winner.balances(winner.key()),
            loser: loser.balances(loser.key()),
            totals: market.totals(),
        });
        crate::cu_mark!();
        Ok(())
    }
}
