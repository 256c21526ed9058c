//! SPL Token (and Token-2022) account and mint data, read with every length and field checked as
//! agave's RPC reads them (`StateWithExtensions::unpack`), so that account data no token program
//! wrote (a zeroed 165-byte account made a worker panic on an index past the end of its "mint")
//! is an invalid-params error with agave's message instead.
use super::*;

pub(crate) const TOKEN_PROGRAM: Pubkey = Pubkey::from_str_const("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
pub(crate) const TOKEN_2022_PROGRAM: Pubkey = Pubkey::from_str_const("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
/// Wrapped SOL: agave answers its decimals without reading an account.
pub(crate) const NATIVE_MINT: Pubkey = Pubkey::from_str_const("So11111111111111111111111111111111111111112");
pub(crate) const NATIVE_MINT_DECIMALS: u8 = 9;

const ACCOUNT_LEN: usize = 165;
const MINT_LEN: usize = 82;
/// A multisig's length, which an extended account may never have (Token-2022 tells them apart by it).
const MULTISIG_LEN: usize = 355;
/// Token-2022's account-type byte, right after the base account's 165 bytes.
const ACCOUNT_TYPE_MINT: u8 = 1;
const ACCOUNT_TYPE_ACCOUNT: u8 = 2;

fn not_a_token_account() -> RpcError {
    RpcError::invalid_params_text("Invalid param: not a Token account")
}

/// A `COption` tag (4 bytes, little-endian): 0 (none) or 1 (some).
fn option_tag_is_valid(data: &[u8], at: usize) -> bool {
    matches!(data.get(at..at + 4), Some([0 | 1, 0, 0, 0]))
}

/// Whether `data` is an extended account of the given type: longer than the base account, not a
/// multisig's length, the type byte set, and (for a mint) zeros between the mint and the type.
fn extended(data: &[u8], base_len: usize, account_type: u8) -> bool {
    data.len() > ACCOUNT_LEN
        && data.len() != MULTISIG_LEN
        && data.get(ACCOUNT_LEN) == Some(&account_type)
        && data.get(base_len..ACCOUNT_LEN).is_some_and(|padding| padding.iter().all(|b| *b == 0))
}

/// Whether `data` is an initialized token account's (what getProgramAccounts' tokenAccountState
/// filter keeps).
pub(crate) fn is_token_account_data(data: &[u8]) -> bool {
    let layout = data.len() == ACCOUNT_LEN || extended(data, ACCOUNT_LEN, ACCOUNT_TYPE_ACCOUNT);
    // state: 0 uninitialized, 1 initialized, 2 frozen; delegate, is_native and close authority
    // are COptions.
    layout
        && matches!(data.get(108), Some(1 | 2))
        && option_tag_is_valid(data, 72)
        && option_tag_is_valid(data, 109)
        && option_tag_is_valid(data, 129)
}

/// The fields of a token account getTokenAccountBalance needs.
pub(crate) struct TokenAccount {
    pub(crate) mint: Pubkey,
    pub(crate) amount: u64,
}

impl TokenAccount {
    /// Read a token account: owned by a token program, with an initialized account's layout.
    pub(crate) fn unpack(account: &Account) -> Result<Self, RpcError> {
        if account.owner != TOKEN_PROGRAM && account.owner != TOKEN_2022_PROGRAM {
            return Err(not_a_token_account());
        }
        let data = &account.data;
        if !is_token_account_data(data) {
            return Err(not_a_token_account());
        }
        let mint = data.get(0..32).and_then(|bytes| Pubkey::try_from(bytes).ok()).ok_or_else(not_a_token_account)?;
        let amount = data.get(64..72).and_then(|bytes| bytes.try_into().ok()).map(u64::from_le_bytes).ok_or_else(not_a_token_account)?;
        Ok(TokenAccount { mint, amount })
    }
}

/// A mint's decimals, from an initialized mint's data (agave does not check the mint's owner here).
pub(crate) fn mint_decimals(data: &[u8]) -> Result<u8, RpcError> {
    let layout = data.len() == MINT_LEN || extended(data, MINT_LEN, ACCOUNT_TYPE_MINT);
    // mint authority (COption), supply, decimals at 44, is_initialized at 45, freeze authority.
    let initialized = data.get(45) == Some(&1) && option_tag_is_valid(data, 0) && option_tag_is_valid(data, 46);
    match data.get(44) {
        Some(decimals) if layout && initialized => Ok(*decimals),
        _ => Err(RpcError::invalid_params_text("Invalid param: Token mint could not be unpacked")),
    }
}

/// An amount in the mint's units, as agave's RPC writes it: `uiAmountString` exact, trailing
/// zeros trimmed.
pub(crate) fn ui_token_amount(amount: u64, decimals: u8) -> UiTokenAmount {
    let digits = amount.to_string();
    let decimals_usize = usize::from(decimals);
    let text = if decimals == 0 {
        digits.clone()
    } else {
        let padded = format!("{digits:0>width$}", width = decimals_usize + 1);
        let (whole, fraction) = padded.split_at(padded.len() - decimals_usize);
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() {
            whole.to_string()
        } else {
            format!("{whole}.{fraction}")
        }
    };
    UiTokenAmount {
        ui_amount: Some(amount as f64 / 10f64.powi(i32::from(decimals))),
        decimals,
        amount: digits,
        ui_amount_string: text,
    }
}
