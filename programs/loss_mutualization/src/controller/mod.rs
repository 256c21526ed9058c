//! State changes shared by several instructions (in the way of Drift's `controller/`).
pub mod position;

pub use position::{settle_position, settle_position_in};
