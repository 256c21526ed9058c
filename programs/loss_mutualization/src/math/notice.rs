//! When a proposed change of the rules may apply: pure time math, no accounts.
//!
//! A change waits for its notice period counted in **open time**: seconds during which users
//! could leave (no exit paused, no loss pending; `Market::exits_halted`). A pause, or a chain
//! of liquidations, stops the count, so neither can be combined with a change to trap users.
//! On top of that, exits must have had [`EXITS_OPEN_BEFORE_CHANGE_SECS`] of open time since an
//! exit pause was last lifted, so short openings between pauses cannot add up to a usable
//! notice. A change not applied within [`CHANGE_APPLY_WINDOW_SECS`] of open time after the
//! notice it was proposed with lapses; a longer notice set later delays it but never revives it.

use super::constants::{CHANGE_APPLY_WINDOW_SECS, EXITS_OPEN_BEFORE_CHANGE_SECS, MIN_NOTICE_SECS};

/// What the decision needs to know, read from the change and the market at `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoticeClock {
    /// Open seconds since the change was proposed.
    pub open_secs: i64,
    /// The notice the change was proposed with (its apply window counts from it), and the
    /// market's notice now (a longer one also holds changes already pending).
    pub proposal_notice_secs: i64,
    pub market_notice_secs: i64,
    /// Whether an exit is paused now, and the open seconds since exit pauses were last lifted.
    pub exits_paused: bool,
    pub open_since_exits_reopened: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeStatus {
    /// `remaining_secs` of open time are still to be served.
    InNotice { remaining_secs: i64 },
    /// The notice is served, but an exit is paused now or exits have had less than
    /// `EXITS_OPEN_BEFORE_CHANGE_SECS` of open time since a pause.
    ExitsNotOpenLongEnough,
    /// May apply now.
    Due,
    /// Its apply window has passed; it can only be cancelled.
    Lapsed,
}

impl NoticeClock {
    pub fn status(&self) -> ChangeStatus {
        let open = self.open_secs;
        if open >= self.proposal_notice_secs.saturating_add(CHANGE_APPLY_WINDOW_SECS) {
            return ChangeStatus::Lapsed;
        }
        let notice = self.proposal_notice_secs.max(self.market_notice_secs);
        if open < notice {
            return ChangeStatus::InNotice { remaining_secs: notice.saturating_sub(open) };
        }
        if self.exits_paused || self.open_since_exits_reopened < EXITS_OPEN_BEFORE_CHANGE_SECS {
            return ChangeStatus::ExitsNotOpenLongEnough;
        }
        ChangeStatus::Due
    }
}

/// The notice a change proposed at `now` waits for: the market's, or longer while gains booked
/// under a longer maturity period than today's may still be maturing (until
/// `old_maturity_ends_at`): a user must see the change, let those gains mature and still have a
/// day to leave, as under the floor.
pub fn notice_for_proposal(market_notice_secs: i64, now: i64, old_maturity_ends_at: i64) -> i64 {
    let draining = old_maturity_ends_at.saturating_sub(now).max(0);
    if draining == 0 {
        return market_notice_secs;
    }
    market_notice_secs.max(MIN_NOTICE_SECS.saturating_add(draining))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    fn clock(open_secs: i64) -> NoticeClock {
        NoticeClock {
            open_secs,
            proposal_notice_secs: 3 * DAY,
            market_notice_secs: 3 * DAY,
            exits_paused: false,
            open_since_exits_reopened: open_secs + 10 * DAY,
        }
    }

    #[test]
    fn a_change_is_due_exactly_when_its_notice_is_served() {
        assert_eq!(clock(0).status(), ChangeStatus::InNotice { remaining_secs: 3 * DAY });
        assert_eq!(clock(3 * DAY - 1).status(), ChangeStatus::InNotice { remaining_secs: 1 });
        assert_eq!(clock(3 * DAY).status(), ChangeStatus::Due);
        assert_eq!(clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS - 1).status(), ChangeStatus::Due);
        assert_eq!(clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS).status(), ChangeStatus::Lapsed);
    }

    #[test]
    fn exits_must_have_been_open_a_whole_day_since_a_pause() {
        let served = clock(3 * DAY);
        assert_eq!(NoticeClock { exits_paused: true, ..served }.status(), ChangeStatus::ExitsNotOpenLongEnough);
        let reopened = NoticeClock { open_since_exits_reopened: EXITS_OPEN_BEFORE_CHANGE_SECS - 1, ..served };
        assert_eq!(reopened.status(), ChangeStatus::ExitsNotOpenLongEnough);
        let reopened = NoticeClock { open_since_exits_reopened: EXITS_OPEN_BEFORE_CHANGE_SECS, ..served };
        assert_eq!(reopened.status(), ChangeStatus::Due);
    }

    #[test]
    fn a_longer_notice_delays_a_pending_change_but_never_revives_a_lapsed_one() {
        let longer = NoticeClock { market_notice_secs: 5 * DAY, ..clock(3 * DAY) };
        assert_eq!(longer.status(), ChangeStatus::InNotice { remaining_secs: 2 * DAY });
        // Lapsed under the notice it was proposed with: a longer notice now cannot make it due.
        let lapsed = NoticeClock { market_notice_secs: 95 * DAY, ..clock(100 * DAY) };
        assert_eq!(lapsed.status(), ChangeStatus::Lapsed);
        // Held past its apply window by a longer notice, it lapses without ever being due.
        let held = NoticeClock { market_notice_secs: 20 * DAY, ..clock(3 * DAY + CHANGE_APPLY_WINDOW_SECS) };
        assert_eq!(held.status(), ChangeStatus::Lapsed);
    }

    #[test]
    fn a_proposal_waits_for_gains_of_a_longer_maturity_period() {
        assert_eq!(notice_for_proposal(9 * DAY, 1_000, 0), 9 * DAY);
        assert_eq!(notice_for_proposal(9 * DAY, 1_000, 1_000), 9 * DAY);
        assert_eq!(notice_for_proposal(9 * DAY, 1_000, 1_000 + 7 * DAY), 9 * DAY);
        assert_eq!(notice_for_proposal(9 * DAY, 1_000, 1_000 + 30 * DAY), 32 * DAY);
    }
}
