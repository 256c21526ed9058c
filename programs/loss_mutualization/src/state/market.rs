use super::MARKET_SEED;
use crate::errors::LmError;
use crate::events::MarketTotals;
use crate::math::constants::*;
use crate::math::{LossPool, SafeMath};
use anchor_lang::prelude::*;

/// Per-operation pause bits of `Market::paused`.
pub mod pause {
    pub const OPEN_POSITION: u32 = 1 << 0;
    pub const DEPOSIT: u32 = 1 << 1;
    pub const WITHDRAW: u32 = 1 << 2;
    pub const APPLY_PNL: u32 = 1 << 3;
    pub const RECORD_SHORTFALL: u32 = 1 << 4;
    pub const DRAW_INSURANCE: u32 = 1 << 5;
    pub const SOCIALIZE: u32 = 1 << 6;
    pub const SETTLE: u32 = 1 << 7;
    pub const RELEASE_PROFIT: u32 = 1 << 8;
    pub const FUND_INSURANCE: u32 = 1 << 9;
    pub const STAKE: u32 = 1 << 10;
    /// request_unstake, cancel_unstake and unstake.
    pub const UNSTAKE: u32 = 1 << 11;
    pub const SWEEP_DUST: u32 = 1 << 12;
    pub const ALL: u32 = (1 << 13) - 1;
}

/// A market: one collateral mint, its vault, its insurance fund and the loss indices.
#[account]
#[derive(InitSpace, Debug)]
pub struct Market {
    pub market_id: u64,
    pub admin: Pubkey,
    /// Set by `transfer_admin`, becomes admin on `accept_admin`.
    pub pending_admin: Option<Pubkey>,
    /// Draws the insurance fund and socializes losses; may add pause bits.
    pub risk_authority: Pubkey,
    /// Applies realized PnL between positions (a keypair or another program's PDA).
    pub clearing_authority: Pubkey,
    pub collateral_mint: Pubkey,
    pub collateral_token_program: Pubkey,
    pub collateral_decimals: u8,
    pub collateral_vault: Pubkey,
    pub insurance_fund: Pubkey,
    /// Bitmask of `pause::*`.
    pub paused: u32,
    /// Realized profit stays at risk this long after its last increase.
    pub profit_maturity_secs: i64,
    /// At-risk profit of all positions: the clawback tier. `profit_pool.index` is the clawback
    /// index.
    pub profit_pool: LossPool,
    /// Principal of all positions: the haircut tier.
    pub principal_pool: LossPool,
    /// Negative equity of bankrupt positions whose shortfall is not yet recorded.
    pub unrecorded_shortfall: u64,
    /// Recorded shortfall not yet covered by insurance or socialized.
    pub unresolved_shortfall: u64,
    /// Rounding excess released from the books, waiting for `sweep_dust` to the insurance fund.
    pub dust_pending: u64,
    /// Sequence number of the next shortfall record.
    pub shortfall_seq: u64,
    pub position_count: u64,
    pub bump: u8,
    pub vault_bump: u8,
}

impl Market {
    /// Runs `f` with the market PDA's signer seeds (the market owns the collateral vault).
    pub fn with_signer_seeds<R>(&self, f: impl FnOnce(&[&[&[u8]]]) -> R) -> R {
        let market_id = self.market_id.to_le_bytes();
        let bump = [self.bump];
        f(&[&[MARKET_SEED, self.collateral_mint.as_ref(), &market_id, &bump]])
    }

    pub fn require_not_paused(&self, operation: u32) -> Result<()> {
        require!(self.paused & operation == 0, LmError::OperationPaused);
        Ok(())
    }

    /// Shortfall that exists but is not yet assigned to a tier.
    pub fn pending_loss(&self) -> Result<u64> {
        self.unrecorded_shortfall.safe_add(self.unresolved_shortfall)
    }

    pub fn totals(&self) -> MarketTotals {
        MarketTotals {
            total_principal: self.principal_pool.total,
            total_at_risk_profit: self.profit_pool.total,
            unrecorded_shortfall: self.unrecorded_shortfall,
            unresolved_shortfall: self.unresolved_shortfall,
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
        let backing = (vault_amount as u128).safe_add(self.pending_loss()? as u128)?;
        require!(backing >= claims, LmError::VaultInsolvent);
        Ok(())
    }

    pub fn invariant(&self) -> Result<()> {
        require!(self.paused & !pause::ALL == 0, LmError::InvariantViolated);
        require!(
            (0..=MAX_PROFIT_MATURITY_SECS).contains(&self.profit_maturity_secs),
            LmError::InvariantViolated
        );
        require!(self.pending_admin != Some(self.admin), LmError::InvariantViolated);
        for pool in [&self.profit_pool, &self.principal_pool] {
            require!(
                (INDEX_RESCALE_THRESHOLD..=INDEX_ONE).contains(&pool.index.factor),
                LmError::InvariantViolated
            );
        }
        Ok(())
    }
}
