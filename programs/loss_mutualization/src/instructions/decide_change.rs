/// Declares an instruction's Accounts struct for a decision on a proposed change
/// (`apply_change`, `cancel_change`): each closes the change and returns its rent to whoever
/// proposed it. Each instruction has its own struct, the list is written once.
macro_rules! decide_change_accounts {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Accounts)]
        pub struct $name<'info> {
            pub authority: Signer<'info>,
            #[account(mut, has_one = insurance_fund @ crate::errors::LmError::WrongInsuranceFund)]
            pub market: Box<Account<'info, crate::state::Market>>,
            #[account(mut)]
            pub insurance_fund: Box<Account<'info, crate::state::InsuranceFund>>,
            #[account(
                mut,
                has_one = market @ crate::errors::LmError::WrongMarket,
                has_one = proposer @ crate::errors::LmError::WrongProposer,
                close = proposer
            )]
            pub pending_change: Box<Account<'info, crate::state::PendingChange>>,
            /// CHECK: only receives the change's rent; `has_one` above ties it to the change.
            #[account(mut)]
            pub proposer: UncheckedAccount<'info>,
        }
    };
}
pub(crate) use decide_change_accounts;
