//! **An example, not a product.** A minimal on-chain exchange that uses loss_mutualization as
//! its collateral and loss layer through CPI, the way an exchange program integrates it:
//!
//! - the market's clearing authority is this program's PDA `["clearing", market]`, so only this
//!   program can book fills, lock margin and resolve a liquidation early;
//! - the market's admin appoints the exchange's operator (its matching engine or risk keeper's
//!   key) in `initialize_exchange`, and replaces it with `set_operator`; fills and liquidations
//!   are refused unless the operator signs (`ExchangeError::NotOperator`);
//! - `book_fill` moves realized PnL between two traders (`apply_pnl`) and sets the margin each
//!   must keep locked behind its open exposure (`set_margin`);
//! - `liquidate` books the final fill against a bankrupt trader and resolves its loss
//!   (`resolve_shortfall`) in the same instruction, so no one can act in between.
//!
//! A real exchange keeps its order book, positions and mark prices here and derives the PnL
//! and margins it books from them; README "Integrating an exchange" says what to adapt.

use anchor_lang::prelude::*;

pub mod clearing;
pub mod errors;
pub mod instructions;
pub mod state;

use instructions::*;

// A local id for the tests (no keypair is kept): deploy under your own (`anchor keys sync`).
declare_id!("B5hozt1fUgExcHoQCKwwdKFhC128UtLqqpx6NHgjGwaF");

#[program]
pub mod example_exchange {
    use super::*;

    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_exchange(ctx: Context<InitializeExchange>, args: InitializeExchangeArgs) -> Result<()> {
        InitializeExchange::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn set_operator(ctx: Context<SetOperator>, args: SetOperatorArgs) -> Result<()> {
        SetOperator::handler(ctx, args)
    }

    pub fn book_fill(ctx: Context<BookFill>, args: BookFillArgs) -> Result<()> {
        BookFill::handler(ctx, args)
    }

    pub fn liquidate(ctx: Context<Liquidate>, args: LiquidateArgs) -> Result<()> {
        Liquidate::handler(ctx, args)
    }
}
