use crate::errors::LmError;
use crate::state::*;
use anchor_lang::prelude::*;

/// A staker acting on its own stake: `request_unstake` and `cancel_unstake`.
#[derive(Accounts)]
pub struct OwnedStake<'info> {
    pub staker: Signer<'info>,
    #[account(has_one = insurance_fund @ LmError::WrongInsuranceFund)]
    pub market: Box<Account<'info, Market>>,
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(
        mut,
        has_one = staker @ LmError::NotStaker,
        constraint = stake.fund == insurance_fund.key() @ LmError::WrongInsuranceFund
    )]
    pub stake: Box<Account<'info, InsuranceStake>>,
}
