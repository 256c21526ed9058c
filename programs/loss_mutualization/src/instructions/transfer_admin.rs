use crate::errors::LmError;
use crate::events::{emit_event, AdminTransferStarted};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct TransferAdminArgs {
    /// Who may accept the admin role; `None` cancels a pending transfer.
    pub new_admin: Option<Pubkey>,
}

/// Step one of two: name the next admin. Nothing changes until they sign `accept_admin`, so a
/// mistyped key cannot lock the market.
#[derive(Accounts)]
pub struct TransferAdmin<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LmError::NotAdmin)]
    pub market: Box<Account<'info, Market>>,
}

impl TransferAdmin<'_> {
    pub fn validate(&self, args: &TransferAdminArgs) -> Result<()> {
        require!(args.new_admin != Some(self.market.admin), LmError::PendingAdminIsAdmin);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: TransferAdminArgs) -> Result<()> {
        let market = &mut ctx.accounts.market;
        market.pending_admin = args.new_admin;
        market.invariant()?;
        emit_event(AdminTransferStarted {
            market: market.key(),
            admin: market.admin,
            pending_admin: args.new_admin.unwrap_or_default(),
        });
        Ok(())
    }
}
