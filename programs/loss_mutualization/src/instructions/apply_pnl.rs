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
/// pay is its shortfall, and the position becomes bankrupt. From then on the market's exposure
/// is frozen until `resolve_shortfall` assigns that loss: further trades wait too, so a
/// liquidation filled in several parts resolves each part before the next fill (the parts
/// share one per-event insurance cap). The winner's gain is at-risk profit until the market's
/// maturity period has passed. Winner and loser must differ (Anchor refuses the same mutable
/// account twice).
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
        self.market.require_not_paused(PauseOp::ApplyPnl)?;
        require!(args.amount > 0, LmError::ZeroAmount);
        // No position is bankrupt while no loss is pending, so both are solvent here.
        self.market.require_no_pending_loss()
    }

    pub fn handler(ctx: Context<Self>, args: ApplyPnlArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        settle_position(market, &mut accounts.winner, false)?;
        settle_position(market, &mut accounts.loser, false)?;

        let loser = &mut accounts.loser;
        let split = split_position_loss(loser.at_risk_profit(), loser.principal, args.amount);
        market.profit_pool.remove(split.from_profit)?;
        market.principal_pool.remove(split.from_principal)?;
        loser.principal -= split.from_principal;
        if split.shortfall > 0 {
            let shortfall = i64::try_from(split.shortfall).map_err(|_| error!(LmError::MathOverflow))?;
            loser.realized_pnl = -shortfall;
            loser.status = PositionStatus::Bankrupt;
            market.pending_shortfall = market.pending_shortfall.safe_add(split.shortfall)?;
        } else {
            let left = loser.at_risk_profit() - split.from_profit;
            loser.set_at_risk_profit(left)?;
        }
        loser.invariant()?;

        let winner = &mut accounts.winner;
        let gained = winner.at_risk_profit().safe_add(args.amount)?;
        winner.set_at_risk_profit(gained)?;
        winner.profit_matures_at = now.safe_add(market.profit_maturity_secs)?;
        market.profit_pool.add(args.amount)?;
        winner.invariant()?;

        emit_event(PnlApplied {
            market: market.key(),
            amount: args.amount,
            loser_paid_from_profit: split.from_profit,
            loser_paid_from_principal: split.from_principal,
            loser_shortfall: split.shortfall,
            winner: winner.balances(winner.key()),
            loser: loser.balances(loser.key()),
            totals: market.totals(),
        });
        Ok(())
    }
}
