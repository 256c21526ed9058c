//! Randomized solvency simulation: long seeded sequences of the real instructions, with the
//! invariants checked after every step.
//!
//! Oracles, after every operation:
//! - solvency: the collateral vault (plus the shortfall not yet assigned) holds the books, and
//!   the books hold at least every position's claim after pending clawbacks and haircuts; the
//!   insurance vault equals the fund's books;
//! - every refusal is the exact named error the current state calls for;
//! - fairness: each settlement charges at least the exact (big-rational) share of every loss
//!   since the wallet's last settlement, less than 2 base units above it, and never more than
//!   the wallet had;
//! - the ledger rebuilt from emitted events alone equals the on-chain accounts;
//! - the pending-loss window: from the trade that makes a position bankrupt until anyone
//!   resolves it, nothing moves part of that loss to another wallet. At the bankruptcy the sim
//!   snapshots every wallet's holdings (at-risk profit and principal after pending charges),
//!   both pool totals and the insurance fund; at the resolution it checks that they are
//!   unchanged, that the loss was spread over exactly those pool totals, and that the fund paid
//!   exactly what its state at the bankruptcy and the caps allow. With the fairness oracle
//!   above, every wallet's charge is then its exact share of the holdings at the bankruptcy.
//!
//! At the end every wallet settles and the dust is swept: the charges then cover every
//! socialized loss, exceed it by less than 2 base units per wallet per event, and the excess is
//! in the insurance fund.

use crate::env::*;
use crate::ix;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::math::check::Rng;
use loss_mutualization::math::insurance_shares::shares_for_deposit;
use loss_mutualization::math::maturity::MATURITY_SLOTS;
use loss_mutualization::state::*;
use num_bigint::BigInt;
use num_rational::BigRational;
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::collections::{BTreeMap, HashMap};

/// One step. Amounts are drawn up front and adapted to the state when the step runs, so any
/// subsequence of steps is still a valid run (that is what makes shrinking possible).
#[derive(Clone, Debug)]
pub enum Op {
    Deposit { wallet: usize, amount: u64 },
    Withdraw { wallet: usize, per_mille: u64 },
    Pnl { winner: usize, loser: usize, per_mille_of_equity: u64 },
    /// Anyone (a trader or a staker, by index over both) resolves every pending loss.
    Resolve { resolver: usize },
    /// Someone resolves a position that is not bankrupt: a no-op that must succeed.
    ResolveIdle { resolver: usize, wallet: usize },
    /// One liquidation filled as `fills` fills (1..=5) against random winners in random order,
    /// then resolved once: one loss event, every wallet charged the same fraction.
    Liquidation { loser: usize, winners: [usize; 5], fills: usize, per_mille_of_equity: u64 },
    Settle { wallet: usize },
    /// The clearing authority locks part of a position's principal behind open exposure.
    Margin { wallet: usize, per_mille: u64 },
    Release { wallet: usize },
    Warp { secs: i64 },
    /// A quiet hour: time passes and every wallet that can releases its profit. The next loss
    /// then finds little at-risk profit and reaches the haircut tier.
    Quiet,
    Stake { staker: usize, amount: u64 },
    RequestUnstake { staker: usize, per_mille: u64 },
    CancelUnstake { staker: usize },
    Unstake { staker: usize },
    Fund { amount: u64 },
    Sweep,
}

#[derive(Clone, Copy, Debug)]
pub struct SimConfig {
    pub wallets: usize,
    pub stakers: usize,
    pub ops: usize,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig { wallets: 20, stakers: 3, ops: 2_000 }
    }
}

pub fn generate(seed: u64, config: SimConfig) -> Vec<Op> {
    let mut rng = Rng::new(seed);
    let w = config.wallets as u64;
    let s = config.stakers as u64;
    (0..config.ops)
        .map(|_| {
            let wallet = rng.below(w) as usize;
            let staker = rng.below(s) as usize;
            match rng.below(100) {
                0..=14 => Op::Deposit { wallet, amount: rng.amount(5_000_000_000) },
                15..=24 => Op::Withdraw { wallet, per_mille: 1 + rng.below(1_000) },
                25..=49 => Op::Pnl {
                    winner: wallet,
                    loser: rng.below(w) as usize,
                    // Up to 1.6x the loser's equity: about a quarter of trades bankrupt it.
                    per_mille_of_equity: 1 + rng.below(1_600),
                },
                50..=53 => Op::Resolve { resolver: rng.below(w + s) as usize },
                54..=55 => Op::ResolveIdle { resolver: rng.below(w + s) as usize, wallet },
                56..=57 => Op::Liquidation {
                    loser: wallet,
                    winners: std::array::from_fn(|_| rng.below(w) as usize),
                    fills: 1 + rng.below(5) as usize,
                    per_mille_of_equity: 500 + rng.below(2_500),
                },
                58..=72 => Op::Settle { wallet },
                73..=79 => Op::Release { wallet },
                80 => Op::Warp { secs: rng.below(7_200) as i64 },
                // Days: unstake requests unlock, are used within their window, or lapse.
                81 => Op::Warp { secs: 86_400 + rng.below(9 * 86_400) as i64 },
                82..=83 => Op::Margin { wallet, per_mille: rng.below(1_200) },
                84 => Op::Quiet,
                85..=88 => Op::Stake { staker, amount: rng.amount(2_000_000_000) },
                89..=91 => Op::RequestUnstake { staker, per_mille: 1 + rng.below(1_000) },
                92 => Op::CancelUnstake { staker },
                93..=95 => Op::Unstake { staker },
                96..=97 => Op::Fund { amount: rng.amount(500_000_000) },
                _ => Op::Sweep,
            }
        })
        .collect()
}

/// What a run did.
#[derive(Clone, Debug, Default)]
pub struct SimReport {
    pub steps: usize,
    pub transactions: usize,
    pub refused: BTreeMap<String, usize>,
    pub loss_events: u64,
    pub shortfall_total: u128,
    pub insurance_paid: u128,
    pub clawed_back: u128,
    pub haircut: u128,
    pub dust_to_insurance: u128,
    pub settlements_checked: usize,
    /// Largest charge above the exact share seen in any settlement, in base units.
    pub max_overcharge: f64,
    /// Resolutions checked against the holdings snapshotted at their bankruptcy.
    pub windows_checked: usize,
    /// Operations refused because a loss was pending (they ran after the resolution instead).
    pub refused_in_window: usize,
    pub idle_resolutions: usize,
    /// Liquidations booked as several fills, each checked to charge every holder of at-risk
    /// profit the same fraction (within the rounding rule) in one loss event.
    pub split_liquidations: usize,
    pub liquidation_fills: usize,
    /// Releases checked to hold back no profit older than the maturity period plus one slot.
    pub releases_checked: usize,
    /// Unstakes refused because their request had lapsed, and paid within their window.
    pub lapsed_unstakes: usize,
    pub unstakes_paid: usize,
}

fn rat(n: u64) -> BigRational {
    BigRational::from_integer(BigInt::from(n))
}

/// The fairness model: each wallet's exact (unrounded) profit and principal since its last
/// settlement.
#[derive(Clone, Default)]
struct Exact {
    profit: BigRational,
    principal: BigRational,
}

/// What the market looked like when a position went bankrupt.
#[derive(Clone)]
struct WindowSnapshot {
    bankrupt: Pubkey,
    holdings: Vec<(u64, u64)>,
    profit_total: u64,
    principal_total: u64,
    fund: InsuranceFund,
    event_cap: EventCapWindow,
}

/// The ledger rebuilt from events alone.
#[derive(Default)]
struct Ledger {
    positions: HashMap<Pubkey, PositionBalances>,
    totals: Option<MarketTotals>,
    fund_balance: u64,
    total_shares: u128,
    stakes: HashMap<Pubkey, (u128, u128, i64)>,
}

pub struct Sim {
    pub env: TestEnv,
    wallets: Vec<Wallet>,
    stakers: Vec<Wallet>,
    owner_of: HashMap<Pubkey, Pubkey>,
    exact: HashMap<Pubkey, Exact>,
    ledger: Ledger,
    window: Option<WindowSnapshot>,
    /// Each wallet's gains (time, amount) of the last maturity period and slot.
    gains: HashMap<Pubkey, Vec<(i64, u64)>>,
    /// The bank clock when the last resolving transaction was sent.
    resolved_at: i64,
    pub report: SimReport,
}

type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

impl Sim {
    pub async fn start(config: SimConfig) -> Self {
        // Short unstake delays and windows, so that within a run requests unlock, are used inside
        // their window, and lapse.
        let params = MarketParams { unstake_delay_secs: 3_600, unstake_window_secs: 7_200, ..default_params() };
        let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
        let mut wallets = Vec::new();
        for _ in 0..config.wallets {
            let wallet = env.trader(1_000_000_000).await;
            env.mint_to(&wallet.token_account, 1_000_000_000_000).await;
            wallets.push(wallet);
        }
        let mut stakers = Vec::new();
        for _ in 0..config.stakers {
            stakers.push(env.wallet(1_000_000_000_000).await);
        }
        let mut sim = Sim {
            env,
            owner_of: HashMap::new(),
            exact: HashMap::new(),
            ledger: Ledger::default(),
            window: None,
            gains: HashMap::new(),
            resolved_at: 0,
            report: SimReport::default(),
            wallets,
            stakers,
        };
        // The ledger starts from the accounts as the setup left them; from here on it only
        // learns from events.
        for i in 0..sim.wallets.len() {
            let owner = sim.wallets[i].pubkey();
            let key = sim.env.keys.position(&owner);
            let position = sim.env.position(&owner).await;
            sim.owner_of.insert(key, owner);
            sim.ledger.positions.insert(key, position.balances(key));
            sim.exact.insert(key, Exact { profit: rat(0), principal: rat(position.principal) });
        }
        sim.ledger.totals = Some(sim.env.market().await.totals());
        sim
    }

    /// Send and feed the events to the ledger and the fairness model.
    async fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> Result<TxResult, String> {
        let result = self.env.send(instructions, signers).await;
        self.report.transactions += 1;
        if let Ok(outcome) = &result {
            self.absorb_events(&outcome.logs)?;
        }
        Ok(result)
    }

    /// Send an instruction whose outcome the current state decides: success, or exactly
    /// `expected`.
    async fn expect(
        &mut self,
        instruction: Instruction,
        signer: Option<&Keypair>,
        expected: Option<LmError>,
    ) -> Check {
        let signers: Vec<&Keypair> = signer.into_iter().collect();
        let result = self.send(&[instruction], &signers).await?;
        match expected {
            None => ensure!(result.is_ok(), "expected success, got {:?}", result.err().map(|f| f.error)),
            Some(error) => {
                ensure!(
                    custom_error(&result) == Some(error_code(error)),
                    "expected {error:?}, got {:?}",
                    result.as_ref().err().map(|f| &f.error)
                );
                *self.report.refused.entry(format!("{error:?}")).or_default() += 1;
                if matches!(error, LmError::LossResolutionPending) {
                    self.report.refused_in_window += 1;
                }
            }
        }
        Ok(())
    }

    fn absorb_events(&mut self, logs: &[String]) -> Check {
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

    fn set_position(&mut self, balances: PositionBalances, totals: MarketTotals) {
        let exact = self.exact.entry(balances.position).or_default();
        exact.profit = rat(balances.realized_pnl.max(0) as u64);
        exact.principal = rat(balances.principal);
        self.ledger.positions.insert(balances.position, balances);
        self.ledger.totals = Some(totals);
    }

    /// A resolution against the market as it stood at the bankruptcy (see the module docs).
    fn check_resolution(&mut self, e: &ShortfallResolved) -> Check {
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
    fn check_settlement(&mut self, e: &PositionSettled) -> Check {
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
                self.expect(ix::settle_clawback(&k, &w.pubkey()), Some(&w), None).await
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
                let maturity = market.profit_maturity_secs;
                let horizon = maturity + (maturity + MATURITY_SLOTS - 1) / MATURITY_SLOTS;
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
                self.env.warp(maturity + (maturity + MATURITY_SLOTS - 1) / MATURITY_SLOTS).await;
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
                } else if stake.has_live_unstake(&fund, now) {
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
                } else if now < stake.unstake_unlock_at {
                    Some(LmError::UnstakeLocked)
                } else if now >= stake.unstake_expires_at {
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
        }
    }

    /// A trader or a staker, by index over both: the resolution needs no authority.
    fn resolver(&self, index: usize) -> Keypair {
        let all = self.wallets.len() + self.stakers.len();
        let index = index % all;
        match self.wallets.get(index) {
            Some(wallet) => wallet.keypair.insecure_clone(),
            None => self.stakers[index - self.wallets.len()].keypair.insecure_clone(),
        }
    }

    /// Every wallet's holdings after pending charges: (at-risk profit, principal).
    async fn holdings(&self) -> Result<Vec<(u64, u64)>, String> {
        let market = self.env.market().await;
        let mut holdings = Vec::with_capacity(self.wallets.len());
        for wallet in &self.wallets {
            let position = self.env.position(&wallet.pubkey()).await;
            let (clawback, haircut) = position.pending_charges(&market).map_err(|e| e.to_string())?;
            holdings.push((position.at_risk_profit() - clawback, position.principal - haircut));
        }
        Ok(holdings)
    }

    /// A trade from the clearing authority. While a loss is pending only the liquidation in
    /// progress books (its loser, within its window, within its shortfall bound). When a fill
    /// makes the loser bankrupt, or adds to its liquidation, the market is snapshotted for the
    /// window check: only the liquidation's own fills may change holdings until it is resolved.
    async fn trade(&mut self, winner: usize, loser: usize, per_mille_of_equity: u64) -> Check {
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
        let expected = if market.pending_shortfall > 0 {
            if k.position(&lk) != market.pending_position || now >= market.liquidation_ends_at {
                Some(LmError::LossResolutionPending)
            } else if position.shortfall() as u128 + amount as u128 > market.shortfall_bound(market.pending_collateral) as u128 {
                Some(LmError::ShortfallAboveBound)
            } else {
                None
            }
        } else if amount > claim && amount - claim > market.shortfall_bound(claim) {
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
    async fn resolve_pending(&mut self, resolver: usize) -> Check {
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
            let ix = ix::resolve_shortfall(&k, &signer.pubkey(), &owner, position.shortfall_count);
            let holdings_before = self.holdings().await?;
            self.resolved_at = self.env.now().await;
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

    /// One loss event charges every holder of at-risk profit the same fraction: each wallet's
    /// new clawback is within two units of `held * clawback / pool`, its exact share of the
    /// event (less than one below it, from the rounding of `held` itself, and less than two
    /// above it, from the rounding rule).
    async fn check_same_fraction(&mut self, record: &ShortfallRecord, holdings_before: &[(u64, u64)]) -> Check {
        if record.socialized == 0 {
            return Ok(());
        }
        let market = self.env.market().await;
        for (i, wallet) in self.wallets.iter().enumerate() {
            let held = holdings_before[i].0;
            let position = self.env.position(&wallet.pubkey()).await;
            let (clawback, _) = position.pending_charges(&market).map_err(|e| e.to_string())?;
            let earlier = position.at_risk_profit() - held; // charges of earlier events, still pending
            let charge = clawback - earlier;
            let exact = rat(held) * rat(record.socialized) / rat(record.at_risk_profit_before);
            ensure!(rat(charge + 1) > exact && rat(charge) < exact.clone() + rat(2), "wallet {i} charged {charge} for an exact share of {exact}");
        }
        Ok(())
    }

    async fn stake_of(&self, staker: &Pubkey) -> Option<InsuranceStake> {
        let account = self.env.account(&self.env.keys.stake(staker)).await?;
        anchor_lang::AccountDeserialize::try_deserialize(&mut account.data.as_slice()).ok()
    }

    /// Resolve every open shortfall, settle every wallet, sweep the dust, and check that every
    /// socialized loss was charged in full with the excess in the insurance fund.
    pub async fn finish(&mut self) -> Check {
        self.step(&Op::Resolve { resolver: 0 }).await?;
        for wallet in 0..self.wallets.len() {
            self.step(&Op::Settle { wallet }).await?;
        }
        self.step(&Op::Sweep).await?;
        self.check_invariants().await?;
        let market = self.env.market().await;
        let fund = self.env.fund().await;
        let events = self.report.loss_events.max(1) as u128;
        let wallets = self.wallets.len() as u128;
        let mut dust = 0;
        for (name, pool) in [("clawback", market.profit_pool), ("haircut", market.principal_pool)] {
            ensure!(pool.collected >= pool.socialized, "{name}: charged {} below socialized {}", pool.collected, pool.socialized);
            ensure!(pool.collected == pool.socialized + pool.dust_released, "{name}: excess not all released as dust");
            ensure!(pool.dust_released < 2 * wallets * events, "{name}: dust {} too large", pool.dust_released);
            dust += pool.dust_released;
        }
        ensure!(market.dust_pending == 0 && fund.lifetime_dust_received == dust, "dust {dust} not all in the insurance fund");
        ensure!(dust == self.report.dust_to_insurance, "dust events {} != released {dust}", self.report.dust_to_insurance);
        ensure!(
            self.report.insurance_paid + self.report.clawed_back + self.report.haircut == self.report.shortfall_total,
            "a shortfall was not fully assigned"
        );
        ensure!(market.pending_shortfall == 0, "unassigned shortfall left");
        // Everyone settled: the vault holds exactly what positions can claim.
        let mut claims = 0u128;
        for wallet in &self.wallets {
            claims += self.env.claim_of(&wallet.pubkey()).await as u128;
        }
        ensure!(self.env.vault_balance().await as u128 == claims, "vault != claims after everyone settled");
        Ok(())
    }
}

/// A failed run: where, and why.
#[derive(Clone, Debug)]
pub struct SimFailure {
    pub step: usize,
    pub message: String,
}

/// Run `ops` on a fresh market, checking the invariants after every step, then `finish`.
pub async fn run(config: SimConfig, ops: Vec<Op>) -> Result<SimReport, SimFailure> {
    // A panic inside the harness is a failure too (shrinking needs it as a value).
    let handle = tokio::spawn(async move {
        let mut sim = Sim::start(config).await;
        for (i, op) in ops.iter().enumerate() {
            if let Err(message) = sim.step(op).await {
                return Err(SimFailure { step: i, message: format!("{op:?}: {message}") });
            }
            if let Err(message) = sim.check_invariants().await {
                return Err(SimFailure { step: i, message: format!("after {op:?}: {message}") });
            }
            sim.report.steps += 1;
        }
        sim.finish().await.map_err(|message| SimFailure { step: ops.len(), message: format!("at the end: {message}") })?;
        Ok(sim.report)
    });
    match handle.await {
        Ok(result) => result,
        Err(e) => Err(SimFailure { step: usize::MAX, message: format!("panic: {e}") }),
    }
}

/// Shorten a failing sequence (delta debugging): drop chunks while it still fails.
pub async fn shrink(config: SimConfig, mut ops: Vec<Op>, max_runs: usize) -> Vec<Op> {
    let mut chunk = ops.len() / 2;
    let mut runs = 0;
    while chunk >= 1 && runs < max_runs {
        let mut start = 0;
        let mut removed = false;
        while start < ops.len() && runs < max_runs {
            let end = (start + chunk).min(ops.len());
            let candidate: Vec<Op> = ops[..start].iter().chain(&ops[end..]).cloned().collect();
            runs += 1;
            if run(config, candidate.clone()).await.is_err() {
                ops = candidate;
                removed = true;
            } else {
                start += chunk;
            }
        }
        if !removed {
            chunk /= 2;
        }
    }
    ops
}

/// Run one seed; on failure, shrink and describe the shortest reproduction.
pub async fn run_seed(seed: u64, config: SimConfig) -> Result<SimReport, String> {
    let ops = generate(seed, config);
    match run(config, ops.clone()).await {
        Ok(report) => Ok(report),
        Err(failure) => {
            let shortest = shrink(config, ops, 300).await;
            let reproduced = run(config, shortest.clone()).await.err();
            Err(format!(
                "seed {seed} failed at step {}: {}\nshortest reproduction ({} ops): {:#?}\nits failure: {:?}",
                failure.step,
                failure.message,
                shortest.len(),
                shortest,
                reproduced
            ))
        }
    }
}
