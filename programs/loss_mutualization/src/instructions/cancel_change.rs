use super::decide_change::*;
use crate::errors::LmError;
use crate::events::{emit_event, ChangeCancelled};
use anchor_lang::prelude::*;

decide_change_accounts!(
    /// The admin withdraws a proposed change, at any time before it applies (also once it lapsed).
    CancelChange
);

impl CancelChange<'_> {
    pub fn validate(&self) -> Result<()> {
        require_keys_eq!(self.authority.key(), self.market.admin, LmError::NotAdmin);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>) -> Result<()> {
        let accounts = ctx.accounts;
        emit_event(ChangeCancelled {
            market: accounts.market.key(),
            pending_change: accounts.pending_change.key(),
            seq: accounts.pending_change.seq,
            by: accounts.authority.key(),
        });
        Ok(())
    }
}
