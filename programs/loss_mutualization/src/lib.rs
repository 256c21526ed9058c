//! Loss mutualization for derivatives exchanges: a shortfall is covered by the insurance fund,
//! then clawed back in proportion from at-risk profit, then charged pro rata to all principal.
//!
//! `lib.rs` only dispatches. Each instruction lives in `instructions/` with its accounts,
//! arguments, `validate()` and handler; the money math is in `math/`.

use anchor_lang::prelude::*;

pub mod controller;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
#[doc(hidden)]
pub mod profile;
mod security;
pub mod state;
pub mod token;

use instructions::*;

// The local id the tests and the local validator use (no keypair for it is kept). Deploy under
// your own id: `anchor keys sync` rewrites this line (README, "Deploying with your own program id").
declare_id!("Di3UDXSCj6LcP92k42SkGQHciEjS6hQ7Dyd6RTPFgupr");

#[program]
pub mod loss_mutualization {
    use super::*;

    // Market administration.

    #[access_control(ctx.accounts.validate(&args))]
    pub fn initialize_market(ctx: Context<InitializeMarket>, args: InitializeMarketArgs) -> Result<()> {
        InitializeMarket::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn set_pause(ctx: Context<SetPause>, args: SetPauseArgs) -> Result<()> {
        SetPause::handler(ctx, args)
    }

    // Governance: every change of the rules or of who holds power waits for its notice.

    #[access_control(ctx.accounts.validate(&args))]
    pub fn propose_change(ctx: Context<ProposeChange>, args: ProposeChangeArgs) -> Result<()> {
        ProposeChange::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn apply_change(ctx: Context<ApplyChange>) -> Result<()> {
        ApplyChange::handler(ctx)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn cancel_change(ctx: Context<CancelChange>) -> Result<()> {
        CancelChange::handler(ctx)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn raise_notice(ctx: Context<RaiseNotice>, args: RaiseNoticeArgs) -> Result<()> {
        RaiseNotice::handler(ctx, args)
    }

    // Positions.

    #[access_control(ctx.accounts.validate())]
    pub fn open_position(ctx: Context<OpenPosition>) -> Result<()> {
        OpenPosition::handler(ctx)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn deposit(ctx: Context<Deposit>, args: DepositArgs) -> Result<()> {
        Deposit::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn withdraw(ctx: Context<Withdraw>, args: WithdrawArgs) -> Result<()> {
        Withdraw::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn apply_pnl(ctx: Context<ApplyPnl>, args: ApplyPnlArgs) -> Result<()> {
        ApplyPnl::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn set_margin(ctx: Context<SetMargin>, args: SetMarginArgs) -> Result<()> {
        SetMargin::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn settle(ctx: Context<Settle>) -> Result<()> {
        Settle::handler(ctx)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn release_profit(ctx: Context<ReleaseProfit>) -> Result<()> {
        ReleaseProfit::handler(ctx)
    }

    // The loss waterfall.

    #[access_control(ctx.accounts.validate())]
    pub fn resolve_shortfall(ctx: Context<ResolveShortfall>, args: ResolveShortfallArgs) -> Result<()> {
        ResolveShortfall::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn sweep_dust(ctx: Context<SweepDust>) -> Result<()> {
        SweepDust::handler(ctx)
    }

    // The insurance fund.

    #[access_control(ctx.accounts.validate(&args))]
    pub fn fund_insurance(ctx: Context<FundInsurance>, args: InsuranceDepositArgs) -> Result<()> {
        FundInsurance::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn stake(ctx: Context<Stake>, args: InsuranceDepositArgs) -> Result<()> {
        Stake::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn request_unstake(ctx: Context<RequestUnstake>, args: RequestUnstakeArgs) -> Result<()> {
        RequestUnstake::handler(ctx, args)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn cancel_unstake(ctx: Context<CancelUnstake>) -> Result<()> {
        CancelUnstake::handler(ctx)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn unstake(ctx: Context<Unstake>) -> Result<()> {
        Unstake::handler(ctx)
    }
}
