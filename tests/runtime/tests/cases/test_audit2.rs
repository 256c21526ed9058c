//! Second audit (a helper attacked the audit follow-up): the unstake "halted time" clock and
//! chained liquidations. All three attacks succeeded on that version; unstaking is now halted
//! exactly while Unstake is paused or a loss is pending, and halted time moves both the unlock
//! and the lapse of a request. Each test asserts the outcome stakers expect.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::state::*;

const DAY: i64 = 86_400;

/// Finding 2: pausing Resolve with no loss pending counted as halted time, so an unlocked
/// request never lapsed while Resolve stayed paused (a standing free exit). A Resolve pause with
/// nothing pending does not halt unstaking, so the request lapses on time.
#[tokio::test]
async fn a_resolve_pause_with_nothing_pending_does_not_keep_a_request_alive() {
    let mut env = TestEnv::start().await;
    env.warp(1_000).await;
    let k = env.keys;
    let (s, shares) = env.staker_with_request(500).await;
    let risk = env.risk.insecure_clone();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_RESOLVE)], &[&risk]).await.unwrap();
    // Unlock after 7 days, window of 2 days: 30 days later the request has lapsed.
    env.warp(7 * DAY + 30 * DAY).await;
    assert_eq!(env.market().await.pending_shortfall, 0);
    env.expect_rejected(
        &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
        &[&s.keypair],
        LmError::UnstakeRequestLapsed,
        &[k.stake(&s.pubkey()), s.token_account],
    )
    .await;
    // The twin inside the window: a new request, 7 days, collected.
    env.send(&[ix::request_unstake(&k, &s.pubkey(), shares)], &[&s.keypair]).await.unwrap();
    env.warp(7 * DAY).await;
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&s.token_account).await, 500);
}

/// Finding 3: a pause during the unstake delay lengthened the usable window after the unlock
/// (7 days instead of 2). Halted time now moves the unlock too: the window keeps its length.
#[tokio::test]
async fn a_pause_during_the_delay_moves_the_unlock_and_keeps_the_window_length() {
    let mut env = TestEnv::start().await;
    env.warp(1_000).await;
    let k = env.keys;
    let (s, _) = env.staker_with_request(500).await;
    env.warp(DAY).await;
    let (risk, admin) = (env.risk.insecure_clone(), env.admin.insecure_clone());
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_UNSTAKE)], &[&risk]).await.unwrap();
    env.warp(5 * DAY).await;
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // The 5 paused days do not count: the unlock moves from day 7 to day 12, the lapse from
    // day 9 to day 14.
    let stake = env.stake_account(&s.pubkey()).await;
    let (market, now) = (env.market().await, env.now().await);
    assert_eq!(stake.unstake_unlock(&market, now), stake.unstake_unlock_at + 5 * DAY);
    assert_eq!(stake.unstake_expiry(&market, now), stake.unstake_expires_at + 5 * DAY);
    env.warp(6 * DAY - 1).await; // day 12, one second early
    env.expect_rejected(
        &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
        &[&s.keypair],
        LmError::UnstakeLocked,
        &[k.stake(&s.pubkey()), s.token_account],
    )
    .await;
    env.warp(2 * DAY).await; // day 14, one second early: the last second of the window
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&s.token_account).await, 500);
}

/// Finding 1: the clearing authority (with colluding wallets) keeps a loss pending without a
/// break: just before each liquidation window ends it resolves early (allowed) and bankrupts the
/// next colluder by one unit. Exits wait as long as it goes on (a power of the clearing
/// authority, stated in docs/SECURITY.md), but a pending loss is halted time now: the staker's
/// request neither unlocks nor lapses meanwhile, and is usable for its whole window afterwards.
#[tokio::test]
async fn chained_liquidations_do_not_make_an_unstake_request_lapse() {
    let params = MarketParams {
        liquidation_window_secs: 3_600,
        unstake_delay_secs: 0,
        unstake_window_secs: DAY,
        max_shortfall_bps: 10_000,
        ..default_params()
    };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    env.warp(1_000).await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let s = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, 1_000)], &[&s.keypair]).await.unwrap();
    let shares = env.stake_account(&s.pubkey()).await.shares;
    let h = env.trader(500).await; // an honest trader
    let (a, b) = (env.trader(100).await, env.trader(0).await);
    env.send(&[ix::request_unstake(&k, &s.pubkey(), shares)], &[&s.keypair]).await.unwrap();

    // First bankruptcy: A loses 101 with 100 of collateral.
    env.apply_pnl(&b.pubkey(), &a.pubkey(), 101).await.unwrap();
    let (mut bankrupt, mut next) = (a, b);
    let start = env.now().await;
    let mut cycles = 0;
    while env.now().await < start + DAY + 3_600 {
        // Every exit is refused the whole time.
        env.expect_rejected(
            &[ix::withdraw(&k, &h.pubkey(), &h.token_account, 1)],
            &[&h.keypair],
            LmError::LossResolutionPending,
            &[k.position(&h.pubkey())],
        )
        .await;
        env.expect_rejected(
            &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
            &[&s.keypair],
            LmError::LossResolutionPending,
            &[k.stake(&s.pubkey())],
        )
        .await;
        let ends = env.market().await.liquidation_ends_at;
        let now = env.now().await;
        env.warp(ends - now - 1).await;
        // A bystander cannot resolve yet.
        let payer = env.payer();
        let seq = env.position(&bankrupt.pubkey()).await.shortfall_count;
        env.expect_rejected(
            &[ix::resolve_shortfall(&k, &payer.pubkey(), &bankrupt.pubkey(), seq)],
            &[&payer],
            LmError::LiquidationInProgress,
            &[k.position(&bankrupt.pubkey())],
        )
        .await;
        // One transaction: resolve early, bankrupt the next colluder by one unit (the insurance
        // fund pays the unit, so no clawback moves the collateral).
        let amount = env.claim_of(&next.pubkey()).await + 1;
        env.send(
            &[
                ix::resolve_shortfall(&k, &clearing.pubkey(), &bankrupt.pubkey(), seq),
                ix::apply_pnl(&k, &clearing.pubkey(), &bankrupt.pubkey(), &next.pubkey(), amount),
            ],
            &[&clearing],
        )
        .await
        .unwrap();
        std::mem::swap(&mut bankrupt, &mut next);
        cycles += 1;
    }
    env.resolve_by(&clearing, &bankrupt.pubkey()).await.1.unwrap();
    assert_eq!(env.market().await.pending_shortfall, 0);
    assert!(cycles >= 25, "{cycles} chained liquidations");
    // The whole chain was halted time: a day of window is left, and the request pays out.
    let stake = env.stake_account(&s.pubkey()).await;
    let (market, now) = (env.market().await, env.now().await);
    assert_eq!(stake.unstake_expiry(&market, now) - now, DAY);
    env.warp(DAY - 1).await;
    let value = env.fund().await.value_of(shares).unwrap();
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&s.token_account).await, value);
}
