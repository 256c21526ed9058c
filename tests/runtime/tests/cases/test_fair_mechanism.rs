//! Issue 15: the mechanism around the exact arithmetic must not let timing, squatting or
//! griefing decide who pays: profit maturity per gain, unstake windows, market addresses keyed
//! by their creator, pauses of Settle, record rent, the allowance refill and resolve's compute.
//! (The liquidation itself: `test_one_liquidation.rs`.) Each test performs the attack a trader,
//! staker, keeper or stranger would try and asserts what users expect: exact balances, or the
//! exact named error with nothing changed (and its well-formed twin going through).

use anchor_lang::Space;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::ShortfallResolved;
use loss_mutualization::instructions::InitializeMarketArgs;
use loss_mutualization::state::*;

/// Problem 2: every gain restarted the maturity clock of the whole at-risk profit, so a trader
/// gaining every 10 minutes (or a rival losing 1 unit to it) locked its matured profit forever.
#[tokio::test]
async fn a_new_gain_does_not_relock_matured_profit() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let victim = env.trader(0).await;
    let rival = env.trader(10_000).await;
    env.apply_pnl(&victim.pubkey(), &rival.pubkey(), 1_000).await.unwrap();
    // Three hours of 1-unit gains every 10 minutes, with a one-hour maturity.
    for _ in 0..18 {
        env.warp(600).await;
        env.apply_pnl(&victim.pubkey(), &rival.pubkey(), 1).await.unwrap();
    }
    let now = env.now().await;
    let position = env.position(&victim.pubkey()).await;
    let releasable = position.releasable_profit(now);
    // The 1,000 and every 1-unit gain older than the maturity plus one grid slot are releasable;
    // the gains of the last hour are not.
    assert!((1_011..=1_012).contains(&releasable), "releasable {releasable}");
    env.send(&[ix::release_profit(&k, &victim.pubkey())], &[&victim.keypair]).await.unwrap();
    let position = env.position(&victim.pubkey()).await;
    assert_eq!(position.principal, releasable);
    assert_eq!(position.at_risk_profit(), 1_018 - releasable);

    // The anti-manipulation rule still holds: a gain is never releasable before its own
    // maturity. Right now only young gains are left.
    env.expect_rejected(
        &[ix::release_profit(&k, &victim.pubkey())],
        &[&victim.keypair],
        LmError::ProfitNotMature,
        &[k.position(&victim.pubkey())],
    )
    .await;
    // Its twin, one maturity period and one slot later, releases the rest.
    env.warp(MATURED_AFTER).await;
    env.send(&[ix::release_profit(&k, &victim.pubkey())], &[&victim.keypair]).await.unwrap();
    assert_eq!(env.position(&victim.pubkey()).await.principal, 1_018);
}

/// Problem 3: an unlocked unstake request never expired, a free standing exit taken just
/// before a visible crash (the leaver kept 500, the other staker lost everything).
#[tokio::test]
async fn an_unlocked_unstake_request_lapses_after_its_window() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let leaver = env.wallet(500).await;
    let other = env.wallet(500).await;
    for s in [&leaver, &other] {
        env.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, 500)], &[&s.keypair]).await.unwrap();
    }
    let shares = env.stake_account(&leaver.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &leaver.pubkey(), shares)], &[&leaver.keypair]).await.unwrap();
    let stake = env.stake_account(&leaver.pubkey()).await;
    assert_eq!(stake.unstake_expires_at, stake.unstake_unlock_at + 2 * 86_400);
    env.warp(7 * 86_400 + 2 * 86_400).await; // the window has passed
    env.expect_rejected(
        &[ix::unstake(&k, &leaver.pubkey(), &leaver.token_account)],
        &[&leaver.keypair],
        LmError::UnstakeRequestLapsed,
        &[k.stake(&leaver.pubkey()), leaver.token_account],
    )
    .await;

    // The crash: a 600 shortfall drawn from the 1,000 fund.
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 700).await.unwrap();
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    assert_eq!(env.fund().await.balance, 400);

    // A new request waits the whole delay again, then pays the value after the draw.
    env.send(&[ix::request_unstake(&k, &leaver.pubkey(), shares)], &[&leaver.keypair]).await.unwrap();
    env.expect_rejected(
        &[ix::unstake(&k, &leaver.pubkey(), &leaver.token_account)],
        &[&leaver.keypair],
        LmError::UnstakeLocked,
        &[k.stake(&leaver.pubkey()), leaver.token_account],
    )
    .await;
    env.warp(7 * 86_400).await;
    env.send(&[ix::unstake(&k, &leaver.pubkey(), &leaver.token_account)], &[&leaver.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&leaver.token_account).await, 200, "fair: 200, not 500");
    let fund = env.fund().await;
    assert_eq!(fund.value_of(env.stake_account(&other.pubkey()).await.shares).unwrap(), 200);
}

/// Problem 6: the canonical market address `["market", mint, id]` could be created first by a
/// stranger, who then was its admin and clearing authority.
#[tokio::test]
async fn a_stranger_cannot_take_the_operators_market_address() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let stranger = env.wallet(0).await;
    let args = |risk, clearing| InitializeMarketArgs {
        market_id: MARKET_ID + 1,
        risk_authority: risk,
        clearing_authority: clearing,
        params: default_params(),
    };
    let operator = env.admin.insecure_clone();
    let theirs = MarketKeys::new(k.mint, &stranger.pubkey(), MARKET_ID + 1, k.token_program);
    let ours = MarketKeys::new(k.mint, &operator.pubkey(), MARKET_ID + 1, k.token_program);
    assert_ne!(theirs.market, ours.market);
    // Creating at the operator's address with the stranger's key breaks the seeds.
    let squat = ix::initialize_market(&ours, &stranger.pubkey(), args(stranger.pubkey(), stranger.pubkey()));
    env.expect_rejected_code(
        &[squat],
        &[&stranger.keypair],
        anchor_lang::error::ErrorCode::ConstraintSeeds as u32,
        &[ours.market, stranger.pubkey()],
    )
    .await;
    // The stranger's own market lives at its own address; the operator's creation still works.
    env.send(&[ix::initialize_market(&theirs, &stranger.pubkey(), args(stranger.pubkey(), stranger.pubkey()))], &[&stranger.keypair])
        .await
        .unwrap();
    let (risk, clearing) = (env.risk.pubkey(), env.clearing.pubkey());
    env.send(&[ix::initialize_market(&ours, &operator.pubkey(), args(risk, clearing))], &[&operator])
        .await
        .unwrap();
    let market: Market = env.decode(&ours.market).await;
    assert_eq!((market.creator, market.admin, market.clearing_authority), (operator.pubkey(), operator.pubkey(), clearing));
}

/// Problem 7: with Settle paused, `deposit(1)` (or `release_profit`, `apply_pnl`) applied a
/// clawback anyway, because they settle first.
#[tokio::test]
async fn nothing_applies_a_settlement_while_settle_is_paused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let winner = env.wallet(10).await;
    env.send(&[ix::open_position(&k, &winner.pubkey())], &[&winner.keypair]).await.unwrap();
    let loser = env.trader(100).await;
    let other = env.trader(50).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 300).await.unwrap(); // shortfall 200
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    let market = env.market().await;
    assert!(env.position(&winner.pubkey()).await.pending_charges(&market).unwrap().0 >= 200);
    let risk = env.risk.insecure_clone();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_SETTLE)], &[&risk]).await.unwrap();
    env.warp(4 * 3_600).await;

    let clearing = env.clearing.insecure_clone();
    let w = winner.pubkey();
    for (ixs, signer) in [
        (ix::deposit(&k, &w, &winner.token_account, 1), &winner.keypair),
        (ix::release_profit(&k, &w), &winner.keypair),
        (ix::apply_pnl(&k, &clearing.pubkey(), &other.pubkey(), &w, 1), &clearing),
    ] {
        env.expect_rejected(&[ixs], &[signer], LmError::SettlementPaused, &[k.position(&w), winner.token_account])
            .await;
    }
    // The twin: a wallet with nothing to settle deposits while Settle is paused.
    let fresh = env.wallet(5).await;
    env.send(&[ix::open_position(&k, &fresh.pubkey()), ix::deposit(&k, &fresh.pubkey(), &fresh.token_account, 5)], &[&fresh.keypair])
        .await
        .unwrap();
    assert_eq!(env.position(&fresh.pubkey()).await.principal, 5);
    // Once lifted, the deposit settles and goes through.
    let admin = env.admin.insecure_clone();
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    env.send(&[ix::deposit(&k, &w, &winner.token_account, 1)], &[&winner.keypair]).await.unwrap();
    let position = env.position(&w).await;
    assert_eq!(position.principal, 1);
    assert!(position.at_risk_profit() <= 100);
}

/// Problem 8: the resolver paid the record's rent (~0.003 SOL a resolution, never refunded).
#[tokio::test]
async fn the_resolver_pays_no_rent_while_the_reserve_lasts() {
    let mut env = TestEnv::start().await;
    let winner = env.trader(0).await;
    let keeper = env.wallet(0).await;
    let k = env.keys;
    let mut rent_paid = 0;
    for _ in 0..3 {
        let loser = env.trader(100).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 101).await.unwrap();
        let keeper_before = env.account(&keeper.pubkey()).await.unwrap().lamports;
        let market_before = env.account(&k.market).await.unwrap().lamports;
        let (record, outcome) = env.resolve_by(&keeper.keypair, &loser.pubkey()).await;
        let resolved: ShortfallResolved = event(&outcome.unwrap());
        // The keeper signs, the fee payer is the test's payer: its balance does not move.
        assert_eq!(env.account(&keeper.pubkey()).await.unwrap().lamports, keeper_before);
        let record_lamports = env.account(&record).await.unwrap().lamports;
        assert_eq!(market_before - env.account(&k.market).await.unwrap().lamports, record_lamports);
        assert_eq!((resolved.record_rent_from_reserve, resolved.record_rent_from_resolver), (record_lamports, 0));
        rent_paid += record_lamports;
    }
    assert_eq!(env.account(&k.market).await.unwrap().lamports, env.minimum_balance(8 + Market::INIT_SPACE).await + RENT_RESERVE - rent_paid);

    // With the reserve spent, resolution still goes through (nobody can hold a loss hostage by
    // draining it): the resolver pays what the reserve lacks, and the record says so.
    let mut market_account = env.account(&k.market).await.unwrap();
    market_account.lamports = env.minimum_balance(8 + Market::INIT_SPACE).await;
    env.set_account(&k.market, market_account);
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 101).await.unwrap();
    let (record, outcome) = env.resolve_by(&keeper.keypair, &loser.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    let record = env.record(&record).await;
    assert_eq!(record.record_rent_from_reserve, 0);
    assert_eq!(resolved.record_rent_from_resolver, record.record_rent_from_resolver);
    assert!(record.record_rent_from_resolver > 0);
}

/// Problem 9: each resolution rounded the rolling refill down and restarted its clock, so 1-unit
/// bankruptcies every 9 s (cap 100 per 1,000 s) kept the allowance at 0.
#[tokio::test]
async fn frequent_resolutions_do_not_starve_the_allowance() {
    let params = MarketParams { max_draw_per_event: 100, draw_window_cap: 100, draw_window_secs: 1_000, ..default_params() };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let staker = env.wallet(10_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 10_000)], &[&staker.keypair]).await.unwrap();
    let winner = env.trader(0).await;
    let clearing = env.clearing.insecure_clone();
    // Empty the allowance with one 100 shortfall.
    let big = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &big.pubkey(), 200).await.unwrap();
    env.resolve_by(&clearing, &big.pubkey()).await.1.unwrap();
    assert_eq!(env.fund().await.draw_allowance, 0);
    let start = env.now().await;
    let mut drawn = 0;
    for _ in 0..20 {
        let loser = env.trader(100).await;
        env.warp(9).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 101).await.unwrap();
        let out = env.resolve_by(&clearing, &loser.pubkey()).await.1.unwrap();
        drawn += event::<ShortfallResolved>(&out).insurance_paid;
    }
    // 180 s at 0.1 unit per second earned exactly 18 units: drawn or still allowed.
    let elapsed = env.now().await - start;
    let fund = env.fund().await;
    let left = fund.allowance_at(env.now().await).unwrap().amount;
    assert_eq!(drawn + left, (100 * elapsed / 1_000) as u64, "drawn {drawn}, left {left}");
    assert!(drawn >= 17, "the fund paid its share of the 1-unit losses: {drawn}");
}

/// Problem 10: resolve searched for the record's PDA bump, so its compute grew with the bump.
/// The bump is an argument now: the program checks one address.
#[tokio::test]
async fn resolve_checks_the_given_bump_instead_of_searching() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let winner = env.trader(0).await;
    let anyone = env.wallet(0).await;
    let mut units = Vec::new();
    for i in 0..12u64 {
        let loser = env.trader(100).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 101 + i).await.unwrap();
        env.end_liquidation_window().await;
        let good = ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0);
        if i == 0 {
            // A bump that gives another address (or none) is refused and changes nothing.
            let mut bad = good.clone();
            let last = bad.data.len() - 1;
            bad.data[last] = bad.data[last].wrapping_sub(1);
            let record = k.record(&loser.pubkey(), 0);
            env.expect_failure(
                &[bad],
                &[&anyone.keypair],
                |r| {
                    [Some(error_code(LmError::WrongShortfallRecord)), Some(error_code(LmError::InvalidRecordBump))]
                        .contains(&custom_error(r))
                },
                &[k.position(&loser.pubkey()), record],
            )
            .await;
        }
        let out = env.send(&[good], &[&anyone.keypair]).await.unwrap();
        units.extend(program_compute_units(&out.logs));
    }
    if let (Some(min), Some(max)) = (units.iter().min(), units.iter().max()) {
        println!("resolve_shortfall CU over 12 events: {min}..{max}");
        assert!(max - min <= 3_000, "resolve's compute varies by {} CU: {units:?}", max - min);
    }
}
