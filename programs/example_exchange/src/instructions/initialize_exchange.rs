use crate::errors::ExchangeError;
use crate::state::*;
use anchor_lang::prelude::*;
use loss_mutualization::state::Market;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InitializeExchangeArgs {
    /// The key that will book fills and liquidations.
    pub operator: Pubkey,
}

/// The market's admin creates the market's exchange and appoints its operator (`set_operator`
/// replaces it later). Without the admin's signature anyone could create the exchange of a
/// market first and hold its clearing power.
#[derive(Accounts)]
pub struct InitializeExchange<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    /// Read through loss_mutualization's own account type (owner and discriminator checked).
    pub market: Box<Account<'info, Market>>,
    #[account(init, payer = admin, space = 8 + Exchange::INIT_SPACE, seeds = [EXCHANGE_SEED, market.key().as_ref()], bump)]
    pub exchange: Account<'info, Exchange>,
    pub system_program: Program<'info, System>,
}

impl InitializeExchange<'_> {
    pub fn validate(&self, args: &InitializeExchangeArgs) -> Result<()> {
        require_keys_eq!(self.admin.key(), self.market.admin, ExchangeError::NotMarketAdmin);
        let (clearing, _) = Exchange::clearing_authority(&self.market.key());
        require_keys_eq!(self.market.clearing_authority, clearing, ExchangeError::NotClearingAuthority);
        Exchange::check_operator(&args.operator, &self.market.key())
    }

    pub fn handler(ctx: Context<Self>, args: InitializeExchangeArgs) -> Result<()> {
        let market = ctx.accounts.market.key();
        ctx.accounts.exchange.set_inner(Exchange {
            market,
            operator: args.operator,
            bump: ctx.bumps.exchange,
            clearing_bump: Exchange::clearing_authority(&market).1,
        });
        Ok(())
    }
}
