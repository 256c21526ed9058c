//! The operations of the simulation, their seeded generator, and what a run reports.

use super::governance::random_params_change;
use loss_mutualization::math::check::Rng;
use loss_mutualization::state::ParamsChange;
use std::collections::BTreeMap;

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
    /// The risk authority pauses Settle and Unstake for `secs`, then the admin lifts it: inside,
    /// nothing settles (a wallet's deposit with a charge due is refused, no dust is released),
    /// and afterwards every unstake request's unlock and lapse have moved by the halted time.
    PauseInterlude { wallet: usize, staker: usize, secs: i64 },
    /// A quiet hour: time passes and every wallet that can releases its profit. The next loss
    /// then finds little at-risk profit and reaches the haircut tier.
    Quiet,
    Stake { staker: usize, amount: u64 },
    RequestUnstake { staker: usize, per_mille: u64 },
    CancelUnstake { staker: usize },
    Unstake { staker: usize },
    Fund { amount: u64 },
    /// A staker requests unstaking all its shares, waits `wait_secs`, and collects: refused
    /// while locked, paid inside its window, refused once the request has lapsed.
    UnstakeCycle { staker: usize, wait_secs: i64 },
    Sweep,
    /// The admin proposes a parameter change, or new risk and clearing authorities.
    Propose { change: ParamsChange, authorities: bool },
    /// Someone applies the `pick`-th pending change (refused with the rule it waits for).
    ApplyChange { pick: usize, resolver: usize },
    /// The admin cancels the `pick`-th pending change.
    CancelChange { pick: usize },
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
            match rng.below(104) {
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
                58..=71 => Op::Settle { wallet },
                72 => Op::PauseInterlude { wallet, staker, secs: rng.below(2 * 86_400) as i64 },
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
                96 => Op::Fund { amount: rng.amount(500_000_000) },
                // Up to 36 h: with the sim's 1 h delay and 1 day window, locked, paid or lapsed.
                97 => Op::UnstakeCycle { staker, wait_secs: rng.below(36 * 3_600) as i64 },
                98..=99 => Op::Sweep,
                100 => Op::Propose { change: random_params_change(&mut rng), authorities: rng.below(5) == 0 },
                101..=102 => Op::ApplyChange { pick: rng.below(8) as usize, resolver: rng.below(w + s) as usize },
                _ if rng.below(3) == 0 => Op::CancelChange { pick: rng.below(8) as usize },
                _ => Op::ApplyChange { pick: rng.below(8) as usize, resolver: rng.below(w + s) as usize },
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
    /// Pauses of Settle and Unstake checked to hold every settlement and to move unstake
    /// requests by exactly the paused time.
    pub pause_interludes: usize,
    /// Changes proposed (and accepted as well-formed), applied after their notice, cancelled.
    pub changes_proposed: usize,
    pub changes_applied: usize,
    pub changes_cancelled: usize,
}
