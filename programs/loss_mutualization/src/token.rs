//! The one way this program moves tokens.

use crate::errors::LmError;
use crate::math::SafeMath;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{transfer_checked, Mint, TokenAccount, TokenInterface, TransferChecked};

/// `transfer_checked` through the mint's token program (SPL Token or Token-2022), then a check
/// that the receiver got exactly `amount`: a mint with a transfer fee or hook that changes the
/// amount is refused, so the books always equal the tokens moved. `to` is reloaded.
pub fn transfer_exact<'info>(
    token_program: &Interface<'info, TokenInterface>,
    mint: &InterfaceAccount<'info, Mint>,
    from: &InterfaceAccount<'info, TokenAccount>,
    to: &mut InterfaceAccount<'info, TokenAccount>,
    authority: AccountInfo<'info>,
    amount: u64,
    signer_seeds: &[&[&[u8]]],
) -> Result<()> {
    let expected = to.amount.safe_add(amount)?;
    transfer_checked(
        CpiContext::new_with_signer(
            token_program.key(),
            TransferChecked {
                from: from.to_account_info(),
                mint: mint.to_account_info(),
                to: to.to_account_info(),
                authority,
            },
            signer_seeds,
        ),
        amount,
        mint.decimals,
    )?;
    to.reload()?;
    require!(to.amount == expected, LmError::TransferAmountMismatch);
    Ok(())
}
