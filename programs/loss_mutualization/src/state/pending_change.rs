use super::{InsuranceFund, Market, MarketParams};
use crate::errors::LmError;
use crate::math::notice::{ChangeStatus, NoticeClock};
use anchor_lang::prelude::*;

/// A change of the rules or of who holds power, proposed by the admin and public from the start.
/// It applies only after the market's notice period of open exits (`math::notice`), and the
/// admin may cancel it until then. Seeds: `["change", market, seq]`.
// A program account as `#[account]` makes one, written back in one copy (`state::account`).
#[derive(AnchorSerialize, AnchorDeserialize, Clone, InitSpace, Debug)]
pub struct PendingChange {
    pub market: Pubkey,
    /// The market's `change_count` when it was proposed.
    pub seq: u64,
    /// Paid its rent; gets it back when the change is applied or cancelled.
    pub proposer: Pubkey,
    pub proposed_at: i64,
    /// The notice it waits for (the market's when it was proposed, or longer, see
    /// `notice_for_proposal`); a longer notice set later also holds it. Its apply window counts
    /// from this one.
    pub notice_secs: i64,
    /// `Market::exit_halt`'s total when it was proposed.
    pub exit_halted_at_proposal: i64,
    pub change: Change,
    pub bump: u8,
}

super::program_account!(PendingChange, [232, 183, 176, 196, 15, 195, 115, 147]);

/// What a proposed change does.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// New values for the fields given; the others keep theirs (as they are when it applies).
    Params(ParamsChange),
    /// New risk and / or clearing authority.
    Authorities { risk_authority: Option<Pubkey>, clearing_authority: Option<Pubkey> },
    /// A new admin, who must sign `apply_change` (so a mistyped key cannot take the role).
    Admin { new_admin: Pubkey },
}

/// Each field left `None` keeps its value. An unstake request already made keeps the unlock
/// time it was given.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParamsChange {
    pub profit_maturity_secs: Option<i64>,
    pub max_draw_per_event: Option<u64>,
    pub draw_window_cap: Option<u64>,
    pub draw_window_secs: Option<i64>,
    pub unstake_delay_secs: Option<i64>,
    pub unstake_window_secs: Option<i64>,
    pub liquidation_window_secs: Option<i64>,
    pub max_shortfall_bps: Option<u32>,
    pub notice_secs: Option<i64>,
}

impl ParamsChange {
    /// The market's parameters with this change made.
    pub fn merged(&self, current: &MarketParams) -> MarketParams {
        MarketParams {
            profit_maturity_secs: self.profit_maturity_secs.unwrap_or(current.profit_maturity_secs),
            max_draw_per_event: self.max_draw_per_event.unwrap_or(current.max_draw_per_event),
            draw_window_cap: self.draw_window_cap.unwrap_or(current.draw_window_cap),
            draw_window_secs: self.draw_window_secs.unwrap_or(current.draw_window_secs),
            unstake_delay_secs: self.unstake_delay_secs.unwrap_or(current.unstake_delay_secs),
            unstake_window_secs: self.unstake_window_secs.unwrap_or(current.unstake_window_secs),
            liquidation_window_secs: self.liquidation_window_secs.unwrap_or(current.liquidation_window_secs),
            max_shortfall_bps: self.max_shortfall_bps.unwrap_or(current.max_shortfall_bps),
            notice_secs: self.notice_secs.unwrap_or(current.notice_secs),
        }
    }
}

impl Change {
    /// A change must change something, to a value that could be applied now. (It is checked
    /// again when it applies: other changes may have applied in between.)
    pub fn validate(&self, market: &Market, fund: &InsuranceFund) -> Result<()> {
        match self {
            Change::Params(params) => {
                let current = MarketParams::of(market, fund);
                let merged = params.merged(&current);
                require!(merged != current, LmError::EmptyChange);
                merged.validate()
            }
            Change::Authorities { risk_authority, clearing_authority } => {
                let changes_risk = risk_authority.is_some_and(|key| key != market.risk_authority);
                let changes_clearing = clearing_authority.is_some_and(|key| key != market.clearing_authority);
                require!(changes_risk || changes_clearing, LmError::EmptyChange);
                for key in [risk_authority, clearing_authority].into_iter().flatten() {
                    require!(*key != Pubkey::default(), LmError::DefaultAuthority);
                }
                Ok(())
            }
            Change::Admin { new_admin } => {
                require!(*new_admin != Pubkey::default(), LmError::DefaultAuthority);
                require!(*new_admin != market.admin, LmError::PendingAdminIsAdmin);
                Ok(())
            }
        }
    }
}

impl PendingChange {
    /// Where the change stands at `now`.
    pub fn status(&self, market: &Market, now: i64) -> ChangeStatus {
        let halt = &market.exit_halt;
        NoticeClock {
            open_secs: halt.open_secs(self.proposed_at, self.exit_halted_at_proposal, now),
            proposal_notice_secs: self.notice_secs,
            market_notice_secs: market.notice_secs,
            exits_paused: market.exits_blocked(),
            open_since_exits_reopened: halt.open_secs(market.exits_reopened_at, market.exit_halted_at_reopen, now),
        }
        .status()
    }

    /// Refuse unless the change may apply at `now`, with the rule it waits for.
    pub fn require_due(&self, market: &Market, now: i64) -> Result<()> {
        match self.status(market, now) {
            ChangeStatus::Due => Ok(()),
            ChangeStatus::InNotice { .. } => err!(LmError::NoticeNotServed),
            ChangeStatus::ExitsNotOpenLongEnough => err!(LmError::ExitsNotOpenLongEnough),
            ChangeStatus::Lapsed => err!(LmError::ChangeLapsed),
        }
    }
}
