//! Second audit: unstake "halted time" clock and loss-event chaining.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::state::*;

const DAY: i64 = 86_400;

/// Resolve paused but no loss pending: unstaking is NOT halted (unstake only checks the Unstake
/// bit and the pending loss), yet the clock counts the time as halted, so an unlocked request
/// never lapses: a standing free exit for as long as Resolve stays paused (the risk authority
/// alone can set it and cannot lift it).
#[tokio::test]
async fn audit2_resolve_pause_gives_a_non_lapsing_exit() {
    let mut env = TestEnv::start().await;
    env.warp(1_000).await;
    let k = env.keys;
    let s = env.wallet(500).await;
    env.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, 500)], &[&s.keypair]).await.unwrap();
    let shares = env.stake_account(&s.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &s.pubkey(), shares)], &[&s.keypair]).await.unwrap();
    let risk = env.risk.insecure_clone();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_RESOLVE)], &[&risk]).await.unwrap();
    // Unlock after 7 days, window of 2 days; 30 days later the request is still live.
    env.warp(7 * DAY + 30 * DAY).await;
    assert_eq!(env.market().await.pending_shortfall, 0);
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&s.token_account).await, 500);
    println!("AUDIT2: unstake succeeded 30 days after a 2-day window ended (Resolve paused, nothing pending)");
}

/// A pause during the unstake *delay* (before unlock) lengthens the usable window after unlock:
/// the staker lost no usable time but gains an option of window + pause.
#[tokio::test]
async fn audit2_pause_during_delay_lengthens_the_usable_window() {
    let mut env = TestEnv::start().await;
    env.warp(1_000).await;
    let k = env.keys;
    let s = env.wallet(500).await;
    env.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, 500)], &[&s.keypair]).await.unwrap();
    let shares = env.stake_account(&s.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &s.pubkey(), shares)], &[&s.keypair]).await.unwrap();
    env.warp(DAY).await;
    let (risk, admin) = (env.risk.insecure_clone(), env.admin.insecure_clone());
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_UNSTAKE)], &[&risk]).await.unwrap();
    env.warp(5 * DAY).await;
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // Unlocked at day 7 as always; the 2-day window nominally ends on day 9. Day 13:
    env.warp(7 * DAY - 1).await;
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    println!("AUDIT2: usable window after unlock was 7 days instead of 2 (pause was before unlock)");
}

/// The clearing authority (with colluding wallets) keeps a loss pending without a break: just
/// before each liquidation window ends it resolves early (allowed) and bankrupts the next
/// colluder by one unit. Withdrawals, unstakes, deposits... wait indefinitely (README: at most
/// `liquidation_window_secs`), and a pending loss is not "halted time", so the staker's
/// unlocked request lapses without ever having been usable.
#[tokio::test]
async fn audit2_chained_liquidations_block_exits_and_lapse_unstakes() {
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
    env.expect_rejected(
        &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
        &[&s.keypair],
        LmError::UnstakeRequestLapsed,
        &[k.stake(&s.pubkey())],
    )
    .await;
    let lost = 1_000 - env.fund().await.balance;
    println!("AUDIT2: {cycles} chained liquidations over 25 h, cost {lost} units of insurance; withdrawals blocked 25 h; request lapsed unused");
}
