use crate::errors::LmError;
use crate::events::{emit_event, MarginSet};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct SetMarginArgs {
    /// Principal that backs the position's open exposure on the exchange and cannot be
    /// withdrawn. May exceed the principal (then nothing can be withdrawn).
    pub locked_margin: u64,
}

/// The clearing authority locks the collateral behind a position's open exposure, as it opens,
/// grows or closes trades on the exchange. Without it a trader could withdraw its collateral
/// just before a losing trade is booked and leave the loss to the waterfall. Raising the lock
/// runs at any time; lowering it waits while a loss is pending, like the trades it goes with
/// (otherwise a lock released ahead of a trade that then has to wait would let the trader
/// withdraw first). Paused with `apply_pnl`.
#[derive(Accounts)]
pub struct SetMargin<'info> {
    pub clearing_authority: Signer<'info>,
    #[account(has_one = clearing_authority @ LmError::NotClearingAuthority)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongMarket)]
    pub position: Box<Account<'info, UserPosition>>,
}

impl SetMargin<'_> {
    pub fn validate(&self, args: &SetMarginArgs) -> Result<()> {
        self.market.require_not_paused(PauseOp::ApplyPnl)?;
        if args.locked_margin < self.position.locked_margin {
            self.market.require_no_pending_loss()?;
        }
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: SetMarginArgs) -> Result<()> {
        let accounts = ctx.accounts;
        let position = &mut accounts.position;
        position.locked_margin = args.locked_margin;
        position.invariant()?;
        emit_event(MarginSet {
            market: accounts.market.key(),
            owner: position.owner,
            position: position.key(),
            locked_margin: args.locked_margin,
        });
        Ok(())
    }
}
