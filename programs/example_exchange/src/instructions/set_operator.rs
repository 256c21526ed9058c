use crate::errors::ExchangeError;
use crate::state::*;
use anchor_lang::prelude::*;
use loss_mutualization::state::Market;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct SetOperatorArgs {
    pub operator: Pubkey,
}

/// The market's admin (as the market names it now: a handed-over admin role moves this power
/// too) replaces the exchange's operator, e.g. after the operator's key leaked or was lost.
#[derive(Accounts)]
pub struct SetOperator<'info> {
    pub admin: Signer<'info>,
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market)]
    pub exchange: Account<'info, Exchange>,
}

impl SetOperator<'_> {
    pub fn validate(&self, args: &SetOperatorArgs) -> Result<()> {
        require_keys_eq!(self.admin.key(), self.market.admin, ExchangeError::NotMarketAdmin);
        Exchange::check_operator(&args.operator, &self.market.key())
    }

    pub fn handler(ctx: Context<Self>, args: SetOperatorArgs) -> Result<()> {
        ctx.accounts.exchange.operator = args.operator;
        Ok(())
    }
}
