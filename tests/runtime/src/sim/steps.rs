//! What each operation sends, and the exact outcome (success or named error) the state calls for.

use super::*;

impl Sim {
    pub async fn step(&mut self, op: &Op) -> Check {
        let k = self.env.keys;
        let now = self.env.now().await;
        let market = self.env.market().await;
        match *op {
            Op::Deposit { wallet, amount } => {
                let w = self.wallets[wallet].keypair.insecure_clone();
                let token = self.wallets[wallet].token_account;
                let expected = (market.pending_shortfall > 0).then_some(LmError::LossResolutionPending);
                self.expect(ix::deposit(&k, &w.pubkey(), &token, amount), Some(&w), expected).await
            }
            Op::Withdraw { wallet, per_mille } => {
                let w = self.wallets[wallet].keypair.insecure_clone();
                let token = self.wallets[wallet].token_account;
                let position = self.env.position(&w.pubkey()).await;
                let amount = (position.principal as u128 * per_mille as u128 / 1_000) as u64;
                if amount == 0 {
                    return Ok(());
                }
                let pending = position.pending_charges(&market).map_err(|e| e.to_string())?;
                let expected = if market.pending_shortfall > 0 {
                    Some(LmError::LossResolutionPending)
                } else if pending != (0, 0) {
                    Some(LmError::ClawbackPending)
                } else if amount > position.unlocked_principal() {
                    Some(LmError::MarginLocked)
                } else {
                    None
                };
                self.expect(ix::withdraw(&k, &w.pubkey(), &token, amount), Some(&w), expected).await
            }
            Op::Pnl { winner, loser, per_mille_of_equity } => {
                if winner == loser {
                    return Ok(());
                }
                self.trade(winner, loser, per_mille_of_equity).await
            }
            Op::Resolve { resolver } => self.resolve_pending(resolver).await,
            Op::ResolveIdle { resolver, wallet } => {
                let owner = self.wallets[wallet].pubkey();
                if self.env.position(&owner).await.status == PositionStatus::Bankrupt {
                    return Ok(());
                }
                let resolver = self.resolver(resolver);
                let position_seq = self.env.position(&owner).await.shortfall_count;
                let watched = self.env.watched(&[k.position(&owner), k.record(&owner, position_seq)]);
                let before = self.env.snapshot(&watched).await;
                let result = self.send(&[ix::resolve_shortfall(&k, &resolver.pubkey(), &owner, position_seq)], &[&resolver]).await?;
                ensure!(result.is_ok(), "an idle resolution failed: {:?}", result.err().map(|f| f.error));
                ensure!(self.env.snapshot(&watched).await == before, "an idle resolution changed an account");
                self.report.idle_resolutions += 1;
                Ok(())
            }
            Op::Liquidation { loser, winners, fills, per_mille_of_equity } => {
                let cap = self.env.fund().await.max_draw_per_event;
                let lk = self.wallets[loser].pubkey();
                self.resolve_pending(loser).await?;
                let first_seq = self.env.position(&lk).await.shortfall_count;
                for (i, &winner) in winners.iter().take(fills).enumerate() {
                    // The first fill takes the loser's equity and more; the others are pure loss.
                    let per_mille = if i == 0 { per_mille_of_equity } else { per_mille_of_equity / 4 };
                    self.trade(winner, loser, per_mille).await?;
                }
                let bankrupt = self.env.position(&lk).await.status == PositionStatus::Bankrupt;
                self.resolve_pending(winners[0] + loser).await?;
                let position = self.env.position(&lk).await;
                ensure!(
                    position.shortfall_count - first_seq == bankrupt as u64,
                    "one liquidation made {} loss events",
                    position.shortfall_count - first_seq
                );
                if bankrupt {
                    let record = self.env.record(&k.record(&lk, first_seq)).await;
                    ensure!(record.insurance_paid <= cap, "one liquidation drew {} from the fund, above the per-event cap {cap}", record.insurance_paid);
                    if fills > 1 {
                        self.report.split_liquidations += 1;
                    }
                }
                Ok(())
            }
            Op::Settle { wallet } => {
                let w = self.wallets[wallet].keypair.insecure_clone();
                self.expect(ix::settle(&k, &w.pubkey()), Some(&w), None).await
            }
            Op::Release { wallet } => {
                let w = self.wallets[wallet].keypair.insecure_clone();
                let mut position = self.env.position(&w.pubkey()).await;
                let (clawback, _) = position.pending_charges(&market).map_err(|e| e.to_string())?;
                // What release sees after settling: the charge took the profit closest to release.
                position.set_at_risk_profit(position.at_risk_profit() - clawback).map_err(|e| e.to_string())?;
                let releasable = position.releasable_profit(now);
                let expected = if market.pending_shortfall > 0 {
                    Some(LmError::LossResolutionPending)
                } else if position.at_risk_profit() == 0 {
                    Some(LmError::NoProfitToRelease)
                } else if releasable == 0 {
                    Some(LmError::ProfitNotMature)
                } else {
                    None
                };
                // Profit maturity per gain: what is held back is at most the wallet's gains of the
                // last maturity period and slot (nothing older is ever held back).
                let (old_until, old_horizon) = self.old_horizon;
                let horizon = governance::horizon(market.profit_maturity_secs).max(if now < old_until { old_horizon } else { 0 });
                let key = self.env.keys.position(&w.pubkey());
                let gains = self.gains.entry(key).or_default();
                gains.retain(|(t, _)| *t > now - horizon);
                let recent: u64 = gains.iter().map(|(_, a)| a).sum();
                let held_back = position.at_risk_profit() - releasable;
                ensure!(held_back <= recent, "release holds back {held_back}, but the wallet gained only {recent} in the last {horizon} s");
                self.report.releases_checked += 1;
                self.expect(ix::release_profit(&k, &w.pubkey()), Some(&w), expected).await
            }
            Op::Margin { wallet, per_mille } => {
                let owner = self.wallets[wallet].pubkey();
                let position = self.env.position(&owner).await;
                let locked = (position.principal as u128 * per_mille as u128 / 1_000) as u64;
                // Lowering a lock waits while a loss is pending; raising it never does.
                let lowers = locked < position.locked_margin;
                let expected = (lowers && market.pending_shortfall > 0).then_some(LmError::LossResolutionPending);
                let clearing = self.env.clearing.insecure_clone();
                self.expect(ix::set_margin(&k, &clearing.pubkey(), &owner, locked), Some(&clearing), expected).await?;
                let now_locked = self.env.position(&owner).await.locked_margin;
                ensure!(now_locked == if expected.is_some() { position.locked_margin } else { locked }, "margin not as expected");
                Ok(())
            }
            Op::Warp { secs } => {
                self.env.warp(secs).await;
                Ok(())
            }
            Op::Quiet => {
                let maturity = self.env.market().await.profit_maturity_secs;
                self.env.warp(governance::horizon(maturity)).await;
                for wallet in 0..self.wallets.len() {
                    Box::pin(self.step(&Op::Release { wallet })).await?;
                }
                Ok(())
            }
            Op::Stake { staker, amount } => {
                let s = self.stakers[staker].keypair.insecure_clone();
                let token = self.stakers[staker].token_account;
                let fund = self.env.fund().await;
                let shares = shares_for_deposit(amount, fund.balance, fund.total_shares).map_err(|e| e.to_string())?;
                let expected = if market.pending_shortfall > 0 {
                    Some(LmError::LossResolutionPending)
                } else {
                    (shares == 0).then_some(LmError::ZeroShares)
                };
                self.expect(ix::stake(&k, &s.pubkey(), &token, amount), Some(&s), expected).await
            }
            Op::RequestUnstake { staker, per_mille } => {
                let s = self.stakers[staker].keypair.insecure_clone();
                let Some(stake) = self.stake_of(&s.pubkey()).await else { return Ok(()) };
                let fund = self.env.fund().await;
                let shares = stake.current_shares(&fund) * per_mille as u128 / 1_000;
                let expected = if shares == 0 {
                    Some(LmError::ZeroAmount)
                } else if stake.has_live_unstake(&market, &fund, now) {
                    Some(LmError::UnstakeAlreadyPending)
                } else {
                    None
                };
                self.expect(ix::request_unstake(&k, &s.pubkey(), shares), Some(&s), expected).await
            }
            Op::CancelUnstake { staker } => {
                let s = self.stakers[staker].keypair.insecure_clone();
                let Some(stake) = self.stake_of(&s.pubkey()).await else { return Ok(()) };
                let fund = self.env.fund().await;
                let expected = (!stake.has_pending_unstake(&fund)).then_some(LmError::NoUnstakePending);
                self.expect(ix::cancel_unstake(&k, &s.pubkey()), Some(&s), expected).await
            }
            Op::Unstake { staker } => {
                let s = self.stakers[staker].keypair.insecure_clone();
                let token = self.stakers[staker].token_account;
                let Some(stake) = self.stake_of(&s.pubkey()).await else { return Ok(()) };
                let fund = self.env.fund().await;
                let expected = if market.pending_shortfall > 0 {
                    Some(LmError::LossResolutionPending)
                } else if !stake.has_pending_unstake(&fund) {
                    Some(LmError::NoUnstakePending)
                } else if now < stake.unstake_unlock(&market, now) {
                    Some(LmError::UnstakeLocked)
                } else if now >= stake.unstake_expiry(&market, now) {
                    Some(LmError::UnstakeRequestLapsed)
                } else {
                    None
                };
                match expected {
                    Some(LmError::UnstakeRequestLapsed) => self.report.lapsed_unstakes += 1,
                    None => self.report.unstakes_paid += 1,
                    _ => {}
                }
                // Unstake windows: a request pays only within [unlock, unlock + window).
                self.expect(ix::unstake(&k, &s.pubkey(), &token), Some(&s), expected).await
            }
            Op::UnstakeCycle { staker, wait_secs } => {
                // As a staker's client would: resolve a pending loss first, and hold some shares.
                self.resolve_pending(staker).await?;
                Box::pin(self.step(&Op::Stake { staker, amount: 1_000_000_000 })).await?;
                Box::pin(self.step(&Op::RequestUnstake { staker, per_mille: 1_000 })).await?;
                self.env.warp(wait_secs).await;
                Box::pin(self.step(&Op::Unstake { staker })).await
            }
            Op::PauseInterlude { wallet, staker, secs } => self.pause_interlude(wallet, staker, secs).await,
            Op::Fund { amount } => {
                let s = self.stakers[0].keypair.insecure_clone();
                let token = self.stakers[0].token_account;
                let expected = (market.pending_shortfall > 0).then_some(LmError::LossResolutionPending);
                self.expect(ix::fund_insurance(&k, &s.pubkey(), &token, amount), Some(&s), expected).await
            }
            Op::Sweep => {
                let expected = if market.pending_shortfall > 0 {
                    Some(LmError::LossResolutionPending)
                } else {
                    (market.dust_pending == 0).then_some(LmError::NothingToSweep)
                };
                self.expect(ix::sweep_dust(&k), None, expected).await
            }
            Op::Propose { change, authorities } => self.propose(change, authorities).await,
            Op::ApplyChange { pick, resolver } => self.apply_change(pick, resolver).await,
            Op::CancelChange { pick } => self.cancel_change(pick).await,
        }
    }

    /// A trader or a staker, by index over both: the resolution needs no authority.
    pub(super) async fn trade(&mut self, winner: usize, loser: usize, per_mille_of_equity: u64) -> Check {
        if winner == loser {
            return Ok(());
        }
        let k = self.env.keys;
        let now = self.env.now().await;
        let market = self.env.market().await;
        let (wk, lk) = (self.wallets[winner].pubkey(), self.wallets[loser].pubkey());
        let claim = self.env.claim_of(&lk).await;
        let amount = (claim.max(1_000) as u128 * per_mille_of_equity as u128 / 1_000).max(1) as u64;
        let position = self.env.position(&lk).await;
        // The shortfall bound: against the collateral held when the loser's loss window opened
        // (a fill after a quiet window opens a new one at the collateral it has now).
        let window = position.loss_window;
        let quiet = window.started_at == 0 || now >= window.started_at + market.liquidation_window_secs;
        let opens = position.status == PositionStatus::Active && quiet;
        let (base, booked) = if opens { (claim, 0) } else { (window.collateral, window.shortfall) };
        let shortfall = amount.saturating_sub(claim);
        let above_bound = shortfall > 0 && booked as u128 + shortfall as u128 > market.shortfall_bound(base) as u128;
        let expected = if market.pending_shortfall > 0 && (k.position(&lk) != market.pending_position || now >= market.liquidation_ends_at) {
            Some(LmError::LossResolutionPending)
        } else if above_bound {
            Some(LmError::ShortfallAboveBound)
        } else {
            None
        };
        let clearing = self.env.clearing.insecure_clone();
        self.expect(ix::apply_pnl(&k, &clearing.pubkey(), &wk, &lk, amount), Some(&clearing), expected).await?;
        if expected.is_some() {
            return Ok(());
        }
        self.report.liquidation_fills += (market.pending_shortfall > 0) as usize;
        self.gains.entry(k.position(&wk)).or_default().push((now, amount));
        let after = self.env.market().await;
        if after.pending_shortfall > 0 {
            ensure!(
                market.pending_shortfall == 0 || self.window.as_ref().map(|w| w.bankrupt) == Some(k.position(&lk)),
                "two bankruptcies pending at once"
            );
            let event_cap = self.env.position(&lk).await.event_cap;
            let fund = match &self.window {
                Some(window) => window.fund.clone(),
                None => self.env.fund().await,
            };
            self.window = Some(WindowSnapshot {
                bankrupt: k.position(&lk),
                holdings: self.holdings().await?,
                profit_total: after.profit_pool.total,
                principal_total: after.principal_pool.total,
                fund,
                event_cap,
            });
        }
        Ok(())
    }

    /// `resolver` resolves every bankrupt position (there is at most one: nothing that could
    /// bankrupt another runs while a loss is pending), checking first that no holding moved
    /// since the bankruptcy. Inside the liquidation's window a stranger is refused
    /// (`LiquidationInProgress`); then either the clearing authority closes it at once (odd
    /// resolver indices) or the clock moves to the window's end and the stranger resolves.
    /// After the resolution every wallet's pending clawback is checked against its exact share
    /// of the one event: the same fraction for everyone, within the rounding rule.
    pub(super) async fn resolve_pending(&mut self, resolver: usize) -> Check {
        let k = self.env.keys;
        for i in 0..self.wallets.len() {
            let owner = self.wallets[i].pubkey();
            let position = self.env.position(&owner).await;
            if position.status != PositionStatus::Bankrupt {
                continue;
            }
            let window = self.window.clone().ok_or("a bankrupt position the sim never saw go bankrupt")?;
            ensure!(self.holdings().await? == window.holdings, "a holding moved between the bankruptcy and its resolution");
            let fund = self.env.fund().await;
            ensure!(
                (fund.balance, fund.total_shares) == (window.fund.balance, window.fund.total_shares),
                "the insurance fund moved between the bankruptcy and its resolution"
            );
            let mut signer = self.resolver(resolver);
            let ix = ix::resolve_shortfall(&k, &signer.pubkey(), &owner, position.shortfall_count);
            let market = self.env.market().await;
            if self.env.now().await < market.liquidation_ends_at {
                self.expect(ix.clone(), Some(&signer), Some(LmError::LiquidationInProgress)).await?;
                if resolver % 2 == 1 {
                    signer = self.env.clearing.insecure_clone();
                } else {
                    self.env.end_liquidation_window().await;
                }
            }
            if resolver % 3 == 2 {
                // A late resolution (a slow keeper, or a Resolve pause): it must not change the split.
                self.env.warp(600 * (1 + resolver as i64 % 12)).await;
            }
            let ix = ix::resolve_shortfall(&k, &signer.pubkey(), &owner, position.shortfall_count);
            let holdings_before = self.holdings().await?;
            // The fund draws as of the bankruptcy, however early or late the resolution.
            let fund_updated_at = self.env.fund().await.draw_allowance_updated_at;
            self.resolved_at = market.insurance_draw_time(fund_updated_at, self.env.now().await);
            let result = self.send(&[ix], &[&signer]).await?;
            ensure!(result.is_ok(), "resolving a shortfall failed: {:?}", result.err().map(|f| f.error));
            let record = self.env.record(&k.record(&owner, position.shortfall_count)).await;
            record.invariant().map_err(|e| format!("record invariant: {e}"))?;
            ensure!(record.resolver == signer.pubkey(), "record names another resolver");
            self.check_same_fraction(&record, &holdings_before).await?;
        }
        ensure!(self.window.is_none(), "a pending loss was left unresolved");
        Ok(())
    }

    /// `Op::PauseInterlude`: the Settle pause holds every settlement, and halted time moves
    /// unstake requests exactly (`Market::unstake_halted`).
    pub(super) async fn pause_interlude(&mut self, wallet: usize, staker: usize, secs: i64) -> Check {
        let k = self.env.keys;
        let (risk, admin) = (self.env.risk.insecure_clone(), self.env.admin.insecure_clone());
        let s = self.stakers[staker].pubkey();
        let stake_before = self.stake_of(&s).await;
        let (market, now) = (self.env.market().await, self.env.now().await);
        let expiry_before = stake_before.as_ref().map(|st| st.unstake_expiry(&market, now));
        self.expect(ix::set_pause(&k, &risk.pubkey(), PAUSE_SETTLE | PAUSE_UNSTAKE), Some(&risk), None).await?;

        let w = self.wallets[wallet].keypair.insecure_clone();
        let token = self.wallets[wallet].token_account;
        let position = self.env.position(&w.pubkey()).await;
        let charges = position.pending_charges(&market).map_err(|e| e.to_string())?;
        let expected = if market.pending_shortfall > 0 {
            Some(LmError::LossResolutionPending)
        } else if charges != (0, 0) {
            Some(LmError::SettlementPaused)
        } else {
            None
        };
        let dust_before = market.dust_pending;
        self.expect(ix::deposit(&k, &w.pubkey(), &token, 1), Some(&w), expected).await?;
        self.expect(ix::settle(&k, &w.pubkey()), Some(&w), Some(LmError::OperationPaused)).await?;
        ensure!(self.env.market().await.dust_pending == dust_before, "dust was released while Settle was paused");

        self.env.warp(secs).await;
        self.expect(ix::set_pause(&k, &admin.pubkey(), 0), Some(&admin), None).await?;
        if let (Some(before), Some(stake)) = (expiry_before, self.stake_of(&s).await) {
            if stake.unstake_expires_at == stake_before.as_ref().map(|st| st.unstake_expires_at).unwrap_or(0) {
                // Unstake was paused all along: the request moved by exactly the pause.
                let (market, now) = (self.env.market().await, self.env.now().await);
                let moved = stake.unstake_expiry(&market, now) - before;
                ensure!(moved == secs, "an unstake request moved by {moved} s over a {secs} s pause");
            }
        }
        self.report.pause_interludes += 1;
        Ok(())
    }
}
