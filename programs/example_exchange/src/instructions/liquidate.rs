use crate::clearing::Clearing;
use crate::errors::ExchangeError;
use crate::state::*;
use anchor_lang::prelude::*;
use loss_mutualization::cpi::accounts::ResolveShortfall;
use loss_mutualization::program::LossMutualization;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct LiquidateArgs {
    /// What the liquidated trader loses to the liquidator in the closing fill (0: its fills are
    /// already booked, e.g. through `book_fill`; only resolve and release).
    pub pnl: u64,
    /// The bump of the loss record's address (loss_mutualization's
    /// `pda::shortfall_record_with_bump(loser position, its shortfall_count)`).
    pub record_bump: u8,
}

/// Liquidates a trader in one instruction: the closing fill against it (`apply_pnl`, when `pnl`
/// is not 0), the
/// resolution of the loss that fill leaves (`resolve_shortfall`, a no-op when the trader could
/// pay), and the release of its margin. Nothing can run between the bankruptcy and its
/// resolution, and the clearing PDA resolves at once instead of waiting for the liquidation
/// window to end.
#[derive(Accounts)]
pub struct Liquidate<'info> {
    pub operator: Signer<'info>,
    #[account(has_one = operator @ ExchangeError::NotOperator, has_one = market)]
    pub exchange: Account<'info, Exchange>,
    /// CHECK: the clearing PDA (seeds checked); writable because, as the resolver, it pays the
    /// record's rent when the market's rent reserve cannot.
    #[account(mut, seeds = [CLEARING_SEED, market.key().as_ref()], bump = exchange.clearing_bump)]
    pub clearing_authority: UncheckedAccount<'info>,
    /// CHECK: checked by loss_mutualization, as every account below.
    #[account(mut)]
    pub market: UncheckedAccount<'info>,
    /// CHECK: the position taking over the liquidated exposure.
    #[account(mut)]
    pub liquidator: UncheckedAccount<'info>,
    /// CHECK: the liquidated trader's position.
    #[account(mut)]
    pub liquidated: UncheckedAccount<'info>,
    /// CHECK: the loss record loss_mutualization creates.
    #[account(mut)]
    pub record: UncheckedAccount<'info>,
    /// CHECK: the market's insurance fund.
    #[account(mut)]
    pub insurance_fund: UncheckedAccount<'info>,
    /// CHECK: the fund's vault.
    #[account(mut)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the market's collateral vault.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: the collateral mint.
    pub collateral_mint: UncheckedAccount<'info>,
    /// CHECK: the collateral's token program.
    pub token_program: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
    pub loss_mutualization_program: Program<'info, LossMutualization>,
}

impl Liquidate<'_> {
    pub fn handler(ctx: Context<Self>, args: LiquidateArgs) -> Result<()> {
        let a = &ctx.accounts;
        let clearing = Clearing::new(&a.exchange, &a.loss_mutualization_program, &a.clearing_authority, &a.market);
        if args.pnl > 0 {
            clearing.apply_pnl(a.liquidator.to_account_info(), a.liquidated.to_account_info(), args.pnl)?;
        }
        let resolve = ResolveShortfall {
            resolver: a.clearing_authority.to_account_info(),
            market: a.market.to_account_info(),
            position: a.liquidated.to_account_info(),
            record: a.record.to_account_info(),
            insurance_fund: a.insurance_fund.to_account_info(),
            insurance_vault: a.insurance_vault.to_account_info(),
            collateral_vault: a.collateral_vault.to_account_info(),
            collateral_mint: a.collateral_mint.to_account_info(),
            token_program: a.token_program.to_account_info(),
            system_program: a.system_program.to_account_info(),
        };
        clearing.resolve_shortfall(resolve, args.record_bump)?;
        // The liquidated exposure is closed: nothing of its principal stays locked.
        clearing.set_margin(a.liquidated.to_account_info(), 0)
    }
}
