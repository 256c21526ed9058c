//! Pure money math: no accounts, no clock. Unit and property tests live beside each module
//! and in `proptests.rs`.
pub mod constants;
pub mod halt;
pub mod insurance_shares;
pub mod loss_index;
pub mod maturity;
pub mod mul_div;
pub mod notice;
pub mod rate_limit;
pub mod safe_math;
pub mod u256;
pub mod waterfall;

#[cfg(any(test, feature = "check"))]
pub mod check;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod vectors;

pub use loss_index::{LossIndex, LossPool, PoolSettlement};
pub use safe_math::SafeMath;
