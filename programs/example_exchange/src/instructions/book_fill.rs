use crate::clearing::Clearing;
use crate::errors::ExchangeError;
use crate::state::*;
use anchor_lang::prelude::*;
use loss_mutualization::program::LossMutualization;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct BookFillArgs {
    /// Realized PnL the fill moves from the loser to the winner (0: a fill that only opens
    /// exposure).
    pub pnl: u64,
    /// The principal each side must keep locked behind its open exposure after the fill.
    pub winner_locked_margin: u64,
    pub loser_locked_margin: u64,
}

/// Books one fill between two traders: the realized PnL (`apply_pnl`), then each side's margin
/// (`set_margin`), signed by the exchange's clearing PDA. loss_mutualization checks every
/// account and amount again; the exchange decides only who may ask.
#[derive(Accounts)]
pub struct BookFill<'info> {
    pub operator: Signer<'info>,
    #[account(has_one = operator @ ExchangeError::NotOperator, has_one = market)]
    pub exchange: Account<'info, Exchange>,
    /// CHECK: the exchange's clearing PDA (seeds checked), which signs as the clearing authority.
    #[account(seeds = [CLEARING_SEED, market.key().as_ref()], bump = exchange.clearing_bump)]
    pub clearing_authority: UncheckedAccount<'info>,
    /// CHECK: the market; loss_mutualization checks it (owner, type, clearing authority).
    #[account(mut)]
    pub market: UncheckedAccount<'info>,
    /// CHECK: the traders' positions; loss_mutualization checks them (owner, type, market).
    #[account(mut)]
    pub winner: UncheckedAccount<'info>,
    /// CHECK: as `winner`.
    #[account(mut)]
    pub loser: UncheckedAccount<'info>,
    pub loss_mutualization_program: Program<'info, LossMutualization>,
}

impl BookFill<'_> {
    pub fn handler(ctx: Context<Self>, args: BookFillArgs) -> Result<()> {
        let a = &ctx.accounts;
        let clearing = Clearing::new(&a.exchange, &a.loss_mutualization_program, &a.clearing_authority, &a.market);
        if args.pnl > 0 {
            clearing.apply_pnl(a.winner.to_account_info(), a.loser.to_account_info(), args.pnl)?;
        }
        clearing.set_margin(a.winner.to_account_info(), args.winner_locked_margin)?;
        clearing.set_margin(a.loser.to_account_info(), args.loser_locked_margin)
    }
}
