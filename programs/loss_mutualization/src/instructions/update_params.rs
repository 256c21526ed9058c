use crate::errors::LmError;
use crate::events::{emit_event, ParamsUpdated};
use crate::state::*;
use anchor_lang::prelude::*;

/// Each field left `None` keeps its value. An unstake request already made keeps the unlock
/// time it was given.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, Default)]
pub struct UpdateParamsArgs {
    pub profit_maturity_secs: Option<i64>,
    pub max_draw_per_event: Option<u64>,
    pub draw_window_cap: Option<u64>,
    pub draw_window_secs: Option<i64>,
    pub unstake_delay_secs: Option<i64>,
    pub unstake_window_secs: Option<i64>,
    pub liquidation_window_secs: Option<i64>,
    pub max_shortfall_bps: Option<u32>,
}

#[derive(Accounts)]
pub struct UpdateParams<'info> {
    pub admin: Signer<'info>,
    #[account(
        mut,
        has_one = admin @ LmError::NotAdmin,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
}

impl UpdateParams<'_> {
    fn merged(&self, args: &UpdateParamsArgs) -> MarketParams {
        let fund = &self.insurance_fund;
        MarketParams {
            profit_maturity_secs: args.profit_maturity_secs.unwrap_or(self.market.profit_maturity_secs),
            max_draw_per_event: args.max_draw_per_event.unwrap_or(fund.max_draw_per_event),
            draw_window_cap: args.draw_window_cap.unwrap_or(fund.draw_window_cap),
            draw_window_secs: args.draw_window_secs.unwrap_or(fund.draw_window_secs),
            unstake_delay_secs: args.unstake_delay_secs.unwrap_or(fund.unstake_delay_secs),
            unstake_window_secs: args.unstake_window_secs.unwrap_or(fund.unstake_window_secs),
            liquidation_window_secs: args.liquidation_window_secs.unwrap_or(self.market.liquidation_window_secs),
            max_shortfall_bps: args.max_shortfall_bps.unwrap_or(self.market.max_shortfall_bps),
        }
    }

    /// Parameters decide how a pending loss is split (the insurance caps), so they wait
    /// until it is assigned, like every other change of who pays.
    pub fn validate(&self, args: &UpdateParamsArgs) -> Result<()> {
        self.market.require_no_pending_loss()?;
        self.merged(args).validate()
    }

    pub fn handler(ctx: Context<Self>, args: UpdateParamsArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let params = accounts.merged(&args);

        // Settle the draw allowance under the old window before changing it, then clamp it
        // to the new cap. The refill remainder is in units of the old window: a new window or
        // cap drops it (less than one unit, in favour of the fund).
        let fund = &mut accounts.insurance_fund;
        let mut allowance = fund.allowance_at(now)?;
        allowance.amount = allowance.amount.min(params.draw_window_cap);
        if params.draw_window_secs != fund.draw_window_secs || params.draw_window_cap != fund.draw_window_cap {
            allowance.remainder = 0;
        }
        fund.set_allowance(allowance, 0, now)?;
        fund.max_draw_per_event = params.max_draw_per_event;
        fund.draw_window_cap = params.draw_window_cap;
        fund.draw_window_secs = params.draw_window_secs;
        fund.unstake_delay_secs = params.unstake_delay_secs;
        fund.unstake_window_secs = params.unstake_window_secs;
        fund.invariant()?;

        let market = &mut accounts.market;
        market.profit_maturity_secs = params.profit_maturity_secs;
        market.liquidation_window_secs = params.liquidation_window_secs;
        market.max_shortfall_bps = params.max_shortfall_bps;
        market.invariant()?;

        emit_event(ParamsUpdated {
            market: market.key(),
            profit_maturity_secs: params.profit_maturity_secs,
            max_draw_per_event: params.max_draw_per_event,
            draw_window_cap: params.draw_window_cap,
            draw_window_secs: params.draw_window_secs,
            unstake_delay_secs: params.unstake_delay_secs,
            unstake_window_secs: params.unstake_window_secs,
            liquidation_window_secs: params.liquidation_window_secs,
            max_shortfall_bps: params.max_shortfall_bps,
        });
        Ok(())
    }
}
