use super::{InsuranceFund, Market};
use crate::errors::LmError;
use anchor_lang::prelude::*;

/// One staker's shares in one insurance fund. Seeds: `["stake", fund, staker]`.
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct InsuranceStake {
    pub fund: Pubkey,
    pub staker: Pubkey,
    /// All shares, including those locked in a pending unstake request.
    pub shares: u128,
    /// Shares locked by the pending request (zero when none).
    pub unstake_shares: u128,
    /// Their value when the request was made: the most the request can pay.
    pub unstake_value: u64,
    /// Fixed when the request is made; later parameter changes do not move it.
    pub unstake_unlock_at: i64,
    /// The request may be used before this time only (`unlock_at + unstake_window_secs`, fixed
    /// when it is made); both move by the time unstaking is halted after the request
    /// (`unstake_unlock`, `unstake_expiry`); afterwards it lapses.
    pub unstake_expires_at: i64,
    /// `Market::unstake_halt`'s total when the request was made.
    pub unstake_halted_at_request: i64,
    /// The fund's share epoch these shares belong to.
    pub share_epoch: u32,
    pub bump: u8,
}

super::program_account!(InsuranceStake, [110, 110, 233, 160, 124, 191, 45, 161]);

impl InsuranceStake {
    /// Shares that count in the fund's current epoch (retired shares count as none).
    pub fn current_shares(&self, fund: &InsuranceFund) -> u128 {
        if self.share_epoch == fund.share_epoch {
            self.shares
        } else {
            0
        }
    }

    /// A request of the current epoch (lapsed or not).
    pub fn has_pending_unstake(&self, fund: &InsuranceFund) -> bool {
        self.share_epoch == fund.share_epoch && self.unstake_shares > 0
    }

    /// Seconds unstaking has been halted since the request was made: they count towards
    /// neither its delay nor its window, so both its unlock and its lapse move by them.
    fn halted_since_request(&self, market: &Market, now: i64) -> i64 {
        market.unstake_halt.total(now).saturating_sub(self.unstake_halted_at_request).max(0)
    }

    /// When the request unlocks, as of `now`.
    pub fn unstake_unlock(&self, market: &Market, now: i64) -> i64 {
        self.unstake_unlock_at.saturating_add(self.halted_since_request(market, now))
    }

    /// When the request lapses, as of `now`.
    pub fn unstake_expiry(&self, market: &Market, now: i64) -> i64 {
        self.unstake_expires_at.saturating_add(self.halted_since_request(market, now))
    }

    /// A request that can still be used, now or after its unlock.
    pub fn has_live_unstake(&self, market: &Market, fund: &InsuranceFund, now: i64) -> bool {
        self.has_pending_unstake(fund) && now < self.unstake_expiry(market, now)
    }

    /// Drop shares (and any request) retired by a wipe-out of the fund.
    pub fn sync_epoch(&mut self, fund: &InsuranceFund) {
        if self.share_epoch != fund.share_epoch {
            self.shares = 0;
            self.clear_request();
            self.share_epoch = fund.share_epoch;
        }
    }

    pub fn clear_request(&mut self) {
        self.unstake_shares = 0;
        self.unstake_value = 0;
        self.unstake_unlock_at = 0;
        self.unstake_expires_at = 0;
        self.unstake_halted_at_request = 0;
    }

    pub fn invariant(&self) -> Result<()> {
        require!(self.unstake_shares <= self.shares, LmError::UnstakeSharesAboveStake);
        require!(
            self.unstake_shares > 0
                || (self.unstake_value == 0
                    && self.unstake_unlock_at == 0
                    && self.unstake_expires_at == 0
                    && self.unstake_halted_at_request == 0),
            LmError::EmptyUnstakeRequest
        );
        Ok(())
    }
}
