//! The insurance fund: staking, a drawdown between request and payout, unlock times, caps.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::state::{Change, ParamsChange};
use loss_mutualization::math::constants::INSURANCE_VIRTUAL_SHARES;

#[tokio::test]
async fn stake_unstake_cycle_with_a_drawdown_in_between() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let s1 = env.wallet(10_000).await;
    let s2 = env.wallet(10_000).await;
    let out = env.send(&[ix::stake(&k, &s1.pubkey(), &s1.token_account, 6_000)], &[&s1.keypair]).await.unwrap();
    let staked: Staked = event(&out);
    assert_eq!(staked.shares_minted, 6_000 * INSURANCE_VIRTUAL_SHARES);
    env.send(&[ix::stake(&k, &s2.pubkey(), &s2.token_account, 4_000)], &[&s2.keypair]).await.unwrap();
    let fund = env.fund().await;
    assert_eq!(fund.balance, 10_000);
    assert_eq!(env.insurance_vault_balance().await, 10_000);
    let s1_shares = env.stake_account(&s1.pubkey()).await.shares;
    let s2_shares = env.stake_account(&s2.pubkey()).await.shares;
    assert_eq!(fund.total_shares, s1_shares + s2_shares);

    // A longer unstake delay is proposed (it needs a longer notice first); s1 asks to unstake
    // everything an hour before the change applies. The unlock time is fixed at the request.
    env.raise_notice(32 * 86_400).await;
    let change = Change::Params(ParamsChange { unstake_delay_secs: Some(30 * 86_400), ..Default::default() });
    let seq = env.propose(change).await;
    let remaining = env.notice_remaining(seq).await;
    env.warp(remaining - 3_600).await;
    let now = env.now().await;
    let out = env.send(&[ix::request_unstake(&k, &s1.pubkey(), s1_shares)], &[&s1.keypair]).await.unwrap();
    let requested: UnstakeRequested = event(&out);
    assert_eq!(requested.unlock_at, now + 7 * 86_400);
    assert_eq!(requested.value_at_request, 6_000);

    // The change applies and does not move the unlock time.
    env.serve_notice(seq).await;
    let admin = env.admin.insecure_clone();
    env.apply_change_by(&admin, seq).await.unwrap();
    assert_eq!(env.fund().await.unstake_delay_secs, 30 * 86_400);
    assert_eq!(env.stake_account(&s1.pubkey()).await.unstake_unlock_at, now + 7 * 86_400);

    // A drawdown of 5_000: the fund covers a bankruptcy.
    let winner = env.trader(0).await;
    let loser = env.trader(50).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 5_050).await.unwrap(); // shortfall 5_000
    let (_, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    assert_eq!(event::<ShortfallResolved>(&outcome.unwrap()).insurance_paid, 5_000);
    assert_eq!(env.fund().await.balance, 5_000);

    // Too early.
    env.expect_rejected(
        &[ix::unstake(&k, &s1.pubkey(), &s1.token_account)],
        &[&s1.keypair],
        LmError::UnstakeLocked,
        &[k.stake(&s1.pubkey()), s1.token_account],
    )
    .await;
    env.warp(7 * 86_400).await;
    // Someone else cannot take s1's payout.
    env.expect_rejected_code(
        &[ix::unstake(&k, &s2.pubkey(), &s2.token_account)],
        &[&s2.keypair],
        error_code(LmError::NoUnstakePending),
        &[k.stake(&s2.pubkey()), s2.token_account],
    )
    .await;

    // s1 bears its share of the drawdown: paid the value now (60% of 5_000, rounded down),
    // not the 6_000 it was worth at request time.
    let out = env.send(&[ix::unstake(&k, &s1.pubkey(), &s1.token_account)], &[&s1.keypair]).await.unwrap();
    let unstaked: Unstaked = event(&out);
    assert_eq!(unstaked.amount_paid, 3_000);
    assert_eq!(env.token_balance(&s1.token_account).await, 4_000 + 3_000);
    let fund = env.fund().await;
    assert_eq!(fund.balance, 2_000);
    assert_eq!(fund.total_shares, s2_shares);
    assert_eq!(env.insurance_vault_balance().await, fund.balance);
    assert_eq!(env.stake_account(&s1.pubkey()).await.shares, 0);
    // s2 still owns the rest: 40% of 5_000.
    assert_eq!(fund.value_of(s2_shares).unwrap(), 2_000);
}

#[tokio::test]
async fn cancel_keeps_shares_in_the_fund_and_payout_is_capped_at_request_value() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let staker = env.wallet(1_000).await;
    let donor = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    // Only one request at a time, and never more shares than owned.
    env.expect_rejected(
        &[ix::request_unstake(&k, &staker.pubkey(), 1)],
        &[&staker.keypair],
        LmError::UnstakeAlreadyPending,
        &[k.stake(&staker.pubkey())],
    )
    .await;
    env.send(&[ix::cancel_unstake(&k, &staker.pubkey())], &[&staker.keypair]).await.unwrap();
    let stake = env.stake_account(&staker.pubkey()).await;
    assert_eq!((stake.shares, stake.unstake_shares, stake.unstake_unlock_at), (shares, 0, 0));
    env.expect_rejected(
        &[ix::cancel_unstake(&k, &staker.pubkey())],
        &[&staker.keypair],
        LmError::NoUnstakePending,
        &[k.stake(&staker.pubkey())],
    )
    .await;
    env.expect_rejected(
        &[ix::request_unstake(&k, &staker.pubkey(), shares + 1)],
        &[&staker.keypair],
        LmError::InsufficientShares,
        &[k.stake(&staker.pubkey())],
    )
    .await;

    // Request again, then the fund gains a donation: the payout stays at the request value,
    // the gain stays with the fund.
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    let out = env.send(&[ix::fund_insurance(&k, &donor.pubkey(), &donor.token_account, 1_000)], &[&donor.keypair]).await.unwrap();
    assert_eq!(event::<InsuranceFunded>(&out).fund_balance, 2_000);
    env.warp(7 * 86_400).await;
    let out = env.send(&[ix::unstake(&k, &staker.pubkey(), &staker.token_account)], &[&staker.keypair]).await.unwrap();
    assert_eq!(event::<Unstaked>(&out).amount_paid, 1_000);
    assert_eq!(env.fund().await.balance, 1_000);
    assert_eq!(env.insurance_vault_balance().await, 1_000);
}

#[tokio::test]
async fn draws_are_capped_per_event_and_per_rolling_window() {
    let params = loss_mutualization::state::MarketParams {
        profit_maturity_secs: 3_600,
        max_draw_per_event: 600,
        draw_window_cap: 1_000,
        draw_window_secs: 1_000,
        unstake_delay_secs: 0,
        ..default_params()
    };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let funder = env.wallet(10_000).await;
    env.send(&[ix::fund_insurance(&k, &funder.pubkey(), &funder.token_account, 10_000)], &[&funder.keypair])
        .await
        .unwrap();
    let winner = env.trader(0).await;
    // The clearing authority resolves each liquidation at once (no time passes, no refill).
    let clearing = env.clearing.insecure_clone();
    let mut paid = vec![];
    for _ in 0..3 {
        let loser = env.trader(8).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 808).await.unwrap(); // shortfall 800
        let (_, outcome) = env.resolve_by(&clearing, &loser.pubkey()).await;
        let outcome = outcome.unwrap();
        let resolved: ShortfallResolved = event(&outcome);
        paid.push((resolved.insurance_paid, resolved.clawback));
    }
    // Per-event cap 600; the window allows 1_000 in all: 600, then 400, then nothing.
    assert_eq!(paid, vec![(600, 200), (400, 400), (0, 800)]);
    assert_eq!(env.fund().await.balance, 9_000);
    // Half a window later, half the cap is available again.
    env.warp(500).await;
    let loser = env.trader(8).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 808).await.unwrap();
    let (_, outcome) = env.resolve_by(&clearing, &loser.pubkey()).await;
    assert_eq!(event::<ShortfallResolved>(&outcome.unwrap()).insurance_paid, 500);
}

#[tokio::test]
async fn donation_before_a_stake_cannot_steal_it() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let attacker = env.wallet(1_000_001).await;
    let victim = env.wallet(1_000_000).await;
    env.send(&[ix::stake(&k, &attacker.pubkey(), &attacker.token_account, 1)], &[&attacker.keypair]).await.unwrap();
    env.send(&[ix::fund_insurance(&k, &attacker.pubkey(), &attacker.token_account, 1_000_000)], &[&attacker.keypair])
        .await
        .unwrap();
    env.send(&[ix::stake(&k, &victim.pubkey(), &victim.token_account, 1_000_000)], &[&victim.keypair]).await.unwrap();
    let fund = env.fund().await;
    let victim_value = fund.value_of(env.stake_account(&victim.pubkey()).await.shares).unwrap();
    let attacker_value = fund.value_of(env.stake_account(&attacker.pubkey()).await.shares).unwrap();
    // The attacker spent 1_000_001 and owns half of it back: the other half went to the
    // virtual shares. The victim keeps its stake to within a few units.
    assert!(attacker_value <= 500_001, "attacker value {attacker_value}");
    assert!(victim_value >= 999_990, "victim value {victim_value}");
}

#[tokio::test]
async fn a_stake_too_small_to_mint_a_share_is_refused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let donor = env.wallet(10_000_000_000).await;
    let staker = env.wallet(10).await;
    env.send(&[ix::fund_insurance(&k, &donor.pubkey(), &donor.token_account, 10_000_000_000)], &[&donor.keypair])
        .await
        .unwrap();
    env.expect_rejected(
        &[ix::stake(&k, &staker.pubkey(), &staker.token_account, 10)],
        &[&staker.keypair],
        LmError::ZeroShares,
        &[staker.token_account],
    )
    .await;
    assert_eq!(env.token_balance(&staker.token_account).await, 10);
}

#[tokio::test]
async fn a_wiped_out_fund_retires_its_shares_and_restarts_cleanly() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let old = env.wallet(2_000).await;
    let new = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &old.pubkey(), &old.token_account, 1_000)], &[&old.keypair]).await.unwrap();
    let old_shares = env.stake_account(&old.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &old.pubkey(), old_shares / 2)], &[&old.keypair]).await.unwrap();
    // A shortfall larger than the fund takes all of it.
    let winner = env.trader(0).await;
    let loser = env.trader(50).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 5_050).await.unwrap(); // shortfall 5_000
    let (_, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let drawn: ShortfallResolved = event(&outcome.unwrap());
    assert_eq!((drawn.insurance_paid, drawn.fund_balance, drawn.total_shares, drawn.share_epoch), (1_000, 0, 0, 1));

    // The old shares and their request are void.
    let fund = env.fund().await;
    let stake = env.stake_account(&old.pubkey()).await;
    assert_eq!((stake.current_shares(&fund), stake.has_pending_unstake(&fund)), (0, false));
    env.warp(7 * 86_400).await;
    env.expect_rejected(
        &[ix::unstake(&k, &old.pubkey(), &old.token_account)],
        &[&old.keypair],
        LmError::NoUnstakePending,
        &[k.stake(&old.pubkey()), old.token_account],
    )
    .await;
    env.expect_rejected(
        &[ix::request_unstake(&k, &old.pubkey(), 1)],
        &[&old.keypair],
        LmError::InsufficientShares,
        &[k.stake(&old.pubkey())],
    )
    .await;

    // New stakes mint at the initial price again, old and new stakers alike.
    let out = env.send(&[ix::stake(&k, &new.pubkey(), &new.token_account, 1_000)], &[&new.keypair]).await.unwrap();
    assert_eq!(event::<Staked>(&out).shares_minted, 1_000 * INSURANCE_VIRTUAL_SHARES);
    let out = env.send(&[ix::stake(&k, &old.pubkey(), &old.token_account, 1_000)], &[&old.keypair]).await.unwrap();
    let staked: Staked = event(&out);
    assert_eq!((staked.stake_shares, staked.unstake_shares), (staked.shares_minted, 0));
    let fund = env.fund().await;
    assert_eq!(fund.balance, 2_000);
    assert_eq!(fund.value_of(staked.stake_shares).unwrap(), 1_000);
}

/// The mint's freeze authority (a trust assumption, as on USDC) freezes the insurance vault:
/// resolutions fail (the token program refuses the draw) and change nothing, so the freeze can
/// halt the market, as freezing the collateral vault could, but it cannot make the fund skip a
/// loss and push it onto traders (an audit found that lever in an earlier version, which let a
/// frozen fund pay nothing). Thawed, the same resolution goes through with the fund paying.
#[tokio::test]
async fn a_frozen_insurance_vault_holds_resolution_and_cannot_shift_the_loss() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let staker = env.wallet(500).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 500)], &[&staker.keypair]).await.unwrap();
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    let insurance_vault = k.insurance_vault;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 400).await.unwrap(); // 300 short
    env.end_liquidation_window().await;
    env.set_frozen(&insurance_vault, true).await;
    let anyone = env.wallet(0).await;
    let resolve = ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0);
    let watched = [k.position(&loser.pubkey()), k.position(&winner.pubkey()), k.record(&loser.pubkey(), 0)];
    // SPL Token's AccountFrozen (17).
    env.expect_rejected_code(&[resolve.clone()], &[&anyone.keypair], 17, &watched).await;
    assert_eq!(env.market().await.pending_shortfall, 300);

    env.set_frozen(&insurance_vault, false).await;
    let out = env.send(&[resolve], &[&anyone.keypair]).await.unwrap();
    let resolved: ShortfallResolved = event(&out);
    assert_eq!((resolved.insurance_paid, resolved.clawback, resolved.fund_balance), (300, 0, 200));
    assert_eq!(env.insurance_vault_balance().await, 200);
}
