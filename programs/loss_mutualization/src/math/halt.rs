//! A clock of halted time: how many seconds something was halted, in total, up to a moment.
//! Unstake requests and proposed changes are measured in time that was *not* halted, so that a
//! pause (or a chain of liquidations) can neither run out their clock nor make them lapse.

use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HaltClock {
    /// Seconds of completed halts.
    pub halted_secs: i64,
    /// When the current halt began (0: not halted).
    pub halted_since: i64,
}

impl HaltClock {
    /// All halted seconds up to `now`.
    pub fn total(&self, now: i64) -> i64 {
        let ongoing = if self.halted_since > 0 { now.saturating_sub(self.halted_since).max(0) } else { 0 };
        self.halted_secs.saturating_add(ongoing)
    }

    /// Keep the clock after a change at `now` that may have started or ended a halt.
    pub fn update(&mut self, was_halted: bool, is_halted: bool, now: i64) {
        match (was_halted, is_halted) {
            (false, true) => self.halted_since = now.max(1),
            (true, false) => {
                self.halted_secs = self.total(now);
                self.halted_since = 0;
            }
            _ => {}
        }
    }

    /// Seconds between `since` and `now` that were not halted, given the total at `since`.
    pub fn open_secs(&self, since: i64, halted_at_since: i64, now: i64) -> i64 {
        let elapsed = now.saturating_sub(since).max(0);
        let halted = self.total(now).saturating_sub(halted_at_since).max(0);
        elapsed.saturating_sub(halted).max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halted_time_is_counted_once_and_open_time_is_the_rest() {
        let mut clock = HaltClock::default();
        clock.update(false, true, 100);
        assert_eq!(clock.total(150), 50);
        clock.update(true, true, 150);
        clock.update(true, false, 200);
        assert_eq!((clock.total(200), clock.total(1_000)), (100, 100));
        clock.update(false, true, 300);
        assert_eq!(clock.total(310), 110);
        // From 0 to 310: 110 halted, 200 open.
        assert_eq!(clock.open_secs(0, 0, 310), 200);
        // From 150 (50 halted by then) to 310: 60 halted, 100 open.
        assert_eq!(clock.open_secs(150, 50, 310), 100);
    }
}
