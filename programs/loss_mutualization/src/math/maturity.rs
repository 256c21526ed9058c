//! Profit maturity per gain, in O(1) per position.
//!
//! Every gain stays at risk for at least the market's maturity period `M` from its own time,
//! and a new gain never delays profit gained earlier. Gains are grouped on a fixed time grid of
//! `MATURITY_SLOTS` slots per maturity period (slot width `S = ceil(M / MATURITY_SLOTS)`): every
//! gain booked in grid slot `g` matures at `(g + 1) * S + M`, i.e. at least `M` and less than
//! `M + S` after it was booked. Gains of one slot share one entry; at any moment at most
//! `MATURITY_SLOTS + 1` slots are still maturing, so a fixed array holds them all.
//!
//! - **Never early**: a gain booked at `t` matures at `> t + M` (the grid end is after `t`).
//! - **Never held back by later gains**: a gain's maturity is fixed when it is booked; later
//!   gains go to their own slot. Profit older than `M + S` is always releasable.
//! - **Charges take the profit closest to release first**: a clawback or a trading loss
//!   reduces matured profit first, then the maturing entries in order of maturity (in favour of
//!   the at-risk pool: it never makes profit releasable sooner).
//!
//! If the maturity period is changed while gains are maturing, a new gain may find no free entry;
//! it then joins an entry that matures no sooner than it (delaying only itself), or, when every
//! entry matures sooner, the two soonest entries merge at the later of their times.

use anchor_lang::prelude::*;

/// Grid slots per maturity period: a gain matures less than `M / MATURITY_SLOTS` after `M`.
#[anchor_lang::constant]
pub const MATURITY_SLOTS: i64 = 8;

/// Maturing entries per position: one per slot that can still be maturing.
pub const MATURING_ENTRIES: usize = MATURITY_SLOTS as usize + 1;

/// Profit gained in one grid slot, at risk until `matures_at`. Empty when `amount` is zero.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MaturingProfit {
    pub amount: u64,
    pub matures_at: i64,
}

pub type MaturingProfits = [MaturingProfit; MATURING_ENTRIES];

/// When a gain booked at `now` matures under a maturity period of `maturity_secs`. (Unsigned
/// arithmetic: SBPF has no signed division; the clock is never before 1970.)
pub fn maturity_of_gain(now: i64, maturity_secs: i64) -> i64 {
    if maturity_secs <= 0 {
        return now;
    }
    let (t, m) = (now.max(0) as u64, maturity_secs as u64);
    let slot_width = m.div_ceil(MATURITY_SLOTS as u64);
    let slot_end = (t / slot_width + 1).saturating_mul(slot_width);
    i64::try_from(slot_end.saturating_add(m)).unwrap_or(i64::MAX)
}

/// Longest a gain can take to mature: `M` plus one grid slot (`maturity_of_gain` is less than
/// this after the gain).
pub fn longest_maturity(maturity_secs: i64) -> i64 {
    let m = maturity_secs.max(0) as u64;
    i64::try_from(m.saturating_add(m.div_ceil(MATURITY_SLOTS as u64))).unwrap_or(i64::MAX)
}

/// Profit of these entries that is still maturing at `now`.
pub fn maturing_at(entries: &MaturingProfits, now: i64) -> u64 {
    entries
        .iter()
        .filter(|e| e.matures_at > now)
        .fold(0u64, |sum, e| sum.saturating_add(e.amount))
}

/// Of `at_risk_profit`, what may be released at `now`.
pub fn releasable(entries: &MaturingProfits, at_risk_profit: u64, now: i64) -> u64 {
    at_risk_profit.saturating_sub(maturing_at(entries, now))
}

/// When everything in the entries has matured (0: nothing is maturing at `now`).
pub fn all_mature_at(entries: &MaturingProfits, now: i64) -> i64 {
    entries.iter().filter(|e| e.amount > 0 && e.matures_at > now).map(|e| e.matures_at).max().unwrap_or(0)
}

/// Book a gain of `amount` that matures at `matures_at` (`maturity_of_gain`). Entries that
/// have matured by `now` are emptied first (their profit is releasable either way).
pub fn add_gain(entries: &mut MaturingProfits, amount: u64, matures_at: i64, now: i64) {
    if amount == 0 || matures_at <= now {
        return;
    }
    for e in entries.iter_mut() {
        if e.matures_at <= now {
            *e = MaturingProfit::default();
        }
    }
    if let Some(e) = entries.iter_mut().find(|e| e.amount > 0 && e.matures_at == matures_at) {
        e.amount = e.amount.saturating_add(amount);
        return;
    }
    if let Some(e) = entries.iter_mut().find(|e| e.amount == 0) {
        *e = MaturingProfit { amount, matures_at };
        return;
    }
    // Only after a change of the maturity period (see the module docs). Delay the new gain
    // rather than an older one: join the soonest entry maturing at or after it. If every entry
    // matures sooner, merge the two soonest entries (the sooner waits until the later, at most
    // one grid spacing of the period they were booked under) and take the freed entry.
    if let Some(e) = entries.iter_mut().filter(|e| e.matures_at >= matures_at).min_by_key(|e| e.matures_at) {
        e.amount = e.amount.saturating_add(amount);
        return;
    }
    entries.sort_unstable_by_key(|e| e.matures_at);
    entries[1].amount = entries[1].amount.saturating_add(entries[0].amount);
    entries[0] = MaturingProfit { amount, matures_at };
}

/// The position's at-risk profit fell to `at_risk_profit` (a clawback, a trading loss or a
/// release): the profit closest to release went first. Keeps the entries' sum within it.
pub fn take_from_soonest(entries: &mut MaturingProfits, at_risk_profit: u64) {
    let mut excess = entries
        .iter()
        .fold(0u64, |sum, e| sum.saturating_add(e.amount))
        .saturating_sub(at_risk_profit);
    while excess > 0 {
        let Some(e) = entries.iter_mut().filter(|e| e.amount > 0).min_by_key(|e| e.matures_at) else {
            break;
        };
        let cut = e.amount.min(excess);
        e.amount -= cut;
        excess -= cut;
        if e.amount == 0 {
            *e = MaturingProfit::default();
        }
    }
}

/// The entries never hold more than the position's at-risk profit.
pub fn entries_within(entries: &MaturingProfits, at_risk_profit: u64) -> bool {
    entries.iter().fold(0u128, |sum, e| sum + e.amount as u128) <= at_risk_profit as u128
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: i64 = 3_600;

    #[test]
    fn a_gain_matures_within_one_slot_after_the_period() {
        for now in [0, 1, 449, 450, 451, 1_000_000, 1_000_449] {
            let m = maturity_of_gain(now, HOUR);
            assert!(m > now + HOUR && m <= now + HOUR + HOUR / MATURITY_SLOTS, "{now} -> {m}");
        }
        assert_eq!(maturity_of_gain(1_000, 0), 1_000);
        // A period shorter than the slot count: one-second slots.
        assert_eq!(maturity_of_gain(10, 3), 14);
    }

    /// Issue 15's trader: 1,000 gained three hours ago, then 1 unit every 10 minutes.
    #[test]
    fn steady_small_gains_do_not_hold_back_matured_profit() {
        let mut entries = MaturingProfits::default();
        let mut at_risk = 1_000u64;
        add_gain(&mut entries, 1_000, maturity_of_gain(0, HOUR), 0);
        let mut now = 0;
        while now < 3 * HOUR {
            now += 600;
            at_risk += 1;
            add_gain(&mut entries, 1, maturity_of_gain(now, HOUR), now);
            assert!(entries_within(&entries, at_risk));
        }
        // The 1,000 and every unit older than M + S are releasable.
        let r = releasable(&entries, at_risk, now);
        assert!(r >= 1_000 + 11, "{r}");
        // Nothing younger than M is.
        assert!(r <= at_risk - 6, "{r}");
    }

    #[test]
    fn nothing_is_releasable_before_its_own_maturity() {
        let mut entries = MaturingProfits::default();
        add_gain(&mut entries, 500, maturity_of_gain(100, HOUR), 100);
        assert_eq!(releasable(&entries, 500, 100 + HOUR), 0);
        assert_eq!(releasable(&entries, 500, 100 + HOUR + HOUR / MATURITY_SLOTS), 500);
        assert_eq!(all_mature_at(&entries, 100), maturity_of_gain(100, HOUR));
    }

    #[test]
    fn charges_take_matured_profit_then_the_soonest_entry() {
        let mut entries = MaturingProfits::default();
        add_gain(&mut entries, 100, 1_000, 0);
        add_gain(&mut entries, 100, 2_000, 0);
        // 300 at risk: 100 matured, 200 maturing. A charge of 150 leaves 150.
        take_from_soonest(&mut entries, 150);
        assert_eq!(releasable(&entries, 150, 0), 0);
        assert_eq!(maturing_at(&entries, 1_000), 100);
        assert_eq!(releasable(&entries, 150, 1_000), 50);
        take_from_soonest(&mut entries, 0);
        assert_eq!(entries, MaturingProfits::default());
    }

    #[test]
    fn a_full_array_delays_the_new_gain_not_an_older_one() {
        let mut entries = MaturingProfits::default();
        for i in 0..MATURING_ENTRIES as i64 {
            add_gain(&mut entries, 10 + i as u64, 1_000 + 100 * i, 0);
        }
        // A gain maturing at 1_050 joins the entry of 1_100; nothing older moves.
        add_gain(&mut entries, 5, 1_050, 0);
        assert_eq!(releasable(&entries, 1_000, 1_000), 1_000 - maturing_at(&entries, 1_000));
        assert_eq!(maturing_at(&entries, 1_099) - maturing_at(&entries, 1_100), 11 + 5);
        // A gain maturing after every entry (the period was raised): the two soonest merge at
        // 1_100, the new gain takes the freed entry at its own time.
        add_gain(&mut entries, 7, 1_000_000, 0);
        assert_eq!(maturing_at(&entries, 1_000), maturing_at(&entries, 0));
        assert_eq!(maturing_at(&entries, 1_099) - maturing_at(&entries, 1_100), 10 + 11 + 5);
        assert_eq!(all_mature_at(&entries, 0), 1_000_000);
        assert_eq!(maturing_at(&entries, 999_999), 7);
    }
}
