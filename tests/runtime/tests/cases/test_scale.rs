//! O(1) per instruction, measured where it is exact: on the bytecode, a loss event
//! (`resolve_shortfall`) and a wallet's settlement cost the same compute units with 10 or 2,000
//! positions holding the same totals (`scripts/bench.sh` does the same up to 100,000).

use lm_runtime_tests::*;

/// The compute units of three loss events and the settlement after each, with `n` positions
/// sharing 1,000 tokens of principal and 100 of at-risk profit.
async fn costs(n: u64) -> Vec<(u64, u64)> {
    let ScaleMarket { mut env, settler, feeder } = ScaleMarket::start(n, 1_000_000_000, 100_000_000).await;
    let k = env.keys;
    let keeper = env.wallet(0).await;
    let mut costs = vec![];
    for _ in 0..3 {
        // 1,200,000 lost against 1,000,000: 200,000 clawed back (the fund is empty).
        let loser = env.trader(1_000_000).await;
        env.apply_pnl(&feeder.pubkey(), &loser.pubkey(), 1_200_000).await.unwrap();
        env.end_liquidation_window().await;
        let resolve = ix::resolve_shortfall(&k, &keeper.pubkey(), &loser.pubkey(), 0);
        let resolved = env.send(&[resolve], &[&keeper.keypair]).await.unwrap();
        let settled = env.send(&[ix::settle(&k, &settler.pubkey())], &[&settler.keypair]).await.unwrap();
        let (r, s) = (program_compute_units(&resolved.logs), program_compute_units(&settled.logs));
        assert_eq!((r.len(), s.len()), (1, 1), "one metered call each (bytecode only)");
        costs.push((r[0], s[0]));
    }
    env.assert_solvent(&[settler.pubkey(), feeder.pubkey()]).await;
    costs
}

#[tokio::test]
async fn a_loss_event_and_a_settlement_cost_the_same_with_10_or_2000_positions() {
    let (few, many) = (costs(10).await, costs(2_000).await);
    // Equal up to a few dozen units: the wallets' keys are random, and a few steps cost more or
    // less with their bytes (two benchmark runs at the same size, with other keys, differed by
    // 69 to 88 units). Anything that visited positions would cost thousands more at 2,000.
    for ((r1, s1), (r2, s2)) in few.iter().zip(&many) {
        assert!(r1.abs_diff(*r2) <= 200 && s1.abs_diff(*s2) <= 200, "compute units (resolve, settle): {few:?} with 10, {many:?} with 2,000");
    }
    assert!(few.iter().all(|&(r, s)| r > 10_000 && s > 1_000), "{few:?}");
}

