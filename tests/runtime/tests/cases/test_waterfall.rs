//! The whole waterfall with wallet-signed transactions: a bankruptcy, a partial insurance
//! draw, a clawback split among three winners with uneven profits, each wallet settling, and a
//! withdraw refused before settlement and accepted after.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::state::*;

#[tokio::test]
async fn full_waterfall_insurance_then_proportional_clawback() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000_000).await;
    let bob = env.trader(2_000_000).await;
    let carol = env.trader(3_000_000).await;
    let dave = env.trader(1_000_000).await;
    let erin = env.trader(5_000_000).await;
    let staker = env.wallet(300_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 300_000)], &[&staker.keypair])
        .await
        .unwrap();
    let owners: Vec<_> = [&alice, &bob, &carol, &dave, &erin].iter().map(|w| w.pubkey()).collect();

    // Dave loses 2_300_000 to three winners: 1_000_000 of it from his principal, 1_300_000 he
    // cannot pay. He goes bankrupt during the second fill; the third still books into the same
    // liquidation (one loss event), and everything else waits until it is resolved.
    let keeper = env.wallet(0).await;
    let vault_before = env.vault_balance().await;
    for (winner, amount) in [(&alice, 500_000), (&bob, 700_000), (&carol, 1_100_000)] {
        env.apply_pnl(&winner.pubkey(), &dave.pubkey(), amount).await.unwrap();
        let d = env.position(&dave.pubkey()).await;
        if d.status != PositionStatus::Bankrupt {
            continue;
        }
        assert_eq!(d.principal, 0);
        assert_eq!(env.market().await.pending_shortfall, d.shortfall());
        env.assert_solvent(&owners).await;
        // While the loss is unassigned nobody withdraws, not even the bystander.
        env.expect_rejected(
            &[ix::withdraw(&k, &erin.pubkey(), &erin.token_account, 1)],
            &[&erin.keypair],
            LmError::LossResolutionPending,
            &[k.position(&erin.pubkey()), erin.token_account],
        )
        .await;
    }
    assert_eq!(env.market().await.pending_shortfall, 1_300_000);
    // Anyone resolves it after the liquidation's window: record + insurance draw + clawback in
    // one instruction. The fund pays all its 300_000; 1_000_000 is clawed back from all
    // 2_300_000 of at-risk profit.
    let (record_key, outcome) = env.resolve_by(&keeper.keypair, &dave.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    assert_eq!(record_key, k.record(&dave.pubkey(), 0));
    assert_eq!((resolved.shortfall, resolved.owner, resolved.seq), (1_300_000, dave.pubkey(), 0));
    assert_eq!((resolved.insurance_paid, resolved.fund_balance), (300_000, 0));
    assert_eq!((resolved.clawback, resolved.haircut), (1_000_000, 0));
    assert_eq!(resolved.at_risk_profit_before, 2_300_000);
    assert_eq!((resolved.resolver, resolved.event_cap_drawn), (keeper.pubkey(), 300_000));

    // The insurance draws are real transfers.
    assert_eq!(env.vault_balance().await, vault_before + 300_000);
    assert_eq!(env.insurance_vault_balance().await, 0);
    let record = env.record(&record_key).await;
    assert_eq!((record.shortfall, record.insurance_paid, record.clawback, record.haircut), (1_300_000, 300_000, 1_000_000, 0));
    assert_eq!((record.position, record.position_seq, record.resolver), (k.position(&dave.pubkey()), 0, keeper.pubkey()));
    assert_eq!(record.at_risk_profit_before, 2_300_000);
    assert_ne!(record.clawback_index_before, record.clawback_index_after);
    let d = env.position(&dave.pubkey()).await;
    assert_eq!((d.principal, d.realized_pnl, d.status, d.shortfall_count), (0, 0, PositionStatus::Active, 1));
    let market = env.market().await;
    assert_eq!(market.pending_shortfall, 0);
    assert_eq!(market.profit_pool.total, 1_300_000);
    env.assert_solvent(&owners).await;

    // Exact proportional shares, rounded up: 1_000_000 * {5, 7, 11} / 23.
    let expected = [(&alice, 217_392u64), (&bob, 304_348), (&carol, 478_261)];
    for (wallet, charge) in expected {
        let position = env.position(&wallet.pubkey()).await;
        assert_eq!(position.pending_charges(&market).unwrap(), (charge, 0));
    }

    // Alice cannot withdraw before she settles; nothing changes.
    env.expect_rejected(
        &[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 1)],
        &[&alice.keypair],
        LmError::ClawbackPending,
        &[k.position(&alice.pubkey()), alice.token_account],
    )
    .await;

    // Each winner settles with its own signature and pays its share.
    let mut total_charged = 0;
    for (wallet, charge) in expected {
        let out = env.send(&[ix::settle(&k, &wallet.pubkey())], &[&wallet.keypair]).await.unwrap();
        let settled: PositionSettled = event(&out);
        assert_eq!((settled.clawback_charged, settled.haircut_charged), (charge, 0));
        let position = env.position(&wallet.pubkey()).await;
        assert_eq!(position.lifetime_clawback_paid, charge as u128);
        assert_eq!(position.pending_charges(&env.market().await).unwrap(), (0, 0));
        total_charged += charge;
    }
    assert_eq!(env.position(&alice.pubkey()).await.realized_pnl, 500_000 - 217_392);
    assert_eq!(env.position(&bob.pubkey()).await.realized_pnl, 700_000 - 304_348);
    assert_eq!(env.position(&carol.pubkey()).await.realized_pnl, 1_100_000 - 478_261);

    // The charges cover the loss; the one unit of rounding excess goes to the insurance fund.
    assert_eq!(total_charged, 1_000_001);
    let market = env.market().await;
    assert_eq!(market.profit_pool.collected, 1_000_001);
    assert_eq!(market.profit_pool.absorbed, 1_000_000);
    assert_eq!(market.dust_pending, 1);
    let out = env.send(&[ix::sweep_dust(&k)], &[]).await.unwrap();
    let swept: DustSwept = event(&out);
    assert_eq!((swept.amount, swept.fund_balance), (1, 1));
    assert_eq!(env.insurance_vault_balance().await, 1);
    assert_eq!(env.fund().await.balance, 1);
    env.assert_solvent(&owners).await;

    // Now Alice withdraws her principal; her profit is still at risk (not withdrawable).
    env.send(&[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 1_000_000)], &[&alice.keypair])
        .await
        .unwrap();
    assert_eq!(env.token_balance(&alice.token_account).await, 1_000_000);
    env.expect_rejected(
        &[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 1)],
        &[&alice.keypair],
        LmError::InsufficientPrincipal,
        &[k.position(&alice.pubkey()), alice.token_account],
    )
    .await;
    env.expect_rejected(
        &[ix::release_profit(&k, &alice.pubkey())],
        &[&alice.keypair],
        LmError::ProfitNotMature,
        &[k.position(&alice.pubkey())],
    )
    .await;

    // After maturity the profit moves to principal and can be withdrawn in full.
    env.warp(MATURED_AFTER).await;
    let out = env.send(&[ix::release_profit(&k, &alice.pubkey())], &[&alice.keypair]).await.unwrap();
    let released: ProfitReleased = event(&out);
    assert_eq!(released.amount, 282_608);
    env.send(&[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 282_608)], &[&alice.keypair])
        .await
        .unwrap();
    assert_eq!(env.token_balance(&alice.token_account).await, 1_282_608);

    // The bystander lost nothing: no haircut was needed.
    assert_eq!(env.claim_of(&erin.pubkey()).await, 5_000_000);
    env.send(&[ix::withdraw(&k, &erin.pubkey(), &erin.token_account, 5_000_000)], &[&erin.keypair])
        .await
        .unwrap();
    assert_eq!(env.token_balance(&erin.token_account).await, 5_000_000);
    env.assert_solvent(&owners).await;

    // What is left in the vault is exactly what Bob and Carol can claim.
    let left = env.claim_of(&bob.pubkey()).await + env.claim_of(&carol.pubkey()).await;
    assert_eq!(env.vault_balance().await, left);
}

#[tokio::test]
async fn apply_pnl_settles_a_pending_clawback_before_moving_profit() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let winner = env.trader(1_000).await;
    let loser = env.trader(100).await;
    let colluder = env.trader(1_000).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 400).await.unwrap();
    let (_, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    outcome.unwrap();
    // The fund is empty: the whole 300 shortfall is clawed back from the only winner.
    assert_eq!(env.position(&winner.pubkey()).await.pending_charges(&env.market().await).unwrap(), (300, 0));

    // The clearing authority tries to move the winner's profit away before it settles: the
    // winner is settled first, in the same transaction, so the clawback is paid.
    let out = env.apply_pnl(&colluder.pubkey(), &winner.pubkey(), 100).await.unwrap();
    let settled = events::<PositionSettled>(&out.logs);
    assert_eq!(settled.len(), 1);
    assert_eq!((settled[0].owner, settled[0].clawback_charged), (winner.pubkey(), 300));
    let pnl: PnlApplied = event(&out);
    assert_eq!((pnl.loser_paid_from_profit, pnl.loser_paid_from_principal, pnl.loser_shortfall), (100, 0, 0));
    let w = env.position(&winner.pubkey()).await;
    assert_eq!((w.principal, w.realized_pnl, w.lifetime_clawback_paid), (1_000, 0, 300u128));
    assert_eq!(env.position(&colluder.pubkey()).await.realized_pnl, 100);
    let _ = k;
}
