use anchor_lang::prelude::*;

mod account;
pub mod insurance_fund;
pub mod insurance_stake;
pub mod market;
pub mod market_params;
pub mod pause;
pub mod pending_change;
pub mod shortfall_record;
pub mod user_position;

pub(crate) use account::program_account;
pub use insurance_fund::*;
pub use insurance_stake::*;
pub use market::*;
pub use market_params::*;
pub use pause::*;
pub use pending_change::*;
pub use shortfall_record::*;
pub use user_position::*;

// PDA seeds. `#[constant]` exports each through the IDL, where the SDK reads it.
#[constant]
pub const MARKET_SEED: &[u8] = b"market";
#[constant]
pub const COLLATERAL_VAULT_SEED: &[u8] = b"collateral_vault";
#[constant]
pub const INSURANCE_FUND_SEED: &[u8] = b"insurance_fund";
#[constant]
pub const INSURANCE_VAULT_SEED: &[u8] = b"insurance_vault";
#[constant]
pub const POSITION_SEED: &[u8] = b"position";
#[constant]
pub const SHORTFALL_SEED: &[u8] = b"shortfall";
#[constant]
pub const STAKE_SEED: &[u8] = b"stake";
#[constant]
pub const CHANGE_SEED: &[u8] = b"change";

/// A program account that signs token transfers out of the vault it owns (the market owns the
/// collateral vault, the insurance fund owns the insurance vault).
pub trait VaultAuthority {
    fn with_signer_seeds<R>(&self, f: impl FnOnce(&[&[&[u8]]]) -> R) -> R;
}

/// Addresses of the program's PDAs, for clients and tests.
pub mod pda {
    use super::*;
    use anchor_lang::prelude::Pubkey;

    fn find(seeds: &[&[u8]]) -> Pubkey {
        Pubkey::find_program_address(seeds, &crate::ID).0
    }

    /// Keyed by its creator too: nobody else can create the market a user derives.
    pub fn market(collateral_mint: &Pubkey, creator: &Pubkey, market_id: u64) -> Pubkey {
        find(&[MARKET_SEED, collateral_mint.as_ref(), creator.as_ref(), &market_id.to_le_bytes()])
    }
    pub fn collateral_vault(market: &Pubkey) -> Pubkey {
        find(&[COLLATERAL_VAULT_SEED, market.as_ref()])
    }
    pub fn insurance_fund(market: &Pubkey) -> Pubkey {
        find(&[INSURANCE_FUND_SEED, market.as_ref()])
    }
    pub fn insurance_vault(market: &Pubkey) -> Pubkey {
        find(&[INSURANCE_VAULT_SEED, market.as_ref()])
    }
    pub fn position(market: &Pubkey, owner: &Pubkey) -> Pubkey {
        find(&[POSITION_SEED, market.as_ref(), owner.as_ref()])
    }
    /// The `position_seq`-th shortfall record of a position (its `shortfall_count` when the
    /// position went bankrupt). Keyed by position, so no other resolution can take the address.
    pub fn shortfall_record(position: &Pubkey, position_seq: u64) -> Pubkey {
        shortfall_record_with_bump(position, position_seq).0
    }
    /// The record's address and bump: `resolve_shortfall` takes the bump as an argument, so
    /// the program checks one address instead of searching for it.
    pub fn shortfall_record_with_bump(position: &Pubkey, position_seq: u64) -> (Pubkey, u8) {
        Pubkey::find_program_address(&[SHORTFALL_SEED, position.as_ref(), &position_seq.to_le_bytes()], &crate::ID)
    }
    /// The `seq`-th change proposed for a market.
    pub fn pending_change(market: &Pubkey, seq: u64) -> Pubkey {
        find(&[CHANGE_SEED, market.as_ref(), &seq.to_le_bytes()])
    }
    pub fn stake(insurance_fund: &Pubkey, staker: &Pubkey) -> Pubkey {
        find(&[STAKE_SEED, insurance_fund.as_ref(), staker.as_ref()])
    }
}
