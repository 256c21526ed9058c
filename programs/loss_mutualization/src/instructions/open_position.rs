use crate::events::{emit_event, PositionOpened};
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

/// Opens the wallet's position in a market. Its snapshots start at the current indices, so a
/// position opened after a loss event is never charged for it.
#[derive(Accounts)]
pub struct OpenPosition<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        init,
        payer = owner,
        space = 8 + UserPosition::INIT_SPACE,
        seeds = [POSITION_SEED, market.key().as_ref(), owner.key().as_ref()],
        bump
    )]
    pub position: Box<Account<'info, UserPosition>>,
    pub system_program: Program<'info, System>,
}

impl OpenPosition<'_> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::OpenPosition)
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        market.position_count = market.position_count.safe_add(1)?;
        accounts.position.set_inner(UserPosition::opened(market.key(), market, accounts.owner.key(), ctx.bumps.position));
        emit_event(PositionOpened {
            market: market.key(),
            position: accounts.position.key(),
            owner: accounts.owner.key(),
        });
        Ok(())
    }
}
