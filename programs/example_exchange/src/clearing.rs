//! The calls the exchange makes into loss_mutualization, each signed by its clearing PDA.

use anchor_lang::prelude::*;
use loss_mutualization::cpi::accounts::{ApplyPnl, ResolveShortfall, SetMargin};
use loss_mutualization::instructions::{ApplyPnlArgs, ResolveShortfallArgs, SetMarginArgs};

/// The clearing authority of one market, as this program signs for it.
pub struct Clearing<'a, 'info> {
    pub program: Pubkey,
    pub authority: AccountInfo<'info>,
    pub market: AccountInfo<'info>,
    pub signer: &'a [&'a [&'a [u8]]],
}

impl<'info> Clearing<'_, 'info> {
    /// Realized PnL from `loser` to `winner` (`apply_pnl`).
    pub fn apply_pnl(&self, winner: AccountInfo<'info>, loser: AccountInfo<'info>, amount: u64) -> Result<()> {
        let accounts = ApplyPnl { clearing_authority: self.authority.clone(), market: self.market.clone(), winner, loser };
        loss_mutualization::cpi::apply_pnl(self.ctx(accounts), ApplyPnlArgs { amount })
    }

    /// The principal `position` must keep locked behind its open exposure (`set_margin`).
    pub fn set_margin(&self, position: AccountInfo<'info>, locked_margin: u64) -> Result<()> {
        let accounts = SetMargin { clearing_authority: self.authority.clone(), market: self.market.clone(), position };
        loss_mutualization::cpi::set_margin(self.ctx(accounts), SetMarginArgs { locked_margin })
    }

    /// Assigns a bankrupt position's loss at once: the clearing authority need not wait for the
    /// liquidation window to end. The clearing PDA is the resolver, so it pays the record's
    /// rent if the market's rent reserve cannot.
    pub fn resolve_shortfall(&self, accounts: ResolveShortfall<'info>, record_bump: u8) -> Result<()> {
        loss_mutualization::cpi::resolve_shortfall(self.ctx(accounts), ResolveShortfallArgs { record_bump })
    }

    fn ctx<'b, T: ToAccountMetas + ToAccountInfos<'info>>(&'b self, accounts: T) -> CpiContext<'b, 'b, 'b, 'info, T> {
        CpiContext::new_with_signer(self.program, accounts, self.signer)
    }
}
