//! Checked arithmetic whose errors say where they happened.
//!
//! Every operation returns `LmError::MathOverflow` instead of wrapping or panicking, and logs
//! the caller's file and line so that a failing transaction points at the exact expression.

use crate::errors::LmError;
use anchor_lang::prelude::*;

pub trait SafeMath: Sized {
    fn safe_add(self, rhs: Self) -> Result<Self>;
    fn safe_sub(self, rhs: Self) -> Result<Self>;
    fn safe_mul(self, rhs: Self) -> Result<Self>;
    fn safe_div(self, rhs: Self) -> Result<Self>;
}

#[track_caller]
#[inline(never)]
pub(crate) fn math_error() -> Error {
    let caller = std::panic::Location::caller();
    msg!("Math error at {}:{}", caller.file(), caller.line());
    error!(LmError::MathOverflow)
}

macro_rules! impl_safe_math {
    ($($t:ty),*) => {$(
        impl SafeMath for $t {
            // `match` rather than `ok_or_else(math_error)`: a closure would hide the caller's
            // location from `#[track_caller]`.
            #[track_caller]
            #[inline(always)]
            fn safe_add(self, rhs: Self) -> Result<Self> {
                match self.checked_add(rhs) {
                    Some(value) => Ok(value),
                    None => Err(math_error()),
                }
            }
            #[track_caller]
            #[inline(always)]
            fn safe_sub(self, rhs: Self) -> Result<Self> {
                match self.checked_sub(rhs) {
                    Some(value) => Ok(value),
                    None => Err(math_error()),
                }
            }
            #[track_caller]
            #[inline(always)]
            fn safe_mul(self, rhs: Self) -> Result<Self> {
                match self.checked_mul(rhs) {
                    Some(value) => Ok(value),
                    None => Err(math_error()),
                }
            }
            #[track_caller]
            #[inline(always)]
            fn safe_div(self, rhs: Self) -> Result<Self> {
                match self.checked_div(rhs) {
                    Some(value) => Ok(value),
                    None => Err(math_error()),
                }
            }
        }
    )*};
}

impl_safe_math!(u32, u64, u128, i64, i128);

/// Narrow a wide intermediate to `u64`, failing with `MathOverflow`.
#[track_caller]
pub fn to_u64<T: TryInto<u64>>(value: T) -> Result<u64> {
    match value.try_into() {
        Ok(value) => Ok(value),
        Err(_) => Err(math_error()),
    }
}

/// `a * b / c`, rounded down, through a 128-bit intermediate.
#[track_caller]
pub fn mul_div_floor_u64(a: u64, b: u64, c: u64) -> Result<u64> {
    if c == 0 {
        return Err(math_error());
    }
    to_u64((a as u128) * (b as u128) / (c as u128))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_a_named_error_not_a_panic() {
        let err = u64::MAX.safe_add(1).unwrap_err();
        assert_eq!(err, error!(LmError::MathOverflow));
        assert_eq!(0u64.safe_sub(1).unwrap_err(), error!(LmError::MathOverflow));
        assert_eq!(1u64.safe_div(0).unwrap_err(), error!(LmError::MathOverflow));
        assert_eq!(mul_div_floor_u64(u64::MAX, u64::MAX, 1).unwrap_err(), error!(LmError::MathOverflow));
        assert_eq!(mul_div_floor_u64(u64::MAX, u64::MAX, u64::MAX).unwrap(), u64::MAX);
        assert_eq!(mul_div_floor_u64(7, 3, 2).unwrap(), 10);
    }
}
