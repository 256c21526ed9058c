/// Declares an instruction's Accounts struct for a staker acting on its own stake
/// (`request_unstake`, `cancel_unstake`): each instruction has its own struct, the list is
/// written once.
macro_rules! owned_stake_accounts {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Accounts)]
        pub struct $name<'info> {
            pub staker: Signer<'info>,
            #[account(has_one = insurance_fund @ crate::errors::LmError::WrongInsuranceFund)]
            pub market: Box<Account<'info, crate::state::Market>>,
            pub insurance_fund: Box<Account<'info, crate::state::InsuranceFund>>,
            #[account(
                mut,
                has_one = staker @ crate::errors::LmError::NotStaker,
                constraint = stake.fund == insurance_fund.key() @ crate::errors::LmError::WrongInsuranceFund
            )]
            pub stake: Box<Account<'info, crate::state::InsuranceStake>>,
        }
    };
}
pub(crate) use owned_stake_accounts;
