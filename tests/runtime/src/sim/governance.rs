//! Governance in the simulation: the admin proposes random changes (parameters, and new risk
//! and clearing authorities), cancels some, and anyone applies them. Oracles:
//! - a proposal is refused exactly when its parameters break a rule (or change nothing);
//! - a change applies only once its notice is served, exits have been open a day and no loss is
//!   pending, and never before `proposed_at + notice` in wall time (open time never exceeds it);
//! - once applied, the market's parameters and authorities are exactly the proposed ones over
//!   those in force, and every other invariant keeps holding under the new rules.

use super::*;
use crate::env::custom_error;
use loss_mutualization::math::check::Rng;
use loss_mutualization::math::notice::ChangeStatus;

/// A change the sim proposed and has not yet seen applied or cancelled.
pub(super) struct Proposed {
    seq: u64,
    change: Change,
    /// The keypairs behind an authorities change, so the sim can act as them once it applies.
    risk: Option<Keypair>,
    clearing: Option<Keypair>,
}

/// A random parameter change: each field with probability 1/3, within ranges that keep the
/// simulation's other operations meaningful; one in ten has a value that breaks a rule.
pub fn random_params_change(rng: &mut Rng) -> ParamsChange {
    let mut pick = || rng.below(3) == 0;
    let (a, b, c, d, e, f, g, h, i) = (pick(), pick(), pick(), pick(), pick(), pick(), pick(), pick(), pick());
    let mut change = ParamsChange {
        profit_maturity_secs: a.then(|| rng.below(7_200) as i64),
        max_draw_per_event: b.then(|| rng.amount(2_000_000_000)),
        draw_window_cap: c.then(|| rng.amount(5_000_000_000)),
        draw_window_secs: d.then(|| 1 + rng.below(2 * 86_400) as i64),
        unstake_delay_secs: e.then(|| rng.below(3 * 3_600) as i64),
        unstake_window_secs: f.then(|| 86_400 + rng.below(86_400) as i64),
        liquidation_window_secs: g.then(|| 1 + rng.below(120) as i64),
        max_shortfall_bps: h.then(|| 10_000 + rng.below(990_000) as u32),
        notice_secs: i.then(|| 2 * 86_400 + 3 * 3_600 + rng.below(8 * 86_400) as i64),
    };
    match rng.below(30) {
        0 => change.max_draw_per_event = Some(0),
        1 => change.notice_secs = Some(86_400),
        2 => change.liquidation_window_secs = Some(0),
        _ => {}
    }
    change
}

fn code_of(error: anchor_lang::error::Error) -> Option<u32> {
    match error {
        anchor_lang::error::Error::AnchorError(e) => Some(e.error_code_number),
        anchor_lang::error::Error::ProgramError(_) => None,
    }
}

impl Sim {
    /// The admin proposes `change` (new authorities when `authorities`).
    pub(super) async fn propose(&mut self, change: ParamsChange, authorities: bool) -> Check {
        let k = self.env.keys;
        let (market, fund) = (self.env.market().await, self.env.fund().await);
        let seq = market.change_count;
        let (risk, clearing) = (Keypair::new(), Keypair::new());
        let change = if authorities {
            Change::Authorities { risk_authority: Some(risk.pubkey()), clearing_authority: Some(clearing.pubkey()) }
        } else {
            Change::Params(change)
        };
        let expected = change.validate(&market, &fund).err().map(code_of);
        let admin = self.env.admin.insecure_clone();
        let result = self.send(&[ix::propose_change(&k, &admin.pubkey(), seq, change)], &[&admin]).await?;
        match expected {
            Some(code) => {
                ensure!(result.is_err() && custom_error(&result) == code, "proposal: expected {code:?}, got {result:?}");
                *self.report.refused.entry("ProposalRefused".into()).or_default() += 1;
            }
            None => {
                ensure!(result.is_ok(), "proposal refused: {:?}", result.err().map(|f| f.error));
                ensure!(self.env.pending_change(seq).await.change == change, "proposal stored another change");
                let (risk, clearing) = if authorities { (Some(risk), Some(clearing)) } else { (None, None) };
                self.changes.push(Proposed { seq, change, risk, clearing });
                self.report.changes_proposed += 1;
            }
        }
        Ok(())
    }

    /// The admin cancels the `pick`-th pending change: it never applies.
    pub(super) async fn cancel_change(&mut self, pick: usize) -> Check {
        if self.changes.is_empty() {
            return Ok(());
        }
        let proposed = self.changes.remove(pick % self.changes.len());
        let (k, admin) = (self.env.keys, self.env.admin.insecure_clone());
        self.expect(ix::cancel_change(&k, &admin.pubkey(), proposed.seq, &admin.pubkey()), Some(&admin), None).await?;
        ensure!(self.env.account(&k.change(proposed.seq)).await.is_none(), "a cancelled change is still open");
        self.report.changes_cancelled += 1;
        Ok(())
    }

    /// Someone applies the `pick`-th pending change.
    pub(super) async fn apply_change(&mut self, pick: usize, resolver: usize) -> Check {
        if self.changes.is_empty() {
            return Ok(());
        }
        let index = pick % self.changes.len();
        let k = self.env.keys;
        let (now, market, fund) = (self.env.now().await, self.env.market().await, self.env.fund().await);
        let pending = self.env.pending_change(self.changes[index].seq).await;
        let status = pending.status(&market, now);
        let mut expected = match status {
            ChangeStatus::Due => None,
            ChangeStatus::InNotice { .. } => Some(LmError::NoticeNotServed),
            ChangeStatus::ExitsNotOpenLongEnough => Some(LmError::ExitsNotOpenLongEnough),
            ChangeStatus::Lapsed => Some(LmError::ChangeLapsed),
        };
        if market.pending_shortfall > 0 {
            expected = Some(LmError::LossResolutionPending);
        }
        let params = MarketParams::of(&market, &fund);
        if let (None, Change::Params(change)) = (expected, pending.change) {
            if let Err(error) = change.merged(&params).validate() {
                // Other changes applied since made it invalid: refused, cancelled by the admin.
                let code = code_of(error);
                let applier = self.resolver(resolver);
                let result = self.send(&[ix::apply_change(&k, &applier.pubkey(), pending.seq, &pending.proposer)], &[&applier]).await?;
                ensure!(custom_error(&result) == code, "stale change: expected {code:?}, got {result:?}");
                return self.cancel_change(index).await;
            }
        }
        let applier = self.resolver(resolver);
        self.expect(ix::apply_change(&k, &applier.pubkey(), pending.seq, &pending.proposer), Some(&applier), expected).await?;
        if matches!(expected, Some(LmError::ChangeLapsed)) {
            return self.cancel_change(index).await;
        }
        if expected.is_some() {
            return Ok(());
        }
        // Applied: never before its notice in wall time, and exactly its effect.
        let notice = pending.notice_secs.max(market.notice_secs);
        ensure!(now - pending.proposed_at >= notice, "a change applied {} s after its proposal, notice {notice}", now - pending.proposed_at);
        let open_since_reopened = now - market.exits_reopened_at;
        ensure!(!market.exits_paused() && open_since_reopened >= 86_400, "a change applied with exits not open a day");
        let proposed = self.changes.remove(index);
        let (market_after, fund_after) = (self.env.market().await, self.env.fund().await);
        match proposed.change {
            Change::Params(change) => {
                let expected = change.merged(&params);
                ensure!(MarketParams::of(&market_after, &fund_after) == expected, "parameters after the change differ from the proposal");
                if expected.profit_maturity_secs != params.profit_maturity_secs {
                    // Gains booked under the old period keep its horizon.
                    self.old_horizon = (now + horizon(params.profit_maturity_secs), horizon(params.profit_maturity_secs));
                }
            }
            Change::Authorities { risk_authority, clearing_authority } => {
                ensure!(
                    Some(market_after.risk_authority) == risk_authority && Some(market_after.clearing_authority) == clearing_authority,
                    "authorities after the change differ from the proposal"
                );
                self.env.risk = proposed.risk.expect("risk keypair");
                self.env.clearing = proposed.clearing.expect("clearing keypair");
            }
            Change::Admin { .. } => return Err("the sim proposes no admin change".into()),
        }
        self.report.changes_applied += 1;
        Ok(())
    }
}

/// How long after a gain it is certainly matured under a maturity period (period plus a slot).
pub(super) fn horizon(maturity: i64) -> i64 {
    maturity + (maturity + MATURITY_SLOTS - 1) / MATURITY_SLOTS
}
