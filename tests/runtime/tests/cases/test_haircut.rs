//! The last tier: a loss larger than all at-risk profit haircuts every deposit pro rata.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;

#[tokio::test]
async fn loss_beyond_at_risk_profit_haircuts_every_deposit_pro_rata() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let a = env.trader(1_000).await;
    let b = env.trader(3_000).await;
    let c = env.trader(6_001).await;
    let winner = env.trader(0).await;
    let loser = env.trader(500).await;
    let owners: Vec<_> = [&a, &b, &c, &winner, &loser].iter().map(|w| w.pubkey()).collect();

    // The loser loses 2_000 with 500 of collateral: a 1_500 shortfall.
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 2_000).await.unwrap();
    // Withdrawals wait while the loss is unassigned.
    env.expect_rejected(
        &[ix::withdraw(&k, &a.pubkey(), &a.token_account, 1)],
        &[&a.keypair],
        LmError::LossResolutionPending,
        &[k.position(&a.pubkey())],
    )
    .await;
    // The program refuses `release_profit` here (the loss is pending), so the winner's profit
    // always covers the shortfall. To test the backstop, the accounts are written as if the
    // winner had released its profit inside the window (as the program before issue 8 allowed):
    // the clawback tier is empty when the loss is assigned.
    env.warp(MATURED_AFTER).await;
    env.expect_rejected(
        &[ix::release_profit(&k, &winner.pubkey())],
        &[&winner.keypair],
        LmError::LossResolutionPending,
        &[k.position(&winner.pubkey())],
    )
    .await;
    env.force_release_profit(&winner.pubkey(), 2_000).await;
    let market = env.market().await;
    assert_eq!((market.profit_pool.total, market.principal_pool.total), (0, 12_001));

    let (record, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let outcome = outcome.unwrap();
    // The haircut tier's cost on bytecode (README, "Compute units"); env.send checks the budget.
    if let Some(units) = outcome.compute_units {
        println!("CU resolve_shortfall, haircut tier: {units} (transaction)");
    }
    let resolved: ShortfallResolved = event(&outcome);
    assert_eq!(resolved.insurance_paid, 0, "empty fund pays nothing");
    assert_eq!((resolved.clawback, resolved.haircut), (0, 1_500));
    assert_eq!(resolved.principal_before, 12_001);
    let record = env.record(&record).await;
    assert_eq!((record.insurance_paid, record.clawback, record.haircut), (0, 0, 1_500));
    env.assert_solvent(&owners).await;

    // Each deposit pays 1_500 * principal / 12_001, rounded up.
    let market = env.market().await;
    let expected = [(&a, 1_000u64, 125u64), (&b, 3_000, 375), (&c, 6_001, 751), (&winner, 2_000, 250)];
    for (wallet, _, haircut) in expected {
        assert_eq!(env.position(&wallet.pubkey()).await.pending_charges(&market).unwrap(), (0, haircut));
    }
    env.expect_rejected(
        &[ix::withdraw(&k, &b.pubkey(), &b.token_account, 1)],
        &[&b.keypair],
        LmError::ClawbackPending,
        &[k.position(&b.pubkey()), b.token_account],
    )
    .await;
    let mut charged = 0;
    for (wallet, principal, haircut) in expected {
        let out = env.send(&[ix::settle(&k, &wallet.pubkey())], &[&wallet.keypair]).await.unwrap();
        if let Some(units) = out.compute_units {
            println!("CU settle with a haircut: {units} (transaction)");
        }
        let settled: PositionSettled = event(&out);
        assert_eq!((settled.clawback_charged, settled.haircut_charged), (0, haircut));
        let position = env.position(&wallet.pubkey()).await;
        assert_eq!(position.principal, principal - haircut);
        assert_eq!(position.lifetime_haircut_paid, haircut as u128);
        charged += haircut;
    }
    // 1_501 charged for a 1_500 loss: the unit of rounding goes to the insurance fund.
    assert_eq!(charged, 1_501);
    assert_eq!(env.market().await.dust_pending, 1);
    env.send(&[ix::sweep_dust(&k)], &[]).await.unwrap();
    assert_eq!(env.fund().await.balance, 1);

    // After settling, B withdraws exactly what is left of its deposit, and no more.
    env.expect_rejected(
        &[ix::withdraw(&k, &b.pubkey(), &b.token_account, 2_626)],
        &[&b.keypair],
        LmError::InsufficientPrincipal,
        &[k.position(&b.pubkey()), b.token_account],
    )
    .await;
    env.send(&[ix::withdraw(&k, &b.pubkey(), &b.token_account, 2_625)], &[&b.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&b.token_account).await, 2_625);
    env.assert_solvent(&owners).await;
    // Every remaining claim is backed exactly by the vault.
    let mut claims = 0;
    for owner in &owners {
        claims += env.claim_of(owner).await;
    }
    assert_eq!(env.vault_balance().await, claims);
}

#[tokio::test]
async fn loss_split_between_clawback_and_haircut() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let saver = env.trader(10_000).await;
    let early = env.trader(0).await;
    let late = env.trader(0).await;
    let loser = env.trader(1_030).await;
    // `early` wins 1_000 within the loser's collateral, and its profit matures.
    env.apply_pnl(&early.pubkey(), &loser.pubkey(), 1_000).await.unwrap();
    env.warp(MATURED_AFTER).await;
    // `early` releases its matured profit into principal; `late` wins 2_000 from `saver`.
    env.send(&[ix::release_profit(&k, &early.pubkey())], &[&early.keypair]).await.unwrap();
    env.apply_pnl(&late.pubkey(), &saver.pubkey(), 2_000).await.unwrap();
    // `late` wins 3_030 from the loser's last 30: a 3_000 shortfall (within the bound of 100x
    // the 30 behind it); its at-risk profit is 5_030, which covers it (the program refuses any
    // release until the loss is assigned). To test the split, the accounts are written as if
    // `late` had released 3_030 of it.
    env.apply_pnl(&late.pubkey(), &loser.pubkey(), 3_030).await.unwrap();
    assert_eq!(env.market().await.profit_pool.total, 5_030);
    env.force_release_profit(&late.pubkey(), 3_030).await;
    let market = env.market().await;
    assert_eq!((market.profit_pool.total, market.principal_pool.total), (2_000, 12_030));

    let (record, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    // 2_000 clawed back from `late` (all its at-risk profit), 1_000 haircut over 12_030 of
    // principal (saver 8_000, late 3_030, early 1_000), each rounded up (251.87, 665.004, 83.13).
    assert_eq!((resolved.clawback, resolved.haircut), (2_000, 1_000));
    let market = env.market().await;
    assert_eq!(env.position(&late.pubkey()).await.pending_charges(&market).unwrap(), (2_000, 252));
    assert_eq!(env.position(&saver.pubkey()).await.pending_charges(&market).unwrap(), (0, 666));
    assert_eq!(env.position(&late.pubkey()).await.principal, 3_030);
    assert_eq!(env.position(&early.pubkey()).await.pending_charges(&market).unwrap(), (0, 84));
    let record = env.record(&record).await;
    assert_eq!(record.clawback + record.haircut + record.insurance_paid, record.shortfall);
}
