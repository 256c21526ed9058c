use crate::errors::LmError;
use anchor_lang::prelude::*;

/// The operations that can be paused, one bit each in `Market::paused`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum PauseOp {
    OpenPosition = 1 << 0,
    Deposit = 1 << 1,
    Withdraw = 1 << 2,
    /// `apply_pnl` and `set_margin`.
    ApplyPnl = 1 << 3,
    /// `resolve_shortfall`. Pausing it also holds every operation that waits for pending
    /// losses (an emergency stop, as pausing withdrawals is).
    Resolve = 1 << 4,
    Settle = 1 << 5,
    ReleaseProfit = 1 << 6,
    FundInsurance = 1 << 7,
    Stake = 1 << 8,
    /// `request_unstake`, `cancel_unstake` and `unstake`.
    Unstake = 1 << 9,
    SweepDust = 1 << 10,
}

impl PauseOp {
    pub const COUNT: u32 = 11;
    /// Every operation.
    pub const ALL: u32 = (1 << Self::COUNT) - 1;

    pub const fn bit(self) -> u32 {
        self as u32
    }
}

/// A pause mask must name operations only.
pub fn check_pause_mask(mask: u32) -> Result<()> {
    require!(mask & !PauseOp::ALL == 0, LmError::UnknownPauseBits);
    Ok(())
}
