//! The remaining attacks of the adversarial list (docs/SECURITY.md maps every attack to its
//! test): missing signatures on every signed instruction, foreign stakes, another mint,
//! settling twice, cancelling to dodge a drawdown, and arithmetic at the edges.

use anchor_lang::error::ErrorCode as AnchorError;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::state::{Change, ParamsChange};

#[tokio::test]
async fn every_signed_instruction_refuses_a_missing_signature() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (admin, risk, clearing) = (env.admin.pubkey(), env.risk.pubkey(), env.clearing.pubkey());
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 500)], &[&staker.keypair]).await.unwrap();
    let a = alice.pubkey();
    // (instruction, index of the account that must sign)
    let cases = [
        (ix::set_pause(&k, &admin, 1), 0),
        (ix::propose_change(&k, &admin, 0, Change::Params(ParamsChange { max_draw_per_event: Some(1), ..Default::default() })), 0),
        (ix::propose_change(&k, &admin, 0, Change::Authorities { risk_authority: Some(risk), clearing_authority: None }), 0),
        (ix::apply_change(&k, &admin, 0, &admin), 0),
        (ix::cancel_change(&k, &admin, 0, &admin), 0),
        (ix::raise_notice(&k, &admin, 10 * 86_400), 0),
        (ix::open_position(&k, &staker.pubkey()), 0),
        (ix::deposit(&k, &a, &alice.token_account, 1), 0),
        (ix::withdraw(&k, &a, &alice.token_account, 1), 0),
        (ix::apply_pnl(&k, &clearing, &a, &bob.pubkey(), 1), 0),
        (ix::set_margin(&k, &clearing, &a, 1), 0),
        (ix::settle(&k, &a), 0),
        (ix::release_profit(&k, &a), 0),
        (ix::resolve_shortfall(&k, &a, &bob.pubkey(), 0), 0),
        (ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 1), 0),
        (ix::stake(&k, &staker.pubkey(), &staker.token_account, 1), 0),
        (ix::request_unstake(&k, &staker.pubkey(), 1), 0),
        (ix::cancel_unstake(&k, &staker.pubkey()), 0),
        (ix::unstake(&k, &staker.pubkey(), &staker.token_account), 0),
    ];
    let watched = [k.position(&a), k.position(&bob.pubkey()), k.stake(&staker.pubkey()), alice.token_account];
    for (instruction, signer) in cases {
        let stripped = ix::unsigned(instruction, signer);
        env.expect_rejected_code(&[stripped], &[], AnchorError::AccountNotSigner.into(), &watched).await;
    }
}

#[tokio::test]
async fn foreign_stakes_other_mints_and_settling_twice() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let staker = env.wallet(1_000).await;
    let thief = env.wallet(0).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), 1_000)], &[&staker.keypair]).await.unwrap();
    env.warp(7 * 86_400).await;
    // The thief cancels or collects the staker's request.
    let cancel = ix::with_account(ix::cancel_unstake(&k, &thief.pubkey()), 3, k.stake(&staker.pubkey()));
    env.expect_rejected(&[cancel], &[&thief.keypair], LmError::NotStaker, &[k.stake(&staker.pubkey())]).await;
    let collect = ix::with_account(ix::unstake(&k, &thief.pubkey(), &thief.token_account), 4, k.stake(&staker.pubkey()));
    env.expect_rejected(&[collect], &[&thief.keypair], LmError::NotStaker, &[k.stake(&staker.pubkey()), thief.token_account])
        .await;

    // A token account of another mint, and another mint.
    let other_mint = Keypair::new();
    let alice = env.trader(100).await;
    env.create_mint(&other_mint).await;
    let foreign = env.create_token_account_for(&other_mint.pubkey(), &k.token_program, &alice.pubkey()).await;
    let deposit = ix::deposit(&k, &alice.pubkey(), &foreign, 10);
    env.expect_rejected(&[deposit], &[&alice.keypair], LmError::WrongMint, &[k.position(&alice.pubkey()), foreign]).await;
    let deposit = ix::with_account(ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10), 3, other_mint.pubkey());
    env.expect_rejected(&[deposit], &[&alice.keypair], LmError::WrongMint, &[k.position(&alice.pubkey())]).await;

    // Settling twice charges once.
    let winner = env.trader(0).await;
    let loser = env.trader(50).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 5_050).await.unwrap();
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    let first = env.send(&[ix::settle(&k, &winner.pubkey())], &[&winner.keypair]).await.unwrap();
    let second = env.send(&[ix::settle(&k, &winner.pubkey())], &[&winner.keypair]).await.unwrap();
    assert!(event::<PositionSettled>(&first).clawback_charged > 0);
    assert_eq!(event::<PositionSettled>(&second).clawback_charged, 0);
    assert_eq!(env.position(&winner.pubkey()).await.lifetime_clawback_paid, event::<PositionSettled>(&first).clawback_charged as u128);
}

#[tokio::test]
async fn cancelling_an_unstake_does_not_dodge_a_drawdown() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let staker = env.wallet(1_000).await;
    let other = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    env.send(&[ix::stake(&k, &other.pubkey(), &other.token_account, 1_000)], &[&other.keypair]).await.unwrap();
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    // A drawdown of half the fund after the request.
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 1_010).await.unwrap(); // shortfall 1_000
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    // Cancel and request again: the new request is worth the post-drawdown value.
    env.send(&[ix::cancel_unstake(&k, &staker.pubkey())], &[&staker.keypair]).await.unwrap();
    let out = env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    assert_eq!(event::<UnstakeRequested>(&out).value_at_request, 500);
    env.warp(7 * 86_400).await;
    let out = env.send(&[ix::unstake(&k, &staker.pubkey(), &staker.token_account)], &[&staker.keypair]).await.unwrap();
    assert_eq!(event::<Unstaked>(&out).amount_paid, 500);
    // Both stakers bore the drawdown equally.
    let fund = env.fund().await;
    assert_eq!(fund.value_of(env.stake_account(&other.pubkey()).await.shares).unwrap(), 500);
}

#[tokio::test]
async fn arithmetic_edges_in_the_runtime() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    // Depositing u64::MAX: the vault balance cannot grow by that much (named overflow, before
    // any transfer); more than the wallet holds is refused by the token program.
    let poor = env.trader(10).await;
    let watched = [k.position(&poor.pubkey()), poor.token_account];
    env.expect_rejected(
        &[ix::deposit(&k, &poor.pubkey(), &poor.token_account, u64::MAX)],
        &[&poor.keypair],
        LmError::MathOverflow,
        &watched,
    )
    .await;
    env.expect_rejected_code(&[ix::deposit(&k, &poor.pubkey(), &poor.token_account, 11)], &[&poor.keypair], 1, &watched)
        .await;

    // A loss of one unit spread over twenty winners: one of them pays it, nobody pays two.
    let mut winners = Vec::new();
    let rich = env.trader(20_000).await;
    for _ in 0..20 {
        let w = env.trader(0).await;
        env.apply_pnl(&w.pubkey(), &rich.pubkey(), 1_000).await.unwrap();
        winners.push(w);
    }
    // A one-unit shortfall won by the first winner; the fund is empty.
    let loser = env.trader(1).await;
    env.apply_pnl(&winners[0].pubkey(), &loser.pubkey(), 2).await.unwrap(); // shortfall 1
    let (_, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let outcome = outcome.unwrap();
    let resolved: ShortfallResolved = event(&outcome);
    assert_eq!((resolved.insurance_paid, resolved.clawback, resolved.at_risk_profit_before), (0, 1, 20_002));
    let mut charged = 0;
    for w in &winners {
        let out = env.send(&[ix::settle(&k, &w.pubkey())], &[&w.keypair]).await.unwrap();
        let c = event::<PositionSettled>(&out).clawback_charged;
        assert!(c <= 1);
        charged += c;
    }
    assert!((1..=20).contains(&charged), "charged {charged}");
    assert_eq!(env.market().await.profit_pool.collected, charged as u128);

    // A huge loss over one tiny winner: the winner loses its one unit, the rest is a haircut.
    let mut env = TestEnv::start().await;
    let saver = env.trader(1_000_000_000_000).await;
    let tiny = env.trader(0).await;
    let whale = env.trader(5_000_000_000).await;
    env.apply_pnl(&tiny.pubkey(), &saver.pubkey(), 1).await.unwrap();
    // A big winner takes 500_000_000_000 from the whale (5e9 of collateral, 495e9 short: within
    // the 100x shortfall bound). The program refuses its release until
    // the loss is assigned (its profit covers the shortfall); to test the haircut backstop at
    // this scale, the accounts are written as if it had released.
    let big = env.trader(0).await;
    env.apply_pnl(&big.pubkey(), &whale.pubkey(), 500_000_000_000).await.unwrap();
    env.force_release_profit(&big.pubkey(), 500_000_000_000).await;
    let (_, outcome) = env.resolve_shortfall(&whale.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    assert_eq!((resolved.clawback, resolved.haircut), (1, 494_999_999_999));
    let market = env.market().await;
    assert_eq!(env.position(&tiny.pubkey()).await.pending_charges(&market).unwrap(), (1, 0));
    let (_, saver_haircut) = env.position(&saver.pubkey()).await.pending_charges(&market).unwrap();
    // 495e9 - 1 over 1_500e9 - 1 of principal: the saver (1_000e9 - 1, after paying tiny's
    // unit) pays 329_999_999_999.22..., rounded up.
    assert_eq!(saver_haircut, 330_000_000_000);
}

#[tokio::test]
async fn a_position_that_never_settles_pays_its_compounded_share_once() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let sleeper = env.trader(0).await;
    let active = env.trader(0).await;
    let feeder = env.trader(1_000_000).await;
    env.apply_pnl(&sleeper.pubkey(), &feeder.pubkey(), 600_000).await.unwrap();
    env.apply_pnl(&active.pubkey(), &feeder.pubkey(), 400_000).await.unwrap();
    // Ten loss events of 10_000 each; the active wallet settles after every one, the sleeper never.
    let mut exact = 600_000f64;
    for _ in 0..10 {
        let loser = env.trader(100).await;
        let winner = env.trader(0).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 10_100).await.unwrap(); // shortfall 10_000
        // The winner's fresh profit is part of the weight; it takes its share too.
        let total = env.market().await.profit_pool.total as f64;
        env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
        exact *= (total - 10_000.0) / total;
        env.send(&[ix::settle(&k, &active.pubkey())], &[&active.keypair]).await.unwrap();
    }
    let out = env.send(&[ix::settle(&k, &sleeper.pubkey())], &[&sleeper.keypair]).await.unwrap();
    let settled: PositionSettled = event(&out);
    let kept = settled.position.realized_pnl as f64;
    // One settlement, the compounded share of all ten events, rounded up by less than 2 units.
    assert!(kept <= exact + 1e-6 && exact - kept < 2.0, "kept {kept}, exact {exact}");
    assert_eq!(settled.clawback_charged as f64, 600_000.0 - kept);
}
