use crate::errors::LmError;
use crate::events::{emit_event, AdminTransferred};
use crate::state::*;
use anchor_lang::prelude::*;

/// Step two of two: the pending admin signs and becomes the admin.
#[derive(Accounts)]
pub struct AcceptAdmin<'info> {
    pub pending_admin: Signer<'info>,
    #[account(mut)]
    pub market: Box<Account<'info, Market>>,
}

impl AcceptAdmin<'_> {
    pub fn validate(&self) -> Result<()> {
        let pending = self.market.pending_admin.ok_or(error!(LmError::NoPendingAdmin))?;
        require_keys_eq!(pending, self.pending_admin.key(), LmError::NotPendingAdmin);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let market = &mut ctx.accounts.market;
        let previous_admin = market.admin;
        market.admin = ctx.accounts.pending_admin.key();
        market.pending_admin = None;
        market.invariant()?;
        emit_event(AdminTransferred { market: market.key(), previous_admin, admin: market.admin });
        Ok(())
    }
}
