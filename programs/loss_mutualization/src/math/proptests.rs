//! Property tests of the rounding rules (README, "Rounding").
//!
//! Exact shares are computed with big rationals and compared with what the pool charges.

use super::insurance_shares::{shares_for_deposit, value_of_shares};
use super::rate_limit::refilled_allowance;
use super::waterfall::*;
use super::check::*;
use super::LossPool;
use proptest::prelude::*;

fn amounts_strategy() -> impl Strategy<Value = Vec<u64>> {
    prop_oneof![
        prop::collection::vec(1u64..1_000, 1..30),
        prop::collection::vec(1u64..1_000_000_000_000, 1..30),
        // Huge amounts: the sum must still fit in u64.
        prop::collection::vec(1u64..(u64::MAX / 32), 1..30),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// One loss event: every charge is at least the exact share, less than the exact share + 2,
    /// never more than the holder's amount, and the charges add up to at least the loss.
    #[test]
    fn one_event_charges_are_exact_shares_rounded_up(
        amounts in amounts_strategy(),
        loss_fraction in 0.0f64..=1.0,
    ) {
        let (mut pool, mut holders) = pool_with(&amounts);
        let total = pool.total;
        let loss = ((total as f64) * loss_fraction) as u64;
        let loss = loss.min(total);
        prop_assert_eq!(absorb(&mut pool, &mut holders, loss), loss);
        let mut charged = 0u128;
        for holder in holders.iter_mut() {
            let recorded = holder.amount;
            settle(&mut pool, holder);
            let exact = rat(loss) * rat(recorded) / rat(total);
            let charge = rat(holder.charged);
            prop_assert!(charge >= exact, "charge below exact share");
            prop_assert!(charge < exact + rat(2), "charge {} more than 2 above exact share", holder.charged);
            prop_assert!(holder.charged <= recorded);
            charged += holder.charged as u128;
        }
        prop_assert!(charged >= loss as u128);
        prop_assert!(charged - (loss as u128) < 2 * holders.len() as u128);
        // Once everyone settled, the books equal what holders hold, and the excess is dust.
        let held: u64 = holders.iter().map(|h| h.amount).sum();
        prop_assert_eq!(pool.total, held);
        prop_assert_eq!(pool.collected - pool.absorbed, pool.dust_released);
        prop_assert_eq!(pool.dust_released, charged - loss as u128);
    }

    /// Many events, holders that settle at random times, join and leave: the books never fall
    /// below what holders can claim, each holder's total charge is at least its exact compounded
    /// share and less than 2 above it, and once all settle the books equal the holdings.
    #[test]
    fn many_events_with_lazy_settlement(
        amounts in amounts_strategy(),
        events in prop::collection::vec((0.0f64..=1.0, prop::collection::vec(any::<bool>(), 30), 0u64..1_000_000), 1..12),
    ) {
        let (mut pool, mut holders) = pool_with(&amounts);
        for (loss_fraction, settles, deposit) in events {
            let total = pool.total;
            let loss = (((total as f64) * loss_fraction) as u64).min(total);
            prop_assert_eq!(absorb(&mut pool, &mut holders, loss), loss);
            for (holder, settles_now) in holders.iter_mut().zip(settles) {
                if settles_now {
                    settle(&mut pool, holder);
                }
            }
            // Books cover every holder's claim after pending charges.
            assert_books_cover_claims(&pool, &holders);
            // A new holder joins after the event and is not charged for it.
            if deposit > 0 && pool.total.checked_add(deposit).is_some() {
                holders.push(join(&mut pool, deposit));
            }
        }
        for holder in holders.iter_mut() {
            settle(&mut pool, holder);
        }
        assert_settled_books(&pool, &holders);
    }

    /// Tier 4 never runs short. A pending loss never exceeds the books at its bankruptcy (the
    /// bankrupting trade adds at least the shortfall to at-risk profit); while it is pending,
    /// settlements release no dust, so the books still hold it when it is assigned. The dust
    /// held back is released by later settlements, in full.
    #[test]
    fn dust_waits_while_a_loss_is_pending(
        amounts in amounts_strategy(),
        first_loss in 0.0f64..=1.0,
        pending_fraction in 0.0f64..=1.0,
        settles in prop::collection::vec(any::<bool>(), 30),
    ) {
        let (mut pool, mut holders) = pool_with(&amounts);
        let loss = (((pool.total as f64) * first_loss) as u64).min(pool.total);
        absorb(&mut pool, &mut holders, loss);
        // A bankruptcy: its loss is at most what the pool holds now.
        let books_at_bankruptcy = pool.total;
        let pending = (((books_at_bankruptcy as f64) * pending_fraction) as u64).min(books_at_bankruptcy);
        let dust_before = pool.dust_released;
        for (holder, settles_now) in holders.iter_mut().zip(settles) {
            if settles_now {
                settle_releasing(&mut pool, holder, false);
            }
        }
        prop_assert_eq!(pool.total, books_at_bankruptcy, "settling inside the window moved the books");
        prop_assert_eq!(pool.dust_released, dust_before);
        let split = split_uncovered_loss(pending, pool.total, 0);
        prop_assert!(split.is_ok(), "the pending loss exceeds the books");
        prop_assert_eq!(absorb(&mut pool, &mut holders, pending), pending);
        for holder in holders.iter_mut() {
            settle(&mut pool, holder);
        }
        assert_settled_books(&pool, &holders);
        prop_assert_eq!(pool.collected, pool.absorbed + pool.dust_released);
    }

    /// Insurance shares: staking then redeeming never returns more than was paid, whatever the
    /// fund's balance and share supply.
    #[test]
    fn shares_never_redeem_for_more_than_paid(
        amount in 1u64..u64::MAX / 4,
        balance in 0u64..u64::MAX / 4,
        total_shares in 0u128..(u64::MAX as u128) * 1_000_000,
    ) {
        let shares = shares_for_deposit(amount, balance, total_shares).unwrap();
        let value = value_of_shares(shares, balance + amount, total_shares + shares).unwrap();
        prop_assert!(value <= amount);
        // Existing holders' value does not drop because someone staked.
        if total_shares > 0 {
            let before = value_of_shares(total_shares, balance, total_shares).unwrap();
            let after = value_of_shares(total_shares, balance + amount, total_shares + shares).unwrap();
            prop_assert!(after >= before);
        }
    }

    /// The draw allowance never exceeds the cap and never shrinks with time.
    #[test]
    fn allowance_is_capped_and_monotone(
        allowance in any::<u64>(),
        cap in 1u64..,
        window in 1i64..10_000_000,
        t0 in 0i64..1_000_000,
        dt1 in 0i64..10_000_000,
        dt2 in 0i64..10_000_000,
    ) {
        let a1 = refilled_allowance(allowance, 0, cap, window, t0, t0 + dt1).unwrap();
        let a2 = refilled_allowance(allowance, 0, cap, window, t0, t0 + dt1 + dt2).unwrap();
        prop_assert!(a1.amount <= cap && a2.amount <= cap);
        prop_assert!(a2.amount >= a1.amount);
        // Exact refill: refilling in two steps (carrying the remainder) gives what one step does.
        let stepped = refilled_allowance(a1.amount, a1.remainder, cap, window, t0 + dt1, t0 + dt1 + dt2).unwrap();
        prop_assert_eq!(stepped, a2);
    }

    /// Every base unit of a loss ends in exactly one tier.
    #[test]
    fn waterfall_parts_add_up(
        at_risk in any::<u64>(),
        principal in any::<u64>(),
        amount in any::<u64>(),
        fund in any::<u64>(),
        cap in any::<u64>(),
        allowance in any::<u64>(),
    ) {
        let split = split_position_loss(at_risk, principal, amount);
        prop_assert_eq!(split.from_profit as u128 + split.from_principal as u128 + split.shortfall as u128, amount as u128);
        prop_assert!(split.from_profit <= at_risk && split.from_principal <= principal);
        let drawn = insurance_draw(split.shortfall, fund, cap, allowance);
        prop_assert!(drawn <= split.shortfall && drawn <= fund && drawn <= cap && drawn <= allowance);
        let uncovered = split.shortfall - drawn;
        match split_uncovered_loss(uncovered, at_risk, principal) {
            Ok(s) => prop_assert_eq!(s.clawback + s.haircut, uncovered),
            Err(_) => prop_assert!(uncovered as u128 > at_risk as u128 + principal as u128),
        }
    }
}

#[test]
fn index_rescales_and_keeps_precision_through_deep_losses() {
    let mut pool = LossPool::new();
    pool.add(u64::MAX / 2).unwrap();
    let snapshot = pool.index;
    // Lose all but one base unit per round, many times over: factor must rescale.
    for _ in 0..3 {
        let total = pool.total;
        if total <= 1 {
            break;
        }
        pool.absorb(total - total / 1_000_000).unwrap();
    }
    assert!(pool.index.scale >= 1, "factor was rescaled");
    // The only holder keeps what the books say, to within rounding.
    let remaining = pool.index.remaining(u64::MAX / 2, snapshot).unwrap();
    assert!(remaining <= pool.total && pool.total - remaining < 2);
}

#[test]
fn a_loss_of_the_whole_pool_starts_a_new_epoch() {
    let (mut pool, mut holders) = pool_with(&[10, 20, 30]);
    assert_eq!(absorb(&mut pool, &mut holders, 100), 60);
    assert_eq!(pool.index.epoch, 1);
    for holder in holders.iter_mut() {
        settle(&mut pool, holder);
        assert_eq!(holder.amount, 0);
    }
    assert_eq!(pool.total, 0);
    assert_eq!(pool.collected, 60);
    // A holder after the wipe-out is not charged for it.
    pool.add(5).unwrap();
    assert_eq!(pool.index.remaining(5, pool.index).unwrap(), 5);
}

#[test]
fn one_unit_over_many_winners_and_huge_loss_over_one_tiny_winner() {
    let (mut pool, mut holders) = pool_with(&[1_000_000; 50]);
    absorb(&mut pool, &mut holders, 1);
    let mut charged = 0;
    for holder in holders.iter_mut() {
        settle(&mut pool, holder);
        charged += holder.charged;
    }
    // One unit of loss: someone pays it, nobody pays 2.
    assert!(charged >= 1 && holders.iter().all(|h| h.charged <= 1));

    let (mut pool, mut holders) = pool_with(&[1]);
    assert_eq!(absorb(&mut pool, &mut holders, u64::MAX), 1);
    settle(&mut pool, &mut holders[0]);
    assert_eq!(holders[0].charged, 1);
}

