use crate::errors::LmError;
use crate::math::constants::*;
use crate::math::maturity::longest_maturity;
use anchor_lang::prelude::*;

/// Risk parameters of a market and its insurance fund. The bounds are written once, here:
/// `validate` checks new parameters, and `Market::invariant` / `InsuranceFund::invariant` call
/// the same rule functions.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketParams {
    /// Realized profit stays at risk this long after its last increase (0..=30 days).
    pub profit_maturity_secs: i64,
    /// Most the insurance fund pays towards one liquidation (one position's shortfalls within
    /// one draw window) (> 0).
    pub max_draw_per_event: u64,
    /// Most the insurance fund pays per rolling window (> 0).
    pub draw_window_cap: u64,
    /// Length of that window (1 s ..= 30 days); also the window of the per-event cap.
    pub draw_window_secs: i64,
    /// Delay between an unstake request and its payout (0..=90 days).
    pub unstake_delay_secs: i64,
    /// How long an unlocked unstake request may be used (1 day ..= 30 days; time while unstaking
    /// is halted, Unstake paused or a loss pending, counts towards neither the delay nor the
    /// window); afterwards it lapses and a new request starts a new delay.
    pub unstake_window_secs: i64,
    /// How long a bankrupt position's liquidation may keep booking fills into one loss event
    /// (1 s ..= 1 hour). Until then only the clearing authority may resolve it (it knows when
    /// the liquidation is complete); afterwards anyone may.
    pub liquidation_window_secs: i64,
    /// Bound on one liquidation's shortfall, in basis points of the collateral the position
    /// held when it went bankrupt (1 ..= 1,000,000, i.e. 100x); a fill beyond it is refused.
    /// It bounds what a clearing authority can book against a colluding wallet.
    pub max_shortfall_bps: u32,
    /// How long a proposed change waits, in open time, before it may apply (`math::notice`):
    /// at least `MIN_NOTICE_SECS` (2 days) more than the unstake delay and the longest profit
    /// maturity, so every user can see a change and leave before it applies (`check_notice`).
    pub notice_secs: i64,
}

impl MarketParams {
    /// The parameters in force: kept on the market and on its insurance fund.
    pub fn of(market: &super::Market, fund: &super::InsuranceFund) -> Self {
        MarketParams {
            profit_maturity_secs: market.profit_maturity_secs,
            max_draw_per_event: fund.max_draw_per_event,
            draw_window_cap: fund.draw_window_cap,
            draw_window_secs: fund.draw_window_secs,
            unstake_delay_secs: fund.unstake_delay_secs,
            unstake_window_secs: fund.unstake_window_secs,
            liquidation_window_secs: market.liquidation_window_secs,
            max_shortfall_bps: market.max_shortfall_bps,
            notice_secs: market.notice_secs,
        }
    }

    /// The event that records these parameters as the market's.
    pub fn updated_event(&self, market: Pubkey) -> crate::events::ParamsUpdated {
        crate::events::ParamsUpdated {
            market,
            profit_maturity_secs: self.profit_maturity_secs,
            max_draw_per_event: self.max_draw_per_event,
            draw_window_cap: self.draw_window_cap,
            draw_window_secs: self.draw_window_secs,
            unstake_delay_secs: self.unstake_delay_secs,
            unstake_window_secs: self.unstake_window_secs,
            liquidation_window_secs: self.liquidation_window_secs,
            max_shortfall_bps: self.max_shortfall_bps,
            notice_secs: self.notice_secs,
        }
    }

    pub fn validate(&self) -> Result<()> {
        check_profit_maturity(self.profit_maturity_secs)?;
        check_draw_caps(self.max_draw_per_event, self.draw_window_cap, self.draw_window_secs)?;
        check_unstake_delay(self.unstake_delay_secs)?;
        check_unstake_window(self.unstake_window_secs)?;
        check_liquidation_window(self.liquidation_window_secs)?;
        check_shortfall_bound(self.max_shortfall_bps)?;
        check_notice(self.notice_secs, self.profit_maturity_secs, self.unstake_delay_secs)
    }
}

pub fn check_profit_maturity(secs: i64) -> Result<()> {
    require!((0..=MAX_PROFIT_MATURITY_SECS).contains(&secs), LmError::ProfitMaturityOutOfRange);
    Ok(())
}

pub fn check_draw_caps(max_draw_per_event: u64, draw_window_cap: u64, draw_window_secs: i64) -> Result<()> {
    require!(max_draw_per_event > 0, LmError::EventCapZero);
    require!(draw_window_cap > 0, LmError::WindowCapZero);
    require!((1..=MAX_DRAW_WINDOW_SECS).contains(&draw_window_secs), LmError::DrawWindowOutOfRange);
    Ok(())
}

pub fn check_unstake_delay(secs: i64) -> Result<()> {
    require!((0..=MAX_UNSTAKE_DELAY_SECS).contains(&secs), LmError::UnstakeDelayOutOfRange);
    Ok(())
}

pub fn check_unstake_window(secs: i64) -> Result<()> {
    require!((MIN_UNSTAKE_WINDOW_SECS..=MAX_UNSTAKE_WINDOW_SECS).contains(&secs), LmError::UnstakeWindowOutOfRange);
    Ok(())
}

pub fn check_liquidation_window(secs: i64) -> Result<()> {
    require!((1..=MAX_LIQUIDATION_WINDOW_SECS).contains(&secs), LmError::LiquidationWindowOutOfRange);
    Ok(())
}

pub fn check_shortfall_bound(bps: u32) -> Result<()> {
    require!((1..=MAX_SHORTFALL_BPS).contains(&bps), LmError::ShortfallBoundOutOfRange);
    Ok(())
}

pub fn check_notice_range(secs: i64) -> Result<()> {
    require!((MIN_NOTICE_SECS..=MAX_NOTICE_SECS).contains(&secs), LmError::NoticeOutOfRange);
    Ok(())
}

/// A user who looks once a day must be able to leave with everything before a change applies:
/// one day to see it, the longest exit (an unstake request's delay, or the last gain's
/// maturity), then one day to withdraw or unstake.
pub fn check_notice(notice_secs: i64, profit_maturity_secs: i64, unstake_delay_secs: i64) -> Result<()> {
    check_notice_range(notice_secs)?;
    let longest_exit = unstake_delay_secs.max(longest_maturity(profit_maturity_secs));
    require!(notice_secs >= MIN_NOTICE_SECS.saturating_add(longest_exit), LmError::NoticeShorterThanExit);
    Ok(())
}
