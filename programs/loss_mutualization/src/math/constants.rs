//! Every precision and bound the money math depends on, in one place.
//!
//! Amounts are token base units (`u64`). Loss indices are fixed-point `u128` factors, and
//! products that can exceed `u128` are taken in 256 bits (`math::u256`). `#[constant]` exports
//! each through the IDL, where the SDK's math reads them.

/// The value of a loss index factor that means "nothing lost yet": 10^36.
///
/// A factor `f` says which part of an amount recorded at an earlier factor `f0` survives:
/// `amount * f / f0`. 36 decimals keep the relative error of one loss event below 10^-27
/// even after the factor has been rescaled (see below).
#[anchor_lang::constant]
pub const INDEX_ONE: u128 = 10u128.pow(36);

/// When a factor falls below this (10^27), it is multiplied by [`INDEX_RESCALE_FACTOR`] and
/// the index's `scale` goes up by one, so the factor never loses precision.
#[anchor_lang::constant]
pub const INDEX_RESCALE_THRESHOLD: u128 = 10u128.pow(27);

/// Multiplier applied at each rescale: 10^9.
#[anchor_lang::constant]
pub const INDEX_RESCALE_FACTOR: u128 = 10u128.pow(9);

/// Snapshots more than this many rescales behind the current index have nothing left:
/// `u64::MAX * 10^36 / (10^27 * 10^36)` is below one base unit.
#[anchor_lang::constant]
pub const INDEX_MAX_SCALE_GAP: u32 = 3;

/// Virtual shares and assets of the insurance fund (the "decimals offset" defence):
/// a first staker who donates to the fund cannot make later stakes round to zero shares
/// without giving most of the donation away.
#[anchor_lang::constant]
pub const INSURANCE_VIRTUAL_SHARES: u128 = 1_000_000;
#[anchor_lang::constant]
pub const INSURANCE_VIRTUAL_ASSETS: u128 = 1;

/// When a drawdown empties the insurance fund, or leaves its shares worth less than one base
/// unit per 10^12 shares (a millionth of their initial value of one unit per 10^6), the shares
/// are retired and a new share epoch starts. Without it, stakes into a nearly empty fund would mint shares
/// without bound and overflow `u128` after a few wipe-outs (found by the simulation).
#[anchor_lang::constant]
pub const INSURANCE_MAX_SHARES_PER_UNIT: u128 = 10u128.pow(12);

/// Upper bounds on time parameters, so a typo cannot lock funds for years.
#[anchor_lang::constant]
pub const MAX_PROFIT_MATURITY_SECS: i64 = 30 * 24 * 60 * 60;
#[anchor_lang::constant]
pub const MAX_UNSTAKE_DELAY_SECS: i64 = 90 * 24 * 60 * 60;
#[anchor_lang::constant]
pub const MAX_DRAW_WINDOW_SECS: i64 = 30 * 24 * 60 * 60;
/// Longest time a bankrupt position's liquidation may keep booking fills before anyone may
/// resolve its loss (`MarketParams::liquidation_window_secs`, at least 1 s).
#[anchor_lang::constant]
pub const MAX_LIQUIDATION_WINDOW_SECS: i64 = 60 * 60;
/// Bounds of the unstake window: how long an unlocked unstake request may be used (at least a
/// day). Time while unstaking is halted (Unstake paused, or a loss pending) does not count,
/// `Market::unstake_halt`.
#[anchor_lang::constant]
pub const MIN_UNSTAKE_WINDOW_SECS: i64 = 24 * 60 * 60;
#[anchor_lang::constant]
pub const MAX_UNSTAKE_WINDOW_SECS: i64 = 30 * 24 * 60 * 60;
/// Basis points: 10,000 is 100%.
#[anchor_lang::constant]
pub const BPS_ONE: u64 = 10_000;
/// Most a liquidation's shortfall may be bounded at, against the collateral behind it (100x).
#[anchor_lang::constant]
pub const MAX_SHORTFALL_BPS: u32 = 1_000_000;

/// Governance notice (`math::notice`). A change of the rules or of who holds power is proposed,
/// visible on chain, and applies only after the market's notice period of open exits.
///
/// The floor on the notice is two days on top of the longest exit a user may need (the unstake
/// delay, or the time a gain takes to mature, whichever is longer): a user who looks once a day
/// sees a change within a day of its proposal, starts to leave (an unstake request, or simply no
/// new trades so that every gain matures), and still has a full day to withdraw or unstake
/// before the change can apply (`MarketParams::notice_secs`, `check_notice`).
#[anchor_lang::constant]
pub const MIN_NOTICE_SECS: i64 = 2 * 24 * 60 * 60;
#[anchor_lang::constant]
pub const MAX_NOTICE_SECS: i64 = 365 * 24 * 60 * 60;
/// A change applies only after this much open time since exits last reopened after a pause (or
/// a halt longer than a liquidation may last, `Market::update_halts`): a pause lifted for
/// minutes at a time cannot add up to a notice period nobody who looks once a day could use.
#[anchor_lang::constant]
pub const EXITS_OPEN_BEFORE_CHANGE_SECS: i64 = 24 * 60 * 60;
/// A change not applied within this long after its notice ends lapses: a stale proposal cannot
/// be applied months later, when nobody expects it any more.
#[anchor_lang::constant]
pub const CHANGE_APPLY_WINDOW_SECS: i64 = 7 * 24 * 60 * 60;
