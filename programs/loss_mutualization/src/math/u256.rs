//! 256-bit unsigned integer for intermediate products (`u64 * u128`, `u128 * u128`).
#![allow(clippy::assign_op_pattern, clippy::ptr_offset_with_cast, clippy::manual_div_ceil)]

uint::construct_uint! {
    pub struct U256(4);
}
