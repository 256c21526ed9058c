use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;

/// A decision on a proposed change: `apply_change` (anyone once it is due; the new admin for an
/// admin change) or `cancel_change` (the admin). Either closes the change and returns its rent
/// to whoever proposed it.
#[derive(Accounts)]
pub struct DecideChange<'info> {
    pub authority: Signer<'info>,
    #[account(mut, has_one = insurance_fund @ LmError::WrongInsuranceFund)]
    pub market: Box<Account<'info, Market>>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(
        mut,
        has_one = market @ LmError::WrongMarket,
        has_one = proposer @ LmError::WrongProposer,
        close = proposer
    )]
    pub pending_change: Box<Account<'info, PendingChange>>,
    /// CHECK: only receives the change's rent; `has_one` above ties it to the change.
    #[account(mut)]
    pub proposer: UncheckedAccount<'info>,
}
