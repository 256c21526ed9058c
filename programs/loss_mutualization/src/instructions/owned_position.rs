use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;

/// A wallet acting on its own position: `settle` and `release_profit`.
#[derive(Accounts)]
pub struct OwnedPosition<'info> {
    pub owner: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = owner @ LmError::NotPositionOwner
    )]
    pub position: Box<Account<'info, UserPosition>>,
}
