use super::market_params::{check_draw_caps, check_unstake_delay, check_unstake_window};
use super::VaultAuthority;
use crate::errors::LmError;
use crate::math::insurance_shares::{shares_worthless, value_of_shares};
use crate::math::rate_limit::{refilled_allowance, Allowance};
use anchor_lang::prelude::*;

/// The market's insurance fund. It bears shortfalls before profitable traders do; stakers own
/// it through shares. Seeds: `["insurance_fund", market]`; it owns its vault
/// (`["insurance_vault", market]`).
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct InsuranceFund {
    pub market: Pubkey,
    pub vault: Pubkey,
    /// Tokens the fund owns on its books. Tokens sent to the vault outside the program are not
    /// counted (they cannot move the share price).
    pub balance: u64,
    pub total_shares: u128,
    /// At most this much per liquidation: all shortfalls of one position within one draw
    /// window share it (see `UserPosition::event_cap`).
    pub max_draw_per_event: u64,
    /// Rolling window cap: the draw allowance refills to this over `draw_window_secs`.
    pub draw_window_cap: u64,
    pub draw_window_secs: i64,
    pub draw_allowance: u64,
    pub draw_allowance_updated_at: i64,
    /// Refill earned below one whole unit at `draw_allowance_updated_at`, carried so that no
    /// update loses refill time to rounding (`math::rate_limit`).
    pub draw_refill_remainder: u64,
    /// Delay between `request_unstake` and `unstake`, fixed per request when it is made.
    pub unstake_delay_secs: i64,
    /// How long an unlocked request may be used, fixed per request when it is made.
    pub unstake_window_secs: i64,
    pub lifetime_staked: u128,
    pub lifetime_donated: u128,
    pub lifetime_drawn: u128,
    pub lifetime_unstaked: u128,
    pub lifetime_dust_received: u128,
    /// Bumped when a drawdown wipes the fund out and its shares retire (see
    /// `INSURANCE_MAX_SHARES_PER_UNIT`); stakes from older epochs hold nothing.
    pub share_epoch: u32,
    pub bump: u8,
    pub vault_bump: u8,
}

super::program_account!(InsuranceFund, [43, 134, 170, 87, 102, 16, 142, 147]);

impl InsuranceFund {
    pub fn value_of(&self, shares: u128) -> Result<u64> {
        value_of_shares(shares, self.balance, self.total_shares)
    }

    /// After a drawdown: retire the shares if the fund is wiped out. Returns whether it did.
    pub fn retire_worthless_shares(&mut self) -> Result<bool> {
        if !shares_worthless(self.balance, self.total_shares) {
            return Ok(false);
        }
        self.total_shares = 0;
        self.share_epoch = self.share_epoch.checked_add(1).ok_or(error!(LmError::MathOverflow))?;
        Ok(true)
    }

    /// The draw allowance at `now`.
    pub fn allowance_at(&self, now: i64) -> Result<Allowance> {
        refilled_allowance(
            self.draw_allowance,
            self.draw_refill_remainder,
            self.draw_window_cap,
            self.draw_window_secs,
            self.draw_allowance_updated_at,
            now,
        )
    }

    /// Set the allowance as of `now` (after a draw of `drawn` from `allowance`, the allowance
    /// at `now`).
    pub fn set_allowance(&mut self, allowance: Allowance, drawn: u64, now: i64) -> Result<()> {
        self.draw_allowance = allowance.amount.checked_sub(drawn).ok_or(error!(LmError::MathOverflow))?;
        self.draw_refill_remainder = allowance.remainder;
        self.draw_allowance_updated_at = now;
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        check_draw_caps(self.max_draw_per_event, self.draw_window_cap, self.draw_window_secs)?;
        check_unstake_delay(self.unstake_delay_secs)?;
        check_unstake_window(self.unstake_window_secs)?;
        require!(self.draw_allowance <= self.draw_window_cap, LmError::DrawAllowanceAboveCap);
        Ok(())
    }
}

impl VaultAuthority for InsuranceFund {
    fn with_signer_seeds<R>(&self, f: impl FnOnce(&[&[&[u8]]]) -> R) -> R {
        let bump = [self.bump];
        f(&[&[super::INSURANCE_FUND_SEED, self.market.as_ref(), &bump]])
    }
}
