use crate::errors::LmError;
use crate::events::{emit_event, PauseSet};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct SetPauseArgs {
    /// The new bitmask of `PauseOp` bits.
    pub paused: u32,
}

/// The admin sets any mask. The risk authority may only add bits (an emergency brake that a
/// keeper can pull); lifting a pause is the admin's call.
#[derive(Accounts)]
pub struct SetPause<'info> {
    pub authority: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
}

impl SetPause<'_> {
    pub fn validate(&self, args: &SetPauseArgs) -> Result<()> {
        let signer = self.authority.key();
        let market = &self.market;
        check_pause_mask(args.paused)?;
        if signer == market.admin {
            return Ok(());
        }
        // The risk authority keeps an emergency brake: it may add pause bits.
        require_keys_eq!(signer, market.risk_authority, LmError::NotAdmin);
        require!(args.paused & market.paused == market.paused, LmError::UnpauseNotAllowed);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: SetPauseArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let market = &mut ctx.accounts.market;
        market.set_paused(args.paused, now);
        market.invariant()?;
        emit_event(PauseSet { market: market.key(), by: ctx.accounts.authority.key(), paused: args.paused });
        Ok(())
    }
}
