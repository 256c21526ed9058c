use super::{Market, PauseOp};
use crate::errors::LmError;
use crate::events::PositionBalances;
use crate::math::maturity::{self, MaturingProfit, MaturingProfits, MATURING_ENTRIES};
use crate::math::{LossIndex, SafeMath};
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionStatus {
    Active,
    /// Equity is negative; `resolve_shortfall` closes it out. Kept as a byte so that keepers can
    /// find bankrupt positions with a `memcmp` filter.
    Bankrupt,
}

/// The per-event insurance cap of one position's liquidation: every shortfall of the position
/// resolved within one draw window of the first shares it, however the liquidation was filled.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventCapWindow {
    /// When the window opened (0: never).
    pub started_at: i64,
    /// Insurance drawn for this position's shortfalls since then.
    pub drawn: u64,
}

/// A position's loss window: from its first loss to a fill after a quiet period, for
/// `liquidation_window_secs`. The base of the shortfall bound is the collateral it held when the
/// window opened: a liquidation is usually filled in parts, and every part counts against the
/// same collateral however the fills are split. (A snapshot, not a sum of what it paid: a sum
/// could be inflated by colluding wallets passing the same money back and forth.)
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LossWindow {
    /// When the window opened (0: never).
    pub started_at: i64,
    /// At-risk profit plus principal when it opened.
    pub collateral: u64,
    /// Shortfall booked in the window, across every liquidation in it.
    pub shortfall: u64,
}

/// One wallet's position in one market. 378 bytes with the discriminator.
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct UserPosition {
    pub market: Pubkey,
    pub owner: Pubkey,
    /// Principal as of `haircut_snapshot`.
    pub principal: u64,
    /// Positive: at-risk profit as of `clawback_snapshot`. Negative: the shortfall of a bankrupt
    /// position (then principal is zero).
    pub realized_pnl: i64,
    pub clawback_snapshot: LossIndex,
    pub haircut_snapshot: LossIndex,
    /// Lifetime totals, for display. u128 so that they can never overflow and block settlement.
    pub lifetime_clawback_paid: u128,
    pub lifetime_haircut_paid: u128,
    /// When all at-risk profit held now will have matured (for display; 0 when none is
    /// maturing). What may be released is decided per gain by `maturing`.
    pub profit_matures_at: i64,
    /// At-risk profit still maturing, per grid slot of its gain (`math::maturity`).
    pub maturing: [MaturingProfit; MATURING_ENTRIES],
    /// Shortfalls resolved so far; the next one's record is `["shortfall", position, this]`.
    pub shortfall_count: u64,
    pub event_cap: EventCapWindow,
    pub loss_window: LossWindow,
    /// Principal locked by the clearing authority behind open exposure on the exchange
    /// (`set_margin`): `withdraw` leaves at least this much.
    pub locked_margin: u64,
    pub status: PositionStatus,
    pub bump: u8,
}

super::program_account!(UserPosition, [251, 248, 209, 245, 83, 234, 17, 27]);

/// What settling a position did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PositionSettlement {
    pub clawback_charged: u64,
    pub haircut_charged: u64,
    pub dust_released: u64,
}

impl UserPosition {
    /// A new, empty position whose snapshots start at the market's current indices (so it is
    /// never charged for losses assigned before it opened).
    pub fn opened(market_key: Pubkey, market: &Market, owner: Pubkey, bump: u8) -> Self {
        UserPosition {
            market: market_key,
            owner,
            principal: 0,
            realized_pnl: 0,
            clawback_snapshot: market.profit_pool.index,
            haircut_snapshot: market.principal_pool.index,
            lifetime_clawback_paid: 0,
            lifetime_haircut_paid: 0,
            profit_matures_at: 0,
            maturing: MaturingProfits::default(),
            shortfall_count: 0,
            event_cap: EventCapWindow::default(),
            loss_window: LossWindow::default(),
            locked_margin: 0,
            status: PositionStatus::Active,
            bump,
        }
    }

    pub fn at_risk_profit(&self) -> u64 {
        self.realized_pnl.max(0) as u64
    }

    pub fn shortfall(&self) -> u64 {
        self.realized_pnl.min(0).unsigned_abs()
    }

    /// Set the at-risk profit. Where it fell (a clawback, a trading loss, a release), the profit
    /// closest to release went first (`maturity::take_from_soonest`).
    pub fn set_at_risk_profit(&mut self, amount: u64) -> Result<()> {
        self.realized_pnl = i64::try_from(amount).map_err(|_| error!(LmError::MathOverflow))?;
        maturity::take_from_soonest(&mut self.maturing, amount);
        Ok(())
    }

    /// Book a gain at `now`: at risk for at least `maturity_secs` from now, without moving the
    /// maturity of earlier gains.
    pub fn add_gain(&mut self, amount: u64, now: i64, maturity_secs: i64) -> Result<()> {
        let gained = self.at_risk_profit().safe_add(amount)?;
        self.set_at_risk_profit(gained)?;
        let matures_at = maturity::maturity_of_gain(now, maturity_secs);
        maturity::add_gain(&mut self.maturing, amount, matures_at, now);
        self.profit_matures_at = maturity::all_mature_at(&self.maturing, now);
        Ok(())
    }

    /// At-risk profit that may move into principal at `now`.
    pub fn releasable_profit(&self, now: i64) -> u64 {
        maturity::releasable(&self.maturing, self.at_risk_profit(), now)
    }

    /// Move every matured gain into principal at `now`; returns the amount (the caller moves it
    /// between the market's pools).
    pub fn release_matured_profit(&mut self, now: i64) -> Result<u64> {
        let amount = self.releasable_profit(now);
        self.set_at_risk_profit(self.at_risk_profit() - amount)?;
        self.profit_matures_at = maturity::all_mature_at(&self.maturing, now);
        self.principal = self.principal.safe_add(amount)?;
        Ok(amount)
    }

    /// Clawback and haircut this position would be charged if it settled now.
    pub fn pending_charges(&self, market: &Market) -> Result<(u64, u64)> {
        Ok((
            market.profit_pool.pending_charge(self.at_risk_profit(), self.clawback_snapshot)?,
            market.principal_pool.pending_charge(self.principal, self.haircut_snapshot)?,
        ))
    }

    /// Apply every loss assigned since the last settlement and move the snapshots to now.
    /// Any rounding excess this proves is added to the market's dust for the insurance fund,
    /// except while a loss is pending (the books must keep covering that loss; tier 4 relies on
    /// it) or settling is paused (a pause holds every settlement, dust included): the excess then
    /// stays in the pools until a later settlement proves it again.
    ///
    /// With `may_release_dust` false (the market is read-only in this settlement) no dust is
    /// released either; a later settlement with the market writable releases it.
    pub fn settle(&mut self, market: &mut Market, may_release_dust: bool) -> Result<PositionSettlement> {
        let release_dust = may_release_dust && market.pending_shortfall == 0 && !market.is_paused(PauseOp::Settle);
        let clawback = market.profit_pool.settle(self.at_risk_profit(), self.clawback_snapshot, release_dust)?;
        if self.realized_pnl >= 0 {
            self.set_at_risk_profit(clawback.remaining)?;
        }
        self.clawback_snapshot = market.profit_pool.index;
        let haircut = market.principal_pool.settle(self.principal, self.haircut_snapshot, release_dust)?;
        self.principal = haircut.remaining;
        self.haircut_snapshot = market.principal_pool.index;

        self.lifetime_clawback_paid = self.lifetime_clawback_paid.saturating_add(clawback.charge as u128);
        self.lifetime_haircut_paid = self.lifetime_haircut_paid.saturating_add(haircut.charge as u128);
        let dust_released = clawback.dust_released.safe_add(haircut.dust_released)?;
        market.dust_pending = market.dust_pending.safe_add(dust_released)?;
        Ok(PositionSettlement {
            clawback_charged: clawback.charge,
            haircut_charged: haircut.charge,
            dust_released,
        })
    }

    pub fn balances(&self, key: Pubkey) -> PositionBalances {
        PositionBalances {
            position: key,
            principal: self.principal,
            realized_pnl: self.realized_pnl,
            profit_matures_at: self.profit_matures_at,
            clawback_snapshot: self.clawback_snapshot,
            haircut_snapshot: self.haircut_snapshot,
        }
    }

    /// Close out a bankrupt position: its negative equity leaves it (to be assigned by the
    /// caller) and it is active again, empty, with no margin locked (the exposure that went
    /// bankrupt is liquidated). Returns the shortfall and the record's `position_seq`.
    pub fn close_out_shortfall(&mut self) -> Result<(u64, u64)> {
        let shortfall = self.shortfall();
        let position_seq = self.shortfall_count;
        self.realized_pnl = 0;
        self.maturing = MaturingProfits::default();
        self.profit_matures_at = 0;
        self.locked_margin = 0;
        self.status = PositionStatus::Active;
        self.shortfall_count = position_seq.safe_add(1)?;
        self.invariant()?;
        Ok((shortfall, position_seq))
    }

    /// Principal the wallet may withdraw: what the clearing authority has not locked.
    pub fn unlocked_principal(&self) -> u64 {
        self.principal.saturating_sub(self.locked_margin)
    }

    pub fn invariant(&self) -> Result<()> {
        let bankrupt = self.realized_pnl < 0;
        require!(
            bankrupt == (self.status == PositionStatus::Bankrupt),
            LmError::BankruptStatusMismatch
        );
        require!(!bankrupt || self.principal == 0, LmError::BankruptWithPrincipal);
        require!(maturity::entries_within(&self.maturing, self.at_risk_profit()), LmError::MaturingAboveProfit);
        Ok(())
    }
}
