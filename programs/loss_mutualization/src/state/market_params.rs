use crate::errors::LmError;
use crate::math::constants::*;
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
}

impl MarketParams {
    pub fn validate(&self) -> Result<()> {
        check_profit_maturity(self.profit_maturity_secs)?;
        check_draw_caps(self.max_draw_per_event, self.draw_window_cap, self.draw_window_secs)?;
        check_unstake_delay(self.unstake_delay_secs)?;
        check_unstake_window(self.unstake_window_secs)?;
        check_liquidation_window(self.liquidation_window_secs)?;
        check_shortfall_bound(self.max_shortfall_bps)
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
