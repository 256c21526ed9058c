//! The one way this program moves tokens.

use crate::errors::LmError;
use crate::math::SafeMath;
use crate::state::VaultAuthority;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{transfer_checked, TokenInterface, TransferChecked};

/// The market's collateral mint as `transfer_checked` needs it: the account (its address checked
/// against the market by the instruction's `has_one`) and the decimals the market recorded from it
/// at initialization (a mint's decimals never change). Not deserializing the mint on every
/// transfer saves compute; the token program checks the mint against both token accounts and
/// the decimals against the mint.
pub struct CollateralMint<'info> {
    pub info: AccountInfo<'info>,
    pub decimals: u8,
}

impl<'info> CollateralMint<'info> {
    pub fn of(mint: &UncheckedAccount<'info>, market: &crate::state::Market) -> Self {
        CollateralMint { info: mint.to_account_info(), decimals: market.collateral_decimals }
    }
}

/// The fields of a token account this program reads, straight from its bytes. SPL Token and
/// Token-2022 accounts share the first 165 bytes (mint, owner, amount, ..., state at 108);
/// Token-2022 extensions follow. Reading three fields here instead of deserializing the whole
/// account through anchor-spl's interface type takes about 1.5k CU off each token account an
/// instruction touches (README, "Compute units").
pub struct TokenAccountView {
    pub mint: Pubkey,
    /// The wallet (or program account) that owns the tokens.
    pub authority: Pubkey,
    pub amount: u64,
}

impl TokenAccountView {
    const MINT: std::ops::Range<usize> = 0..32;
    const AUTHORITY: std::ops::Range<usize> = 32..64;
    const AMOUNT: std::ops::Range<usize> = 64..72;
    const STATE: usize = 108;
    const LEN: usize = 165;

    /// Read `info` (the instruction's account `name`) as an initialized token account of
    /// `token_program`. The same errors as Anchor's account checks: another owner is
    /// `AccountOwnedByWrongProgram`; a mint, a multisig, too short or uninitialized is
    /// `AccountNotInitialized`.
    pub fn read(info: &AccountInfo, token_program: &Pubkey, name: &str) -> Result<Self> {
        if info.owner != token_program {
            return Err(error!(ErrorCode::AccountOwnedByWrongProgram).with_account_name(name));
        }
        let data = info.try_borrow_data()?;
        if !Self::is_token_account(&data) {
            return Err(error!(ErrorCode::AccountNotInitialized).with_account_name(name));
        }
        let key = |range| Pubkey::try_from(&data[range]).map_err(|_| error!(ErrorCode::AccountDidNotDeserialize));
        Ok(TokenAccountView { mint: key(Self::MINT)?, authority: key(Self::AUTHORITY)?, amount: Self::amount_of(&data)? })
    }

    /// An initialized or frozen token account: 165 bytes, or more for a Token-2022 account with
    /// extensions, whose account-type byte (at 165) says "account". A multisig (355 bytes) and a
    /// mint with extensions fail the type byte; state is 0 uninitialized, 1 initialized, 2 frozen
    /// (a frozen account makes the transfer fail).
    fn is_token_account(data: &[u8]) -> bool {
        const MULTISIG_LEN: usize = 355;
        const ACCOUNT_TYPE_ACCOUNT: u8 = 2;
        let layout = data.len() == Self::LEN
            || (data.len() > Self::LEN && data.len() != MULTISIG_LEN && data[Self::LEN] == ACCOUNT_TYPE_ACCOUNT);
        layout && matches!(data[Self::STATE], 1 | 2)
    }

    /// The amount of an account already known to be a token account.
    pub fn amount(info: &AccountInfo) -> Result<u64> {
        Self::amount_of(&info.try_borrow_data()?)
    }

    fn amount_of(data: &[u8]) -> Result<u64> {
        let bytes = data.get(Self::AMOUNT).ok_or(error!(ErrorCode::AccountDidNotDeserialize))?;
        Ok(u64::from_le_bytes(bytes.try_into().map_err(|_| error!(ErrorCode::AccountDidNotDeserialize))?))
    }
}

/// A wallet's side of a transfer (`name` in the instruction): a token account of the market's
/// collateral mint under the market's token program, whose tokens are not the market's own (its
/// collateral vault belongs to the market PDA, its insurance vault to the fund PDA). Paying a
/// vault from itself would move nothing and fail late; paying out into the other vault would
/// leave tokens no books count and no instruction can move (Anchor's duplicate-account check
/// does not cover unchecked accounts).
pub fn check_wallet_token_account(account: &AccountInfo, market: &Account<crate::state::Market>, name: &str) -> Result<()> {
    let view = TokenAccountView::read(account, &market.collateral_token_program, name)?;
    if view.authority == market.key() || view.authority == market.insurance_fund {
        return Err(error!(LmError::WalletAccountIsVault).with_account_name(name));
    }
    if view.mint != market.collateral_mint {
        return Err(error!(LmError::WrongMint).with_account_name(name));
    }
    Ok(())
}

/// `transfer_checked` through the mint's token program (SPL Token or Token-2022), then a check
/// that the receiver got exactly `amount`: the books always equal the tokens moved (the mint
/// allowlist refuses fee and hook extensions; this is the second line). Returns the receiver's
/// new amount. `from` and `to` must be token accounts of the mint (checked by the caller's
/// accounts; the token program checks them again).
pub fn transfer_exact<'info>(
    token_program: &Interface<'info, TokenInterface>,
    mint: &CollateralMint<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    authority: AccountInfo<'info>,
    amount: u64,
    signer_seeds: &[&[&[u8]]],
) -> Result<u64> {
    let expected = TokenAccountView::amount(to)?.safe_add(amount)?;
    transfer_checked(
        CpiContext::new_with_signer(
            token_program.key(),
            TransferChecked { from: from.clone(), mint: mint.info.clone(), to: to.clone(), authority },
            signer_seeds,
        ),
        amount,
        mint.decimals,
    )?;
    let received = TokenAccountView::amount(to)?;
    require!(received == expected, LmError::TransferAmountMismatch);
    Ok(received)
}

/// Pay `amount` out of a vault owned by a program account (the market or the insurance fund),
/// signed with that account's PDA seeds. Zero moves nothing. Returns the receiver's new amount.
pub fn pay_out<'info, A>(
    vault_authority: &Account<'info, A>,
    token_program: &Interface<'info, TokenInterface>,
    mint: &CollateralMint<'info>,
    from: &AccountInfo<'info>,
    to: &AccountInfo<'info>,
    amount: u64,
) -> Result<u64>
where
    A: VaultAuthority + AccountSerialize + AccountDeserialize + Owner + Clone,
{
    if amount == 0 {
        return TokenAccountView::amount(to);
    }
    let authority = vault_authority.to_account_info();
    vault_authority.with_signer_seeds(|seeds| transfer_exact(token_program, mint, from, to, authority, amount, seeds))
}

/// A collateral mint may carry only Token-2022 extensions that cannot move or freeze the
/// vaults' tokens or change transferred amounts. Each refused extension has its own error.
/// SPL Token mints have no extensions. (A freeze authority, as on USDC, is allowed: it is a
/// trust assumption on the issuer, documented in the README.)
pub fn check_collateral_mint(mint: &AccountInfo) -> Result<()> {
    use anchor_spl::token_2022::spl_token_2022::{
        extension::{mint_close_authority::MintCloseAuthority, BaseStateWithExtensions, StateWithExtensions},
        state::Mint as MintState,
    };
    if *mint.owner != anchor_spl::token_2022::ID {
        return Ok(());
    }
    let data = mint.try_borrow_data()?;
    let state = StateWithExtensions::<MintState>::unpack(&data).map_err(|_| error!(LmError::MintExtensionNotAllowed))?;
    let extensions = state.get_extension_types().map_err(|_| error!(LmError::MintExtensionNotAllowed))?;
    for extension in extensions {
        // A close authority that is unset can never be set again: harmless.
        let close_authority_unset = || {
            state
                .get_extension::<MintCloseAuthority>()
                .map(|ext| Option::<Pubkey>::from(ext.close_authority).is_none())
                .unwrap_or(false)
        };
        mint_extension_allowed(extension, close_authority_unset)?;
    }
    Ok(())
}

fn mint_extension_allowed(
    extension: anchor_spl::token_2022::spl_token_2022::extension::ExtensionType,
    close_authority_unset: impl Fn() -> bool,
) -> Result<()> {
    use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType::*;
    match extension {
        // Display and grouping data, or UI-only amount scaling: raw amounts never change.
        MetadataPointer | TokenMetadata | GroupPointer | TokenGroup | GroupMemberPointer | TokenGroupMember
        | InterestBearingConfig | ScaledUiAmount => Ok(()),
        MintCloseAuthority if close_authority_unset() => Ok(()),
        MintCloseAuthority => err!(LmError::MintHasCloseAuthority),
        PermanentDelegate => err!(LmError::MintHasPermanentDelegate),
        TransferFeeConfig => err!(LmError::MintHasTransferFee),
        TransferHook => err!(LmError::MintHasTransferHook),
        DefaultAccountState => err!(LmError::MintHasDefaultAccountState),
        NonTransferable => err!(LmError::MintIsNonTransferable),
        Pausable => err!(LmError::MintIsPausable),
        ConfidentialTransferMint | ConfidentialTransferFeeConfig | ConfidentialMintBurn => {
            err!(LmError::MintHasConfidentialTransfers)
        }
        _ => err!(LmError::MintExtensionNotAllowed),
    }
}
