//! Issue 15, the liquidation: one bankruptcy is one loss event whatever the number and order
//! of its fills, only the clearing authority may close it before its window ends, its shortfall
//! is bounded against the collateral behind it, and splitting a loss over sybil positions draws
//! at most the rolling-window insurance cap. Each test performs the attack and asserts what
//! users expect: exact balances, or the exact named error with nothing changed (and its
//! well-formed twin going through).

use anchor_lang::prelude::Pubkey;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::{PnlApplied, ShortfallResolved};
use loss_mutualization::state::*;

async fn clawbacks_of_five_fills(order: [usize; 5]) -> Vec<u64> {
    let mut env = TestEnv::start().await;
    let winners: Vec<Wallet> = {
        let mut w = Vec::new();
        for _ in 0..5 {
            w.push(env.trader(0).await);
        }
        w
    };
    let loser = env.trader(1_000).await;
    for i in order {
        env.apply_pnl(&winners[i].pubkey(), &loser.pubkey(), 400).await.unwrap();
    }
    assert_eq!(env.market().await.pending_shortfall, 1_000, "five fills, one pending loss");
    let (record, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    assert_eq!((resolved.shortfall, resolved.insurance_paid, resolved.clawback), (1_000, 0, 1_000));
    assert_eq!(env.record(&record).await.at_risk_profit_before, 2_000);
    let market = env.market().await;
    let mut charges = Vec::new();
    for w in &winners {
        charges.push(env.position(&w.pubkey()).await.pending_charges(&market).unwrap().0);
    }
    charges
}

/// Problem 1: booked as several fills, one bankruptcy used to become several loss events, and
/// the fill order decided who paid (230, 230, 230, 196, 115 instead of 200 each).
#[tokio::test]
async fn one_liquidation_charges_every_winner_the_same_whatever_the_fill_order() {
    let forward = clawbacks_of_five_fills([0, 1, 2, 3, 4]).await;
    let reverse = clawbacks_of_five_fills([4, 3, 2, 1, 0]).await;
    for charge in forward.iter().chain(&reverse) {
        // The exact share is 200; the rounding rule allows up to two units more.
        assert!((200..202).contains(charge), "charges {forward:?} / {reverse:?}");
    }
    assert_eq!(forward, reverse, "the order of the fills changed who pays");
}

/// The liquidation's window: a stranger cannot cut it short (a fill still to come would become
/// a second event), fills stop when it ends, and the clearing authority may close it at once.
#[tokio::test]
async fn only_the_clearing_authority_resolves_before_the_window_ends() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (a, b) = (env.trader(0).await, env.trader(0).await);
    let loser = env.trader(100).await;
    let out = env.apply_pnl(&a.pubkey(), &loser.pubkey(), 150).await.unwrap();
    let fill: PnlApplied = event(&out);
    assert_eq!((fill.liquidation_shortfall, fill.liquidation_ends_at), (50, env.now().await + 60));
    assert_eq!(fill.liquidation_shortfall_bound, 100 * 100, "100x of the 100 behind it");

    let stranger = env.wallet(0).await;
    env.expect_rejected(
        &[ix::resolve_shortfall(&k, &stranger.pubkey(), &loser.pubkey(), 0)],
        &[&stranger.keypair],
        LmError::LiquidationInProgress,
        &[k.position(&loser.pubkey()), k.record(&loser.pubkey(), 0)],
    )
    .await;
    // A second fill joins the same event; a fill against anyone else waits.
    env.apply_pnl(&b.pubkey(), &loser.pubkey(), 50).await.unwrap();
    let clearing = env.clearing.insecure_clone();
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &a.pubkey(), &b.pubkey(), 10)],
        &[&clearing],
        LmError::LossResolutionPending,
        &[k.position(&a.pubkey()), k.position(&b.pubkey())],
    )
    .await;
    // The clearing authority knows its liquidation is complete and closes it at once.
    let out = env.resolve_by(&clearing, &loser.pubkey()).await.1.unwrap();
    let resolved: ShortfallResolved = event(&out);
    assert_eq!((resolved.shortfall, resolved.at_risk_profit_before), (100, 200));
    assert_eq!(env.market().await.pending_position, Pubkey::default());

    // Past the window, fills of the liquidation are refused and anyone may resolve.
    let loser2 = env.trader(100).await;
    env.apply_pnl(&a.pubkey(), &loser2.pubkey(), 110).await.unwrap();
    env.warp(60).await;
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &b.pubkey(), &loser2.pubkey(), 10)],
        &[&clearing],
        LmError::LossResolutionPending,
        &[k.position(&loser2.pubkey()), k.position(&b.pubkey())],
    )
    .await;
    env.send(&[ix::resolve_shortfall(&k, &stranger.pubkey(), &loser2.pubkey(), 0)], &[&stranger.keypair])
        .await
        .unwrap();
    assert_eq!(env.market().await.pending_shortfall, 0);
}

/// Problem 4: a bankrupt self-trade at a manipulated price (A with 100 loses 1,000,000 to B)
/// drained a bystander's profit and the fund. The shortfall is now bounded against the
/// collateral behind it.
#[tokio::test]
async fn a_bankrupt_self_trade_is_bounded_by_the_collateral_behind_it() {
    let params = MarketParams { max_shortfall_bps: 10_000, ..default_params() }; // 1x
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    let bystander = env.trader(0).await;
    let honest_loser = env.trader(5_000).await;
    env.apply_pnl(&bystander.pubkey(), &honest_loser.pubkey(), 1_000).await.unwrap();
    let (a, b) = (env.trader(100).await, env.trader(0).await);
    let clearing = env.clearing.insecure_clone();

    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &b.pubkey(), &a.pubkey(), 1_000_000)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &[k.position(&a.pubkey()), k.position(&b.pubkey())],
    )
    .await;
    // At the bound (shortfall 100 on 100 of collateral) the fill books; one unit more does not.
    env.apply_pnl(&b.pubkey(), &a.pubkey(), 200).await.unwrap();
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &bystander.pubkey(), &a.pubkey(), 1)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &[k.position(&a.pubkey()), k.position(&bystander.pubkey())],
    )
    .await;
    let out = env.resolve_shortfall(&a.pubkey()).await.1.unwrap();
    let resolved: ShortfallResolved = event(&out);
    assert_eq!((resolved.shortfall, resolved.insurance_paid, resolved.clawback), (100, 100, 0));
    // The damage is within the bound: the fund paid 100, the bystander's 1,000 is intact, and
    // the pair turned 100 into at most 200.
    assert_eq!(env.claim_of(&bystander.pubkey()).await, 1_000);
    assert_eq!(env.claim_of(&a.pubkey()).await + env.claim_of(&b.pubkey()).await, 200);
}

/// Problem 5: the per-event insurance cap counts per position, so a loss spread over six
/// sybil positions draws six caps. The rolling-window cap is the bound splitting cannot pass.
#[tokio::test]
async fn splitting_a_loss_over_sybils_draws_at_most_the_window_cap() {
    let params = MarketParams { max_draw_per_event: 100, draw_window_cap: 300, ..default_params() };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let staker = env.wallet(10_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 10_000)], &[&staker.keypair]).await.unwrap();
    let winner = env.trader(0).await;
    let mut drawn = 0;
    for _ in 0..6 {
        let sybil = env.trader(100).await;
        env.apply_pnl(&winner.pubkey(), &sybil.pubkey(), 200).await.unwrap(); // shortfall 100
        let out = env.resolve_shortfall(&sybil.pubkey()).await.1.unwrap();
        drawn += event::<ShortfallResolved>(&out).insurance_paid;
    }
    // The fund draws as of each bankruptcy: what refilled while the allowance was below the cap
    // (four 60 s windows, 300 * 240 / 86,400 = 0.83) is less than a unit at the last one.
    assert_eq!(drawn, 300, "the window cap, not six per-event caps");
    assert_eq!(env.fund().await.balance, 10_000 - drawn);
}
