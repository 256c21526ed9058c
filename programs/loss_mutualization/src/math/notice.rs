//! When a proposed change of the rules may apply: pure time math, no accounts.
//!
//! A change waits for its notice period counted in **open time**: seconds during which users
//! could leave (no exit paused, no loss pending; `Market::exits_halted`). A pause, or a chain
//! of liquidations, stops the count, so neither can be combined with a change to trap users.
//! On top of that, exits must have been open for the last [`EXITS_OPEN_BEFORE_CHANGE_SECS`]
//! without a pause, so short openings between pauses cannot add up to a usable notice. A change
//! not applied within [`CHANGE_APPLY_WINDOW_SECS`] of open time after its notice lapses.

use super::constants::{CHANGE_APPLY_WINDOW_SECS, EXITS_OPEN_BEFORE_CHANGE_SECS};

/// What the decision needs to know, read from the change and the market at `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoticeClock {
    pub now: i64,
    pub proposed_at: i64,
    /// `Market::exit_halted_total` when the change was proposed, and now.
    pub exit_halted_at_proposal: i64,
    pub exit_halted_total: i64,
    /// The longer of the notice when the change was proposed and the market's notice now:
    /// raising the notice also makes changes already pending wait longer.
    pub notice_secs: i64,
    /// Whether any exit is paused now, and when the last exit pause ended (0: never).
    pub exits_paused: bool,
    pub exit_pause_ended_at: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStatus {
    /// `remaining_secs` of open time are still to be served.
    InNotice { remaining_secs: i64 },
    /// The notice is served, but an exit is paused now or was paused less than
    /// `EXITS_OPEN_BEFORE_CHANGE_SECS` ago.
    ExitsNotOpenLongEnough,
    /// May apply now.
    Due,
    /// Its apply window has passed; it can only be cancelled.
    Lapsed,
}

impl NoticeClock {
    /// Seconds since the proposal during which no exit was halted.
    pub fn open_secs(&self) -> i64 {
        let elapsed = self.now.saturating_sub(self.proposed_at).max(0);
        let halted = self.exit_halted_total.saturating_sub(self.exit_halted_at_proposal).max(0);
        elapsed.saturating_sub(halted).max(0)
    }

    pub fn status(&self) -> ChangeStatus {
        let open = self.open_secs();
        if open >= self.notice_secs.saturating_add(CHANGE_APPLY_WINDOW_SECS) {
            return ChangeStatus::Lapsed;
        }
        if open < self.notice_secs {
            return ChangeStatus::InNotice { remaining_secs: self.notice_secs - open };
        }
        let open_without_pause = self.now.saturating_sub(self.exit_pause_ended_at);
        if self.exits_paused || open_without_pause < EXITS_OPEN_BEFORE_CHANGE_SECS {
            return ChangeStatus::ExitsNotOpenLongEnough;
        }
        ChangeStatus::Due
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;
    const T0: i64 = 1_700_000_000;

    fn clock(now: i64) -> NoticeClock {
        NoticeClock { now, proposed_at: T0, notice_secs: 3 * DAY, ..Default::default() }
    }

    #[test]
    fn a_change_is_due_exactly_when_its_notice_is_served() {
        assert_eq!(clock(T0).status(), ChangeStatus::InNotice { remaining_secs: 3 * DAY });
        assert_eq!(clock(T0 + 3 * DAY - 1).status(), ChangeStatus::InNotice { remaining_secs: 1 });
        assert_eq!(clock(T0 + 3 * DAY).status(), ChangeStatus::Due);
        assert_eq!(clock(T0 + 3 * DAY + CHANGE_APPLY_WINDOW_SECS - 1).status(), ChangeStatus::Due);
        assert_eq!(clock(T0 + 3 * DAY + CHANGE_APPLY_WINDOW_SECS).status(), ChangeStatus::Lapsed);
    }

    #[test]
    fn halted_time_does_not_count_towards_the_notice() {
        // Exits were halted for two days during the notice (a pause, or losses pending).
        let c = NoticeClock { exit_halted_at_proposal: 500, exit_halted_total: 500 + 2 * DAY, ..clock(T0 + 4 * DAY) };
        assert_eq!(c.open_secs(), 2 * DAY);
        assert_eq!(c.status(), ChangeStatus::InNotice { remaining_secs: DAY });
        let c = NoticeClock { now: T0 + 5 * DAY, ..c };
        assert_eq!(c.status(), ChangeStatus::Due);
    }

    #[test]
    fn exits_must_have_been_open_a_whole_day_before_a_change_applies() {
        let served = clock(T0 + 3 * DAY);
        assert_eq!(NoticeClock { exits_paused: true, ..served }.status(), ChangeStatus::ExitsNotOpenLongEnough);
        // A pause lifted an hour ago: short openings do not add up.
        let reopened = NoticeClock { exit_pause_ended_at: served.now - 3_600, ..served };
        assert_eq!(reopened.status(), ChangeStatus::ExitsNotOpenLongEnough);
        let reopened = NoticeClock { exit_pause_ended_at: served.now - EXITS_OPEN_BEFORE_CHANGE_SECS, ..served };
        assert_eq!(reopened.status(), ChangeStatus::Due);
    }

    #[test]
    fn a_longer_notice_delays_a_pending_change() {
        let c = NoticeClock { notice_secs: 10 * DAY, ..clock(T0 + 3 * DAY) };
        assert_eq!(c.status(), ChangeStatus::InNotice { remaining_secs: 7 * DAY });
    }

    #[test]
    fn a_clock_before_the_proposal_counts_no_open_time() {
        assert_eq!(clock(T0 - 10).open_secs(), 0);
        let c = NoticeClock { exit_halted_total: 10 * DAY, ..clock(T0 + DAY) };
        assert_eq!(c.open_secs(), 0);
    }
}
