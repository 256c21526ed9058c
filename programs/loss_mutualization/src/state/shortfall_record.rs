use crate::errors::LmError;
use crate::math::LossIndex;
use anchor_lang::prelude::*;

/// The public, permanent record of one loss event, written by `resolve_shortfall` when the loss
/// is assigned. Seeds: `["shortfall", position, position_seq]` (with the bump the resolver
/// gave; every resolver using the SDK gives the canonical one).
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct ShortfallRecord {
    pub market: Pubkey,
    /// Market-wide order of loss events.
    pub seq: u64,
    /// The bankrupt position, its wallet, and which of its shortfalls this is.
    pub position: Pubkey,
    pub owner: Pubkey,
    pub position_seq: u64,
    /// The position's negative equity when it was closed out.
    pub shortfall: u64,
    /// Tier two: paid by the insurance fund.
    pub insurance_paid: u64,
    /// Tier three: clawed back from at-risk profit.
    pub clawback: u64,
    /// Tier four: charged to all principal pro rata.
    pub haircut: u64,
    /// The clawback weight (all at-risk profit) and all principal the loss was spread over:
    /// the holdings as they stood at the bankruptcy (nothing can change them in between).
    pub at_risk_profit_before: u64,
    pub principal_before: u64,
    pub clawback_index_before: LossIndex,
    pub clawback_index_after: LossIndex,
    pub haircut_index_before: LossIndex,
    pub haircut_index_after: LossIndex,
    /// Whoever sent `resolve_shortfall`.
    pub resolver: Pubkey,
    pub resolved_at: i64,
    /// This account's rent: from the market's rent reserve, and what the reserve lacked, from
    /// the resolver.
    pub record_rent_from_reserve: u64,
    pub record_rent_from_resolver: u64,
    pub bump: u8,
}

super::program_account!(ShortfallRecord, [253, 36, 63, 238, 84, 5, 128, 83]);

impl ShortfallRecord {
    /// Every base unit of the shortfall is in exactly one tier.
    pub fn invariant(&self) -> Result<()> {
        let assigned = (self.insurance_paid as u128) + (self.clawback as u128) + (self.haircut as u128);
        require!(assigned == self.shortfall as u128, LmError::ShortfallNotFullyAssigned);
        Ok(())
    }
}
