//! Insurance fund share math. Both directions round down, in favour of the fund:
//! a stake never mints more shares than it paid for, and shares never redeem for more than
//! they are worth.

use super::constants::{INSURANCE_MAX_SHARES_PER_UNIT, INSURANCE_VIRTUAL_ASSETS, INSURANCE_VIRTUAL_SHARES};
use super::mul_div::mul_div_floor;
use super::safe_math::{to_u64, SafeMath};
use super::u256::U256;
use anchor_lang::prelude::*;

/// Shares minted for `amount` tokens paid into a fund holding `balance` with `total_shares`.
pub fn shares_for_deposit(amount: u64, balance: u64, total_shares: u128) -> Result<u128> {
    let shares_in = total_shares.safe_add(INSURANCE_VIRTUAL_SHARES)?;
    let backing = balance as u128 + INSURANCE_VIRTUAL_ASSETS;
    if let Some(shares) = mul_div_floor(amount, shares_in, backing) {
        return Ok(shares);
    }
    let shares = U256::from(amount) * U256::from(shares_in) / U256::from(backing);
    if shares > U256::from(u128::MAX) {
        return Err(super::safe_math::math_error());
    }
    Ok(shares.as_u128())
}

/// Tokens that `shares` are worth in a fund holding `balance` with `total_shares`.
pub fn value_of_shares(shares: u128, balance: u64, total_shares: u128) -> Result<u64> {
    let shares_in = total_shares.safe_add(INSURANCE_VIRTUAL_SHARES)?;
    let backing = balance as u128 + INSURANCE_VIRTUAL_ASSETS;
    if let Some(value) = u64::try_from(backing).ok().and_then(|backing| mul_div_floor(backing, shares, shares_in)) {
        return to_u64(value);
    }
    let value = U256::from(shares) * U256::from(backing) / U256::from(shares_in);
    if value > U256::from(u64::MAX) {
        return Err(super::safe_math::math_error());
    }
    to_u64(value.as_u128())
}

/// True when the fund is empty, or its `total_shares` are worth less than one base unit per
/// [`INSURANCE_MAX_SHARES_PER_UNIT`] shares: the fund is wiped out and its shares must retire.
pub fn shares_worthless(balance: u64, total_shares: u128) -> bool {
    // In 128 bits: backing * 10^12 < 2^65 * 2^40; shares past u128::MAX exceed it anyway.
    let backing = (balance as u128 + INSURANCE_VIRTUAL_ASSETS) * INSURANCE_MAX_SHARES_PER_UNIT;
    let shares_above_backing = total_shares.checked_add(INSURANCE_VIRTUAL_SHARES).is_none_or(|shares| backing < shares);
    total_shares > 0 && (balance == 0 || shares_above_backing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_stake_mints_at_the_virtual_price() {
        assert_eq!(shares_for_deposit(100, 0, 0).unwrap(), 100_000_000);
        assert_eq!(value_of_shares(100_000_000, 100, 100_000_000).unwrap(), 100);
    }

    #[test]
    fn drawdown_lowers_share_value() {
        let shares = shares_for_deposit(1_000, 0, 0).unwrap();
        assert_eq!(value_of_shares(shares, 1_000, shares).unwrap(), 1_000);
        assert_eq!(value_of_shares(shares, 400, shares).unwrap(), 400);
    }

    #[test]
    fn a_wiped_out_fund_retires_its_shares() {
        let shares = shares_for_deposit(1_000, 0, 0).unwrap();
        assert!(!shares_worthless(1_000, shares));
        assert!(!shares_worthless(1, shares));
        assert!(shares_worthless(0, shares));
        assert!(shares_worthless(1, shares * 1_000_000));
        assert!(!shares_worthless(0, 0));
    }

    #[test]
    fn donation_cannot_zero_out_a_later_stake_cheaply() {
        // Attacker stakes 1 unit, then donates 1_000_000 units.
        let attacker = shares_for_deposit(1, 0, 0).unwrap();
        let balance = 1 + 1_000_000;
        // A victim staking 10 units gets shares (not zero)...
        let victim = shares_for_deposit(10, balance, attacker).unwrap();
        assert!(victim > 0);
        // ...and the attacker's shares are worth less than the donation it made.
        let total = attacker + victim;
        let attacker_value = value_of_shares(attacker, balance + 10, total).unwrap();
        assert!(attacker_value < 1_000_000);
    }

    proptest::proptest! {
        /// The 128-bit comparison gives what the exact one in 256 bits gives.
        #[test]
        fn worthless_matches_u256(balance in proptest::prelude::any::<u64>(), total_shares in proptest::prelude::any::<u128>(), small in 0u128..10u128.pow(20)) {
            for total_shares in [total_shares, small, u128::MAX - small.min(10u128.pow(6))] {
                let backing = U256::from(balance) + U256::from(INSURANCE_VIRTUAL_ASSETS);
                let shares = U256::from(total_shares) + U256::from(INSURANCE_VIRTUAL_SHARES);
                let exact = total_shares > 0 && (balance == 0 || backing * U256::from(INSURANCE_MAX_SHARES_PER_UNIT) < shares);
                proptest::prop_assert_eq!(shares_worthless(balance, total_shares), exact);
            }
        }
    }
}
