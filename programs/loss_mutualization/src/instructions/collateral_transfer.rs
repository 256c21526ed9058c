/// Declares an instruction's Accounts struct for moving collateral between a wallet and the
/// vault (`deposit`, `withdraw`): each instruction has its own struct, the list is written once.
macro_rules! collateral_transfer_accounts {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[derive(Accounts)]
        pub struct $name<'info> {
            pub owner: Signer<'info>,
            #[account(
                mut,
                has_one = collateral_mint @ crate::errors::LmError::WrongMint,
                has_one = collateral_vault @ crate::errors::LmError::WrongVault
            )]
            pub market: Box<Account<'info, crate::state::Market>>,
            #[account(
                mut,
                has_one = market @ crate::errors::LmError::WrongMarket,
                has_one = owner @ crate::errors::LmError::NotPositionOwner
            )]
            pub position: Box<Account<'info, crate::state::UserPosition>>,
            /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
            /// against the token accounts and its decimals (`token::CollateralMint`).
            pub collateral_mint: UncheckedAccount<'info>,
            /// CHECK: the market's vault (`has_one` on the market), a token account the market's PDA
            /// owns; read through `token::TokenAccountView`.
            #[account(mut)]
            pub collateral_vault: UncheckedAccount<'info>,
            /// CHECK: a token account of the collateral mint (`validate_owner_token_account`): the source
            /// of a deposit (the owner signs the transfer) or the destination of a withdrawal (any account
            /// the owner names; the owner signs the withdrawal).
            #[account(mut)]
            pub owner_token_account: UncheckedAccount<'info>,
            #[account(address = market.collateral_token_program @ crate::errors::LmError::WrongTokenProgram)]
            pub token_program: Interface<'info, anchor_spl::token_interface::TokenInterface>,
        }

        impl $name<'_> {
            /// The wallet's side of the transfer is a token account of the market's collateral mint,
            /// under the market's token program, and not one of the market's vaults.
            pub fn validate_owner_token_account(&self) -> Result<()> {
                crate::token::check_wallet_token_account(&self.owner_token_account, &self.market, "owner_token_account")
            }
        }
    };
}
pub(crate) use collateral_transfer_accounts;
