//! The randomized solvency simulation, short CI setting. Longer runs:
//! `LM_SIM_SEEDS=1..=50 LM_SIM_OPS=5000 cargo test --release -p lm-runtime-tests simulation`
//! or the `simulate` binary.

use lm_runtime_tests::sim::{run_seed, SimConfig};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn randomized_solvency_simulation() {
    let seeds: Vec<u64> = match std::env::var("LM_SIM_SEEDS") {
        Ok(text) => match text.split_once("..=") {
            Some((a, b)) => (a.parse().unwrap()..=b.parse().unwrap()).collect(),
            None => text.split(',').map(|s| s.trim().parse().unwrap()).collect(),
        },
        Err(_) => vec![1, 2, 3],
    };
    let ops = std::env::var("LM_SIM_OPS").map(|v| v.parse().unwrap()).unwrap_or(2_000);
    let config = SimConfig { ops, ..SimConfig::default() };
    assert!(config.wallets >= 20 && config.ops >= 2_000 || std::env::var("LM_SIM_OPS").is_ok());
    for seed in seeds {
        let report = run_seed(seed, config).await.unwrap_or_else(|failure| panic!("{failure}"));
        println!("seed {seed}: {report:?}");
        assert_eq!(report.steps, ops);
        assert!(report.loss_events > 0, "seed {seed} produced no loss event");
        assert!(report.settlements_checked > 0);
        assert!(report.max_overcharge < 2.0);
        // The pending-loss window is exercised: resolutions checked against the holdings at
        // their bankruptcy, operations refused inside a window, idle and split resolutions.
        assert!(report.windows_checked > 0 && report.windows_checked as u64 == report.loss_events);
        assert!(report.refused_in_window > 0, "seed {seed}: nothing was tried inside a window");
        assert!(report.idle_resolutions > 0 && report.split_liquidations > 0, "seed {seed}: {report:?}");
        // Issue 15's rules are exercised: liquidations booked as several fills (each checked to
        // charge everyone the same fraction), releases checked against per-gain maturity.
        assert!(report.liquidation_fills > 0 && report.releases_checked > 0, "seed {seed}: {report:?}");
        // Unstake windows: requests used inside their window and requests that lapsed.
        assert!(report.lapsed_unstakes > 0 && report.unstakes_paid > 0, "seed {seed}: {report:?}");
        // Pauses: Settle holds every settlement, halted time moves unstake requests exactly.
        assert!(report.pause_interludes > 0, "seed {seed}: {report:?}");
    }
}
