use crate::errors::LmError;
use crate::events::{emit_event, AuthoritiesSet};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct SetAuthoritiesArgs {
    pub risk_authority: Pubkey,
    pub clearing_authority: Pubkey,
}

#[derive(Accounts)]
pub struct SetAuthorities<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LmError::NotAdmin)]
    pub market: Box<Account<'info, Market>>,
}

impl SetAuthorities<'_> {
    pub fn validate(&self, args: &SetAuthoritiesArgs) -> Result<()> {
        require!(args.risk_authority != Pubkey::default(), LmError::DefaultAuthority);
        require!(args.clearing_authority != Pubkey::default(), LmError::DefaultAuthority);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: SetAuthoritiesArgs) -> Result<()> {
        let market = &mut ctx.accounts.market;
        market.risk_authority = args.risk_authority;
        market.clearing_authority = args.clearing_authority;
        emit_event(AuthoritiesSet {
            market: market.key(),
            risk_authority: args.risk_authority,
            clearing_authority: args.clearing_authority,
        });
        Ok(())
    }
}
