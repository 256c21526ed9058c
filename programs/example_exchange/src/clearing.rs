//! The calls the exchange makes into loss_mutualization, each signed by its clearing PDA.

use crate::state::{Exchange, CLEARING_SEED};
use anchor_lang::prelude::*;
use loss_mutualization::cpi::accounts::{ApplyPnl, ResolveShortfall, SetMargin};
use loss_mutualization::instructions::{ApplyPnlArgs, ResolveShortfallArgs, SetMarginArgs};
use loss_mutualization::program::LossMutualization;

/// The clearing authority of one market, as this program signs for it.
pub struct Clearing<'info> {
    program: Pubkey,
    authority: AccountInfo<'info>,
    market: AccountInfo<'info>,
    /// The PDA's seeds: `["clearing", market, bump]`.
    market_key: Pubkey,
    bump: [u8; 1],
}

impl<'info> Clearing<'info> {
    pub fn new(
        exchange: &Exchange,
        program: &Program<'info, LossMutualization>,
        authority: &UncheckedAccount<'info>,
        market: &UncheckedAccount<'info>,
    ) -> Self {
        Clearing {
            program: program.key(),
            authority: authority.to_account_info(),
            market: market.to_account_info(),
            market_key: exchange.market,
            bump: [exchange.clearing_bump],
        }
    }

    /// Realized PnL from `loser` to `winner` (`apply_pnl`).
    pub fn apply_pnl(&self, winner: AccountInfo<'info>, loser: AccountInfo<'info>, amount: u64) -> Result<()> {
        let accounts = ApplyPnl { clearing_authority: self.authority.clone(), market: self.market.clone(), winner, loser };
        self.signed(accounts, |ctx| loss_mutualization::cpi::apply_pnl(ctx, ApplyPnlArgs { amount }))
    }

    /// The principal `position` must keep locked behind its open exposure (`set_margin`).
    pub fn set_margin(&self, position: AccountInfo<'info>, locked_margin: u64) -> Result<()> {
        let accounts = SetMargin { clearing_authority: self.authority.clone(), market: self.market.clone(), position };
        self.signed(accounts, |ctx| loss_mutualization::cpi::set_margin(ctx, SetMarginArgs { locked_margin }))
    }

    /// Assigns a bankrupt position's loss at once: the clearing authority need not wait for the
    /// liquidation window to end. The clearing PDA is the resolver, so it pays the record's
    /// rent if the market's rent reserve cannot.
    pub fn resolve_shortfall(&self, accounts: ResolveShortfall<'info>, record_bump: u8) -> Result<()> {
        self.signed(accounts, |ctx| loss_mutualization::cpi::resolve_shortfall(ctx, ResolveShortfallArgs { record_bump }))
    }

    /// Calls `call` with a CPI context signed by the clearing PDA.
    fn signed<T: ToAccountMetas + ToAccountInfos<'info>>(
        &self,
        accounts: T,
        call: impl FnOnce(CpiContext<'_, '_, '_, 'info, T>) -> Result<()>,
    ) -> Result<()> {
        let seeds: &[&[u8]] = &[CLEARING_SEED, self.market_key.as_ref(), &self.bump];
        call(CpiContext::new_with_signer(self.program, accounts, &[seeds]))
    }
}
