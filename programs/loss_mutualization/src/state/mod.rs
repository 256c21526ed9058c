pub mod insurance_fund;
pub mod insurance_stake;
pub mod market;
pub mod shortfall_record;
pub mod user_position;

pub use insurance_fund::*;
pub use insurance_stake::*;
pub use market::*;
pub use shortfall_record::*;
pub use user_position::*;

pub const MARKET_SEED: &[u8] = b"market";
pub const COLLATERAL_VAULT_SEED: &[u8] = b"collateral_vault";
pub const INSURANCE_FUND_SEED: &[u8] = b"insurance_fund";
pub const INSURANCE_VAULT_SEED: &[u8] = b"insurance_vault";
pub const POSITION_SEED: &[u8] = b"position";
pub const SHORTFALL_SEED: &[u8] = b"shortfall";
pub const STAKE_SEED: &[u8] = b"stake";
