//! The ledger rebuilt from events alone, and the invariants checked after every step.

use super::*;

impl Sim {
    pub(super) fn absorb_events(&mut self, logs: &[String]) -> Check {
        use anchor_lang::Discriminator;
        use base64::Engine;
        for payload in logs.iter().filter_map(|l| l.strip_prefix("Program data: ")) {
            let bytes = base64::engine::general_purpose::STANDARD.decode(payload).map_err(|e| e.to_string())?;
            let (disc, mut data) = bytes.split_at(8);
            macro_rules! decode {
                ($t:ty) => {
                    <$t as anchor_lang::AnchorDeserialize>::deserialize(&mut data).map_err(|e| e.to_string())?
                };
            }
            if disc == PositionSettled::DISCRIMINATOR {
                let e = decode!(PositionSettled);
                self.check_settlement(&e)?;
                self.set_position(e.position, e.totals);
            } else if disc == Deposited::DISCRIMINATOR {
                let e = decode!(Deposited);
                self.set_position(e.position, e.totals);
            } else if disc == Withdrawn::DISCRIMINATOR {
                let e = decode!(Withdrawn);
                self.set_position(e.position, e.totals);
            } else if disc == PnlApplied::DISCRIMINATOR {
                let e = decode!(PnlApplied);
                self.set_position(e.winner, e.totals);
                self.set_position(e.loser, e.totals);
            } else if disc == ProfitReleased::DISCRIMINATOR {
                let e = decode!(ProfitReleased);
                self.set_position(e.position, e.totals);
            } else if disc == ShortfallResolved::DISCRIMINATOR {
                let e = decode!(ShortfallResolved);
                self.report.loss_events += 1;
                self.report.shortfall_total += e.shortfall as u128;
                self.report.insurance_paid += e.insurance_paid as u128;
                self.report.clawed_back += e.clawback as u128;
                self.report.haircut += e.haircut as u128;
                self.ledger.fund_balance = e.fund_balance;
                self.ledger.total_shares = e.total_shares;
                let keep_profit = (e.at_risk_profit_before > 0)
                    .then(|| (rat(e.at_risk_profit_before) - rat(e.clawback)) / rat(e.at_risk_profit_before));
                let keep_principal = (e.principal_before > 0)
                    .then(|| (rat(e.principal_before) - rat(e.haircut)) / rat(e.principal_before));
                for exact in self.exact.values_mut() {
                    if let Some(k) = &keep_profit {
                        exact.profit = exact.profit.clone() * k.clone();
                    }
                    if let Some(k) = &keep_principal {
                        exact.principal = exact.principal.clone() * k.clone();
                    }
                }
                self.set_position(e.position, e.totals);
                self.check_resolution(&e)?;
            } else if disc == DustSwept::DISCRIMINATOR {
                let e = decode!(DustSwept);
                self.report.dust_to_insurance += e.amount as u128;
                self.ledger.fund_balance = e.fund_balance;
                self.ledger.totals = Some(e.totals);
            } else if disc == InsuranceFunded::DISCRIMINATOR {
                self.ledger.fund_balance = decode!(InsuranceFunded).fund_balance;
            } else if disc == Staked::DISCRIMINATOR {
                let e = decode!(Staked);
                self.ledger.fund_balance = e.fund_balance;
                self.ledger.total_shares = e.total_shares;
                let stake = self.ledger.stakes.entry(e.staker).or_default();
                stake.0 = e.stake_shares;
                if e.unstake_shares == 0 {
                    (stake.1, stake.2) = (0, 0);
                }
            } else if disc == UnstakeRequested::DISCRIMINATOR {
                let e = decode!(UnstakeRequested);
                let stake = self.ledger.stakes.entry(e.staker).or_default();
                (stake.1, stake.2) = (e.shares, e.unlock_at);
            } else if disc == UnstakeCancelled::DISCRIMINATOR {
                let e = decode!(UnstakeCancelled);
                let stake = self.ledger.stakes.entry(e.staker).or_default();
                (stake.1, stake.2) = (0, 0);
            } else if disc == Unstaked::DISCRIMINATOR {
                let e = decode!(Unstaked);
                self.ledger.fund_balance = e.fund_balance;
                self.ledger.total_shares = e.total_shares;
                *self.ledger.stakes.entry(e.staker).or_default() = (e.stake_shares, 0, 0);
            }
        }
        Ok(())
    }

    pub(super) fn set_position(&mut self, balances: PositionBalances, totals: MarketTotals) {
        let exact = self.exact.entry(balances.position).or_default();
        exact.profit = rat(balances.realized_pnl.max(0) as u64);
        exact.principal = rat(balances.principal);
        self.ledger.positions.insert(balances.position, balances);
        self.ledger.totals = Some(totals);
    }

    /// A resolution against the market as it stood at the bankruptcy (see the module docs).
    pub(super) fn check_resolution(&mut self, e: &ShortfallResolved) -> Check {
        let window = self.window.take().ok_or("a loss was resolved that the sim never saw go bankrupt")?;
        ensure!(e.position.position == window.bankrupt, "resolved another position than the bankrupt one");
        ensure!(
            (e.at_risk_profit_before, e.principal_before) == (window.profit_total, window.principal_total),
            "the loss was spread over {}/{} but the pools held {}/{} at the bankruptcy",
            e.at_risk_profit_before,
            e.principal_before,
            window.profit_total,
            window.principal_total
        );
        let fund = &window.fund;
        let allowance = fund.allowance_at(self.resolved_at).map_err(|e| e.to_string())?.amount;
        let cap = loss_mutualization::math::waterfall::event_cap_left(
            fund.max_draw_per_event,
            fund.draw_window_secs,
            window.event_cap.started_at,
            window.event_cap.drawn,
            self.resolved_at,
        );
        let expected = loss_mutualization::math::waterfall::insurance_draw(e.shortfall, fund.balance, cap.left, allowance);
        ensure!(e.insurance_paid == expected, "insurance paid {} but the fund at the bankruptcy owed {expected}", e.insurance_paid);
        self.report.windows_checked += 1;
        Ok(())
    }

    /// The charge of a settlement against the exact share of the losses since the last one.
    pub(super) fn check_settlement(&mut self, e: &PositionSettled) -> Check {
        let key = e.position.position;
        let before = self.ledger.positions.get(&key).ok_or("settled an unknown position")?;
        let exact = self.exact.get(&key).cloned().unwrap_or_default();
        let checks = [
            ("clawback", before.realized_pnl.max(0) as u64, e.clawback_charged, exact.profit),
            ("haircut", before.principal, e.haircut_charged, exact.principal),
        ];
        for (what, had, charged, exact_left) in checks {
            ensure!(charged <= had, "{what} of {charged} exceeds what the wallet had ({had})");
            let left = rat(had - charged);
            ensure!(left <= exact_left, "{what}: wallet kept {} > exact {}", had - charged, exact_left);
            let over = exact_left - left;
            ensure!(over < rat(2), "{what}: charged {over} above the exact share");
            let over = over.numer().to_string().parse::<f64>().unwrap_or(0.0)
                / over.denom().to_string().parse::<f64>().unwrap_or(1.0);
            self.report.max_overcharge = self.report.max_overcharge.max(over);
        }
        self.report.settlements_checked += 1;
        Ok(())
    }

    /// Solvency and ledger checks against the on-chain accounts.
    pub async fn check_invariants(&mut self) -> Check {
        let market = self.env.market().await;
        let vault = self.env.vault_balance().await as u128;
        let pending = market.pending_shortfall as u128;
        let books = market.principal_pool.total as u128 + market.profit_pool.total as u128 + market.dust_pending as u128;
        ensure!(vault + pending >= books, "vault {vault} + unassigned {pending} below books {books}");
        let mut claims = 0u128;
        for wallet in &self.wallets {
            let key = self.env.keys.position(&wallet.pubkey());
            let position = self.env.position(&wallet.pubkey()).await;
            position.invariant().map_err(|e| format!("position invariant: {e}"))?;
            let (clawback, haircut) = position.pending_charges(&market).map_err(|e| e.to_string())?;
            claims += (position.principal - haircut) as u128 + (position.at_risk_profit() - clawback) as u128;
            let rebuilt = self.ledger.positions.get(&key).ok_or("position missing from the event ledger")?;
            ensure!(*rebuilt == position.balances(key), "ledger {rebuilt:?} != chain {:?}", position.balances(key));
        }
        ensure!(
            claims <= market.principal_pool.total as u128 + market.profit_pool.total as u128,
            "claims {claims} above the books"
        );
        ensure!(self.ledger.totals == Some(market.totals()), "ledger totals {:?} != chain {:?}", self.ledger.totals, market.totals());
        let fund = self.env.fund().await;
        ensure!(self.env.insurance_vault_balance().await == fund.balance, "insurance vault != fund books");
        ensure!(self.ledger.fund_balance == fund.balance, "ledger fund {} != chain {}", self.ledger.fund_balance, fund.balance);
        ensure!(self.ledger.total_shares == fund.total_shares, "ledger shares != chain");
        for staker in &self.stakers {
            if let Some(account) = self.env.account(&self.env.keys.stake(&staker.pubkey())).await {
                let stake: InsuranceStake = anchor_lang::AccountDeserialize::try_deserialize(&mut account.data.as_slice())
                    .map_err(|e| e.to_string())?;
                let rebuilt = self.ledger.stakes.get(&staker.pubkey()).copied().unwrap_or_default();
                ensure!(rebuilt == (stake.shares, stake.unstake_shares, stake.unstake_unlock_at), "ledger stake != chain");
            }
        }
        Ok(())
    }

    /// One loss event charges every holder of at-risk profit the same fraction: each wallet's
    /// new clawback is within two units of `held * clawback / pool`, its exact share of the
    /// event (less than one below it, from the rounding of `held` itself, and less than two
    /// above it, from the rounding rule).
    pub(super) async fn check_same_fraction(&mut self, record: &ShortfallRecord, holdings_before: &[(u64, u64)]) -> Check {
        if record.clawback == 0 {
            return Ok(());
        }
        let market = self.env.market().await;
        for (i, wallet) in self.wallets.iter().enumerate() {
            let held = holdings_before[i].0;
            let position = self.env.position(&wallet.pubkey()).await;
            let (clawback, _) = position.pending_charges(&market).map_err(|e| e.to_string())?;
            let earlier = position.at_risk_profit() - held; // charges of earlier events, still pending
            let charge = clawback - earlier;
            let exact = rat(held) * rat(record.clawback) / rat(record.at_risk_profit_before);
            ensure!(rat(charge + 1) > exact && rat(charge) < exact.clone() + rat(2), "wallet {i} charged {charge} for an exact share of {exact}");
        }
        Ok(())
    }

}
