use super::market_params::{check_liquidation_window, check_notice_range, check_profit_maturity, check_shortfall_bound};
use super::pause::{check_pause_mask, PauseOp, EXIT_PAUSES};
use super::{VaultAuthority, MARKET_SEED};
use crate::errors::LmError;
use crate::events::MarketTotals;
use crate::math::constants::*;
use crate::math::halt::HaltClock;
use crate::math::{LossPool, SafeMath};
use anchor_lang::prelude::*;

/// A market: one collateral mint, its vault, its insurance fund and the loss indices.
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct Market {
    pub market_id: u64,
    /// Who created the market. Part of its address (`["market", mint, creator, market_id]`), so
    /// the address a user derives from the operator's key cannot belong to anyone else.
    pub creator: Pubkey,
    /// Proposes changes of the rules and of who holds power (`propose_change`), which apply
    /// only after `notice_secs` of open exits; lifts pauses.
    pub admin: Pubkey,
    /// May add pause bits (an emergency brake); it has no part in assigning losses.
    pub risk_authority: Pubkey,
    /// Applies realized PnL between positions (a keypair or another program's PDA).
    pub clearing_authority: Pubkey,
    pub collateral_mint: Pubkey,
    pub collateral_token_program: Pubkey,
    pub collateral_decimals: u8,
    pub collateral_vault: Pubkey,
    pub insurance_fund: Pubkey,
    /// Bitmask of `PauseOp` bits.
    pub paused: u32,
    /// Each gain of realized profit stays at risk at least this long (`math::maturity`).
    pub profit_maturity_secs: i64,
    /// See `MarketParams::liquidation_window_secs`.
    pub liquidation_window_secs: i64,
    /// See `MarketParams::max_shortfall_bps`.
    pub max_shortfall_bps: u32,
    /// See `MarketParams::notice_secs`.
    pub notice_secs: i64,
    /// Sequence number of the next proposed change (`["change", market, seq]`).
    pub change_count: u64,
    /// At-risk profit of all positions: the clawback tier. `profit_pool.index` is the clawback
    /// index.
    pub profit_pool: LossPool,
    /// Principal of all positions: the haircut tier.
    pub principal_pool: LossPool,
    /// Negative equity of bankrupt positions whose loss is not yet assigned to a tier
    /// (`resolve_shortfall` assigns it). While it is not zero, nothing that changes who would
    /// pay it may run (`require_no_pending_loss`).
    pub pending_shortfall: u64,
    /// The liquidation in progress while `pending_shortfall` is not zero: the bankrupt position
    /// (its further fills still book into the same loss event), the collateral it held when its
    /// loss window opened (the base of `max_shortfall_bps`, `UserPosition::loss_window`), and
    /// when its liquidation window ends (fills stop; anyone may resolve).
    pub pending_position: Pubkey,
    pub pending_collateral: u64,
    pub liquidation_ends_at: i64,
    /// Rounding excess released from the books, waiting for `sweep_dust` to the insurance fund.
    pub dust_pending: u64,
    /// Market-wide sequence number of the next shortfall record (for ordering; the record's
    /// address is keyed by its position).
    pub shortfall_seq: u64,
    /// Seconds unstaking was halted (Unstake paused, or a loss pending): unstake requests'
    /// unlock and window move by them, so neither a pause nor a chain of liquidations can make a
    /// request lapse or shorten its window.
    pub unstake_halt: HaltClock,
    /// Seconds exits were halted (an exit paused, `EXIT_PAUSES`, or a loss pending): a proposed
    /// change's notice counts only the rest (`math::notice`).
    pub exit_halt: HaltClock,
    /// When exit pauses were last lifted (0: never), and `exit_halt`'s total then: a change
    /// applies only after a day of open time since (`math::notice`).
    pub exits_reopened_at: i64,
    pub exit_halted_at_reopen: i64,
    /// Gains booked under a longer maturity period than today's may still mature until then
    /// (0: none); a change proposed before then waits for them (`notice_for_proposal`).
    pub old_maturity_ends_at: i64,
    pub position_count: u64,
    pub bump: u8,
    pub vault_bump: u8,
}

super::program_account!(Market, [219, 190, 213, 55, 0, 227, 198, 154]);

/// Which halts hold at a moment (`Market::halts`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Halts {
    pub unstake: bool,
    pub exits: bool,
    pub blocked: bool,
}

impl VaultAuthority for Market {
    fn with_signer_seeds<R>(&self, f: impl FnOnce(&[&[&[u8]]]) -> R) -> R {
        let market_id = self.market_id.to_le_bytes();
        let bump = [self.bump];
        f(&[&[MARKET_SEED, self.collateral_mint.as_ref(), self.creator.as_ref(), &market_id, &bump]])
    }
}

impl Market {
    pub fn is_paused(&self, operation: PauseOp) -> bool {
        self.paused & operation.bit() != 0
    }

    pub fn require_not_paused(&self, operation: PauseOp) -> Result<()> {
        require!(!self.is_paused(operation), LmError::OperationPaused);
        Ok(())
    }

    /// Exposure is frozen from a bankruptcy until its loss is assigned: every operation that
    /// would change who pays it (deposits, withdrawals, trades, profit release, staking,
    /// unstaking, donations, parameter changes) waits. `resolve_shortfall` is permissionless,
    /// so a client puts it in front of its own instruction.
    pub fn require_no_pending_loss(&self) -> Result<()> {
        require!(self.pending_shortfall == 0, LmError::LossResolutionPending);
        Ok(())
    }

    /// Most the shortfall booked against `collateral` lost in one loss window may reach:
    /// `max_shortfall_bps` of it, rounded down (in favour of solvency: a fraction of a unit is
    /// never allowed).
    pub fn shortfall_bound(&self, collateral: u64) -> u64 {
        let bound = collateral as u128 * self.max_shortfall_bps as u128 / BPS_ONE as u128;
        bound.min(u64::MAX as u128) as u64
    }

    /// Whether an exit (withdraw, settle, release, unstake, or trading, which unlocks margin;
    /// `EXIT_PAUSES`) is paused now.
    pub fn exits_paused(&self) -> bool {
        self.paused & EXIT_PAUSES != 0
    }

    /// Whether users cannot leave now: an exit is paused, or a loss is pending (withdrawals and
    /// unstaking wait for it). Halted time does not count towards a change's notice.
    pub fn exits_halted(&self) -> bool {
        self.exits_paused() || self.pending_shortfall > 0
    }

    /// Whether unstaking is halted now: Unstake is paused, or a loss is pending (`unstake` waits
    /// for it). Halted time counts towards neither the delay nor the window of an unstake request.
    pub fn unstake_halted(&self) -> bool {
        self.is_paused(PauseOp::Unstake) || self.pending_shortfall > 0
    }

    /// Whether exits are held by a pause: an exit pause, or a Resolve pause with a loss pending
    /// (the loss then waits for as long as the pause lasts).
    pub fn exits_blocked(&self) -> bool {
        self.exits_paused() || (self.is_paused(PauseOp::Resolve) && self.pending_shortfall > 0)
    }

    /// The halts, before a change that may start or end them (`update_halts`).
    pub fn halts(&self) -> Halts {
        Halts { unstake: self.unstake_halted(), exits: self.exits_halted(), blocked: self.exits_blocked() }
    }

    /// Keep both halt clocks after a change at `now` (a pause, a bankruptcy, a resolution);
    /// `was` is `halts()` before it. When exits open again after a pause, or after a halt longer
    /// than a liquidation may last (a chain of liquidations), record it: a change applies only
    /// after a day of open time since (`math::notice`).
    pub fn update_halts(&mut self, was: Halts, now: i64) {
        let is = self.halts();
        self.unstake_halt.update(was.unstake, is.unstake, now);
        let halt_began = self.exit_halt.halted_since;
        self.exit_halt.update(was.exits, is.exits, now);
        if was.exits && !is.exits {
            let long = now.saturating_sub(halt_began) > MAX_LIQUIDATION_WINDOW_SECS;
            if was.blocked || long {
                self.exits_reopened_at = now;
                self.exit_halted_at_reopen = self.exit_halt.total(now);
            }
        }
    }

    /// Set the pause mask at `now`, keeping the halt clocks.
    pub fn set_paused(&mut self, mask: u32, now: i64) {
        let was = self.halts();
        self.paused = mask;
        self.update_halts(was, now);
    }

    /// When the liquidation in progress began (its bankruptcy): its window's end less the
    /// window, which no change can move while a loss is pending.
    pub fn liquidation_started_at(&self) -> i64 {
        self.liquidation_ends_at.saturating_sub(self.liquidation_window_secs)
    }

    /// The time the insurance fund draws for the pending loss as of, when it is resolved at
    /// `now`: its bankruptcy (never before the allowance was last booked, nor after `now`), so
    /// nobody can change what the fund pays by choosing when to resolve.
    pub fn insurance_draw_time(&self, allowance_updated_at: i64, now: i64) -> i64 {
        self.liquidation_started_at().max(allowance_updated_at).min(now)
    }

    pub fn totals(&self) -> MarketTotals {
        MarketTotals {
            total_principal: self.principal_pool.total,
            total_at_risk_profit: self.profit_pool.total,
            pending_shortfall: self.pending_shortfall,
            dust_pending: self.dust_pending,
        }
    }

    /// The solvency invariant in books form: the vault holds every claim on the books
    /// (principal, at-risk profit, dust owed to the insurance fund) less the shortfall not yet
    /// assigned. Books are never below what positions can claim after pending charges.
    pub fn check_solvency(&self, vault_amount: u64) -> Result<()> {
        let claims = (self.principal_pool.total as u128)
            .safe_add(self.profit_pool.total as u128)?
            .safe_add(self.dust_pending as u128)?;
        let backing = (vault_amount as u128).safe_add(self.pending_shortfall as u128)?;
        require!(backing >= claims, LmError::VaultInsolvent);
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        check_pause_mask(self.paused)?;
        check_profit_maturity(self.profit_maturity_secs)?;
        check_liquidation_window(self.liquidation_window_secs)?;
        check_shortfall_bound(self.max_shortfall_bps)?;
        require!(
            (self.pending_shortfall == 0) == (self.pending_position == Pubkey::default()),
            LmError::PendingLiquidationMismatch
        );
        check_notice_range(self.notice_secs)?;
        for pool in [&self.profit_pool, &self.principal_pool] {
            require!(
                (INDEX_RESCALE_THRESHOLD..=INDEX_ONE).contains(&pool.index.factor),
                LmError::IndexFactorOutOfRange
            );
        }
        Ok(())
    }
}
