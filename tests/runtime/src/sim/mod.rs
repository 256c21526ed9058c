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
//! loss the pools absorbed, exceed it by less than 2 base units per wallet per event, and the excess is
//! in the insurance fund.

//!
//! Governance: random changes are proposed, cancelled and applied; each applies only after its
//! notice, with exactly its effect, and the oracles above keep holding under the new rules
//! (`governance.rs`).
//!
//! Layout: `ops.rs` (the operations, their generator and the report), `steps.rs` (what each
//! operation sends and the exact outcome it expects), `oracles.rs` (the ledger rebuilt from
//! events and the invariants checked after every step), `governance.rs` (changes with notice),
//! and here the run itself.

use crate::env::*;
use crate::ix;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::math::insurance_shares::shares_for_deposit;
use loss_mutualization::math::maturity::MATURITY_SLOTS;
use loss_mutualization::state::*;
use num_bigint::BigInt;
use num_rational::BigRational;
use solana_keypair::Keypair;
use solana_signer::Signer;
use std::collections::HashMap;

type Check = Result<(), String>;

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

mod governance;
mod ops;
mod oracles;
mod steps;

pub use ops::{generate, Op, SimConfig, SimReport};

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
    /// The time the last resolution drew the insurance fund as of: its bankruptcy.
    resolved_at: i64,
    /// Changes proposed and not yet applied or cancelled.
    changes: Vec<governance::Proposed>,
    /// After a change of the maturity period: until when gains booked under the old period may
    /// still be maturing, and its horizon.
    old_horizon: (i64, i64),
    pub report: SimReport,
}

impl Sim {
    pub async fn start(config: SimConfig) -> Self {
        // A short unstake delay and the shortest window, so that within a run requests unlock,
        // are used inside their window, and lapse.
        // Three days' notice (the floor is two days beyond the hour-long delay), so that proposed
        // changes apply within a run.
        let params = MarketParams { unstake_delay_secs: 3_600, unstake_window_secs: 86_400, notice_secs: 3 * 86_400, ..default_params() };
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
            changes: Vec::new(),
            old_horizon: (0, 0),
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
    async fn stake_of(&self, staker: &Pubkey) -> Option<InsuranceStake> {
        let account = self.env.account(&self.env.keys.stake(staker)).await?;
        anchor_lang::AccountDeserialize::try_deserialize(&mut account.data.as_slice()).ok()
    }

    /// Resolve every open shortfall, settle every wallet, sweep the dust, and check that every
    /// absorbed loss was charged in full with the excess in the insurance fund.
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
            ensure!(pool.collected >= pool.absorbed, "{name}: charged {} below absorbed {}", pool.collected, pool.absorbed);
            ensure!(pool.collected == pool.absorbed + pool.dust_released, "{name}: excess not all released as dust");
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
