//! Randomized solvency simulation (see `lm_runtime_tests::sim`).
//!
//! cargo run --release -p lm-runtime-tests --bin simulate -- [--seeds 1..=20] [--ops 2000] [--wallets 20]

use lm_runtime_tests::sim::{run_seed, SimConfig};

fn parse_seeds(text: &str) -> Vec<u64> {
    if let Some((a, b)) = text.split_once("..=") {
        (a.parse().unwrap()..=b.parse().unwrap()).collect()
    } else {
        text.split(',').map(|s| s.trim().parse().unwrap()).collect()
    }
}

#[tokio::main]
async fn main() {
    let mut seeds = vec![1, 2, 3];
    let mut config = SimConfig::default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        match (pair[0].as_str(), pair.get(1)) {
            ("--seeds", Some(v)) => seeds = parse_seeds(v),
            ("--ops", Some(v)) => config.ops = v.parse().unwrap(),
            ("--wallets", Some(v)) => config.wallets = v.parse().unwrap(),
            _ => panic!("usage: simulate [--seeds 1..=20|1,2,3] [--ops N] [--wallets N]"),
        }
    }
    let mut failures = 0;
    let (mut ops, mut txs, mut events, mut checked) = (0, 0, 0, 0);
    for seed in seeds {
        let started = std::time::Instant::now();
        match run_seed(seed, config).await {
            Ok(r) => {
                println!(
                    "seed {seed}: {} ops, {} txs, {} loss events (shortfall {}: insurance {}, clawback {}, haircut {}), dust to fund {}, {} settlements checked, max overcharge {:.3} units, {} windows checked, {} refused inside a window, {} idle resolutions, {} split liquidations, refusals {:?}, {:.1}s",
                    r.steps, r.transactions, r.loss_events, r.shortfall_total, r.insurance_paid, r.clawed_back,
                    r.haircut, r.dust_to_insurance, r.settlements_checked, r.max_overcharge, r.windows_checked,
                    r.refused_in_window, r.idle_resolutions, r.split_liquidations, r.refused,
                    started.elapsed().as_secs_f64()
                );
                ops += r.steps;
                txs += r.transactions;
                events += r.loss_events;
                checked += r.settlements_checked;
            }
            Err(report) => {
                failures += 1;
                println!("{report}");
            }
        }
    }
    println!("total: {ops} ops, {txs} transactions, {events} loss events, {checked} settlements checked, {failures} invariant violations");
    if failures > 0 {
        std::process::exit(1);
    }
}
