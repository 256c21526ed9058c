//! One event per state change, each carrying the post-state of what it touched, so that the
//! ledger can be rebuilt from events alone.

use crate::math::LossIndex;
use crate::state::Change;
use anchor_lang::prelude::*;

/// Emit an event. On chain (and on the bytecode everywhere) this is exactly `emit!`. Natively
/// (the host build, `LM_RUNTIME=native` / `--native`) Anchor's
/// `sol_log_data` is a no-op, so the payload goes through the runtime's syscall stubs instead,
/// where the host can log it as `Program data: <base64>`, the same line as on chain.
pub fn emit_event<E: anchor_lang::Event>(event: E) {
    #[cfg(target_os = "solana")]
    emit!(event);
    #[cfg(not(target_os = "solana"))]
    solana_sysvar::program_stubs::sol_log_data(&[&event.data()]);
}

#[event]
pub struct MarketInitialized {
    pub market: Pubkey,
    pub market_id: u64,
    pub creator: Pubkey,
    pub admin: Pubkey,
    pub risk_authority: Pubkey,
    pub clearing_authority: Pubkey,
    pub collateral_mint: Pubkey,
    pub collateral_vault: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,
    pub profit_maturity_secs: i64,
    pub max_draw_per_event: u64,
    pub draw_window_cap: u64,
    pub draw_window_secs: i64,
    pub unstake_delay_secs: i64,
    pub unstake_window_secs: i64,
    pub liquidation_window_secs: i64,
    pub max_shortfall_bps: u32,
    pub notice_secs: i64,
}

#[event]
pub struct ParamsUpdated {
    pub market: Pubkey,
    pub profit_maturity_secs: i64,
    pub max_draw_per_event: u64,
    pub draw_window_cap: u64,
    pub draw_window_secs: i64,
    pub unstake_delay_secs: i64,
    pub unstake_window_secs: i64,
    pub liquidation_window_secs: i64,
    pub max_shortfall_bps: u32,
    pub notice_secs: i64,
}

#[event]
pub struct PauseSet {
    pub market: Pubkey,
    pub by: Pubkey,
    pub paused: u32,
}

#[event]
pub struct ChangeProposed {
    pub market: Pubkey,
    pub pending_change: Pubkey,
    pub seq: u64,
    pub proposer: Pubkey,
    pub proposed_at: i64,
    /// Open-exit seconds it waits (at least; a longer notice set later also applies).
    pub notice_secs: i64,
    pub change: Change,
}

#[event]
pub struct ChangeApplied {
    pub market: Pubkey,
    pub pending_change: Pubkey,
    pub seq: u64,
    pub by: Pubkey,
}

#[event]
pub struct ChangeCancelled {
    pub market: Pubkey,
    pub pending_change: Pubkey,
    pub seq: u64,
    pub by: Pubkey,
}

#[event]
pub struct NoticeRaised {
    pub market: Pubkey,
    pub notice_secs: i64,
}

#[event]
pub struct AdminTransferred {
    pub market: Pubkey,
    pub previous_admin: Pubkey,
    pub admin: Pubkey,
}

#[event]
pub struct AuthoritiesSet {
    pub market: Pubkey,
    pub risk_authority: Pubkey,
    pub clearing_authority: Pubkey,
}

#[event]
pub struct PositionOpened {
    pub market: Pubkey,
    pub position: Pubkey,
    pub owner: Pubkey,
}

/// A position's balances after a change, shared by the events that move them.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PositionBalances {
    pub position: Pubkey,
    pub principal: u64,
    pub realized_pnl: i64,
    pub profit_matures_at: i64,
    pub clawback_snapshot: LossIndex,
    pub haircut_snapshot: LossIndex,
}

/// The market's aggregates after a change.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct MarketTotals {
    pub total_principal: u64,
    pub total_at_risk_profit: u64,
    /// Loss of bankrupt positions not yet assigned (zero after every `resolve_shortfall`).
    pub pending_shortfall: u64,
    pub dust_pending: u64,
}

#[event]
pub struct Deposited {
    pub market: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub position: PositionBalances,
    pub totals: MarketTotals,
}

#[event]
pub struct Withdrawn {
    pub market: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub position: PositionBalances,
    pub totals: MarketTotals,
}

#[event]
pub struct PnlApplied {
    pub market: Pubkey,
    pub amount: u64,
    pub loser_paid_from_profit: u64,
    pub loser_paid_from_principal: u64,
    pub loser_shortfall: u64,
    /// While the loser's liquidation is in progress: its whole shortfall so far, the bound of
    /// its loss window (which every shortfall booked in that window counts against:
    /// `loss_window.shortfall`), and when its window ends (all zero otherwise).
    pub liquidation_shortfall: u64,
    pub liquidation_shortfall_bound: u64,
    pub liquidation_ends_at: i64,
    /// The loser's loss window after the fill: the collateral it held when the window opened
    /// (the base of the bound) and the shortfall booked against it in the window.
    pub loss_window: crate::state::LossWindow,
    pub winner: PositionBalances,
    pub loser: PositionBalances,
    pub totals: MarketTotals,
}

/// The clearing authority set the principal locked behind a position's open exposure.
#[event]
pub struct MarginSet {
    pub market: Pubkey,
    pub owner: Pubkey,
    pub position: Pubkey,
    pub locked_margin: u64,
}

/// A position's pending clawback and haircut were applied.
#[event]
pub struct PositionSettled {
    pub market: Pubkey,
    pub owner: Pubkey,
    pub clawback_charged: u64,
    pub haircut_charged: u64,
    pub dust_released: u64,
    pub position: PositionBalances,
    pub totals: MarketTotals,
}

#[event]
pub struct ProfitReleased {
    pub market: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    pub position: PositionBalances,
    pub totals: MarketTotals,
}

/// A bankrupt position's loss assigned to the waterfall (`resolve_shortfall`): the whole
/// split, the fund after its draw, and the indices before and after.
#[event]
pub struct ShortfallResolved {
    pub market: Pubkey,
    pub record: Pubkey,
    pub seq: u64,
    /// The closed-out position.
    pub position: PositionBalances,
    pub owner: Pubkey,
    pub position_seq: u64,
    pub shortfall: u64,
    pub insurance_paid: u64,
    pub clawback: u64,
    pub haircut: u64,
    pub at_risk_profit_before: u64,
    pub principal_before: u64,
    pub clawback_index_before: LossIndex,
    pub clawback_index: LossIndex,
    pub haircut_index_before: LossIndex,
    pub haircut_index: LossIndex,
    pub fund_balance: u64,
    /// Zero, with a new `share_epoch`, when the draw wiped the fund out and retired its shares.
    pub total_shares: u128,
    pub share_epoch: u32,
    pub draw_allowance: u64,
    /// Insurance drawn for this position's liquidation in the current per-event cap window.
    pub event_cap_drawn: u64,
    pub resolver: Pubkey,
    /// The record's rent: from the market's rent reserve, and what the reserve lacked, from the
    /// resolver.
    pub record_rent_from_reserve: u64,
    pub record_rent_from_resolver: u64,
    pub totals: MarketTotals,
}

#[event]
pub struct DustSwept {
    pub market: Pubkey,
    pub amount: u64,
    pub fund_balance: u64,
    pub totals: MarketTotals,
}

#[event]
pub struct InsuranceFunded {
    pub market: Pubkey,
    pub funder: Pubkey,
    pub amount: u64,
    pub fund_balance: u64,
}

#[event]
pub struct Staked {
    pub market: Pubkey,
    pub staker: Pubkey,
    pub amount: u64,
    pub shares_minted: u128,
    pub stake_shares: u128,
    /// Shares still locked in a pending unstake request (zero when a retired epoch's request
    /// was dropped).
    pub unstake_shares: u128,
    pub total_shares: u128,
    pub fund_balance: u64,
}

#[event]
pub struct UnstakeRequested {
    pub market: Pubkey,
    pub staker: Pubkey,
    pub shares: u128,
    pub value_at_request: u64,
    pub unlock_at: i64,
    /// The request lapses unused at this time.
    pub expires_at: i64,
}

#[event]
pub struct UnstakeCancelled {
    pub market: Pubkey,
    pub staker: Pubkey,
    pub shares: u128,
}

#[event]
pub struct Unstaked {
    pub market: Pubkey,
    pub staker: Pubkey,
    pub shares_burned: u128,
    pub amount_paid: u64,
    pub stake_shares: u128,
    pub total_shares: u128,
    pub fund_balance: u64,
}
