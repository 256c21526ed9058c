use crate::errors::LmError;
use anchor_lang::prelude::*;

// The pause bits, exported through the IDL (`#[constant]`) for clients.
#[constant]
pub const PAUSE_OPEN_POSITION: u32 = 1 << 0;
#[constant]
pub const PAUSE_DEPOSIT: u32 = 1 << 1;
#[constant]
pub const PAUSE_WITHDRAW: u32 = 1 << 2;
#[constant]
pub const PAUSE_APPLY_PNL: u32 = 1 << 3;
#[constant]
pub const PAUSE_RESOLVE: u32 = 1 << 4;
#[constant]
pub const PAUSE_SETTLE: u32 = 1 << 5;
#[constant]
pub const PAUSE_RELEASE_PROFIT: u32 = 1 << 6;
#[constant]
pub const PAUSE_FUND_INSURANCE: u32 = 1 << 7;
#[constant]
pub const PAUSE_STAKE: u32 = 1 << 8;
#[constant]
pub const PAUSE_UNSTAKE: u32 = 1 << 9;
#[constant]
pub const PAUSE_SWEEP_DUST: u32 = 1 << 10;
/// Every pause bit.
#[constant]
pub const PAUSE_ALL: u32 = (1 << PauseOp::COUNT) - 1;

/// The pauses that keep users from leaving: withdraw, settle (a due settlement blocks a
/// withdrawal), release profit, unstake, and trading (`set_margin` pauses with `apply_pnl`, and
/// only it unlocks margin). While any is set, or a loss is pending, no proposed change's notice
/// runs (`math::notice`). (A resolve pause blocks nobody while nothing is pending, and a pending
/// loss halts exits by itself.)
#[constant]
pub const EXIT_PAUSES: u32 = PAUSE_WITHDRAW | PAUSE_SETTLE | PAUSE_RELEASE_PROFIT | PAUSE_UNSTAKE | PAUSE_APPLY_PNL;

/// The operations that can be paused, one bit each in `Market::paused`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PauseOp {
    OpenPosition = PAUSE_OPEN_POSITION,
    Deposit = PAUSE_DEPOSIT,
    Withdraw = PAUSE_WITHDRAW,
    /// `apply_pnl` and `set_margin`.
    ApplyPnl = PAUSE_APPLY_PNL,
    /// `resolve_shortfall`. Pausing it also holds every operation that waits for pending
    /// losses (an emergency stop, as pausing withdrawals is).
    Resolve = PAUSE_RESOLVE,
    Settle = PAUSE_SETTLE,
    ReleaseProfit = PAUSE_RELEASE_PROFIT,
    FundInsurance = PAUSE_FUND_INSURANCE,
    Stake = PAUSE_STAKE,
    /// `request_unstake`, `cancel_unstake` and `unstake`.
    Unstake = PAUSE_UNSTAKE,
    SweepDust = PAUSE_SWEEP_DUST,
}

impl PauseOp {
    pub const COUNT: u32 = 11;
    /// Every operation.
    pub const ALL: u32 = PAUSE_ALL;

    pub const fn bit(self) -> u32 {
        self as u32
    }
}

/// A pause mask must name operations only.
pub fn check_pause_mask(mask: u32) -> Result<()> {
    require!(mask & !PauseOp::ALL == 0, LmError::UnknownPauseBits);
    Ok(())
}
