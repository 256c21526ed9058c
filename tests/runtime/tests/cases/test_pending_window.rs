//! The window between a bankruptcy and the assignment of its loss. Each test performs an attack
//! that a greedy staker, winner, depositor, keeper or authority would try inside that window
//! (issue 8) and asserts what users expect: the exact named error and no account changed, or
//! exact balances.

use anchor_lang::prelude::Pubkey;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use anchor_lang::solana_program::instruction::Instruction;
use loss_mutualization::events::ShortfallResolved;
use loss_mutualization::state::*;

async fn resolve_by(env: &mut TestEnv, resolver: &Keypair, bankrupt_owner: &Pubkey) -> TxResult {
    env.resolve_by(resolver, bankrupt_owner).await.1
}

/// Attack 1: a staker whose unstake request has unlocked leaves after a bankruptcy, before the
/// draw, at the pre-loss share value.
#[tokio::test]
async fn a_staker_cannot_leave_ahead_of_a_known_loss() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let early = env.wallet(500).await;
    let other = env.wallet(500).await;
    for s in [&early, &other] {
        env.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, 500)], &[&s.keypair]).await.unwrap();
    }
    let shares = env.stake_account(&early.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &early.pubkey(), shares)], &[&early.keypair]).await.unwrap();
    env.warp(8 * 86_400).await;

    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 700).await.unwrap(); // shortfall 600

    env.expect_rejected(
        &[ix::unstake(&k, &early.pubkey(), &early.token_account)],
        &[&early.keypair],
        LmError::LossResolutionPending,
        &[k.stake(&early.pubkey()), early.token_account],
    )
    .await;

    let anyone = env.wallet(0).await;
    resolve_by(&mut env, &anyone.keypair, &loser.pubkey()).await.unwrap();
    assert_eq!(env.fund().await.balance, 400, "the fund paid 600 of 1_000");
    // Both stakers bear the draw equally: the early one leaves with 200, not 500.
    env.send(&[ix::unstake(&k, &early.pubkey(), &early.token_account)], &[&early.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&early.token_account).await, 200);
    let fund = env.fund().await;
    assert_eq!(fund.balance, 200);
    assert_eq!(fund.value_of(env.stake_account(&other.pubkey()).await.shares).unwrap(), 200);
}

/// Attack 2: the winner of a bankrupt trade releases its matured profit before the loss is
/// assigned, so the loss falls on bystanders' deposits.
#[tokio::test]
async fn a_winner_cannot_release_profit_ahead_of_its_clawback() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let bystander = env.trader(10_000).await;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 700).await.unwrap(); // shortfall 600
    env.warp(MATURED_AFTER).await; // the winner's profit has matured

    env.expect_rejected(
        &[ix::release_profit(&k, &winner.pubkey())],
        &[&winner.keypair],
        LmError::LossResolutionPending,
        &[k.position(&winner.pubkey())],
    )
    .await;

    let anyone = env.wallet(0).await;
    resolve_by(&mut env, &anyone.keypair, &loser.pubkey()).await.unwrap();
    let market = env.market().await;
    let (clawback, haircut) = env.position(&winner.pubkey()).await.pending_charges(&market).unwrap();
    // 600 of 700: the exact share, plus one unit of rounding in favour of solvency.
    assert_eq!((clawback, haircut), (601, 0), "the winner's profit pays the loss");
    let (clawback, haircut) = env.position(&bystander.pubkey()).await.pending_charges(&market).unwrap();
    assert_eq!((clawback, haircut), (0, 0), "the bystander's deposit pays nothing");
    env.send(&[ix::release_profit(&k, &winner.pubkey())], &[&winner.keypair]).await.unwrap();
    assert_eq!(env.position(&winner.pubkey()).await.principal, 99);
}

/// Attack 3: money that arrives after a bankruptcy (a deposit or a stake) is charged part of it.
#[tokio::test]
async fn new_money_does_not_pay_an_old_loss() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    let newcomer = env.wallet(5_000).await;
    env.send(&[ix::open_position(&k, &newcomer.pubkey())], &[&newcomer.keypair]).await.unwrap();
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 700).await.unwrap();

    env.expect_rejected(
        &[ix::deposit(&k, &newcomer.pubkey(), &newcomer.token_account, 5_000)],
        &[&newcomer.keypair],
        LmError::LossResolutionPending,
        &[k.position(&newcomer.pubkey()), newcomer.token_account],
    )
    .await;
    env.expect_rejected(
        &[ix::stake(&k, &newcomer.pubkey(), &newcomer.token_account, 1_000)],
        &[&newcomer.keypair],
        LmError::LossResolutionPending,
        &[k.stake(&newcomer.pubkey()), newcomer.token_account],
    )
    .await;

    let anyone = env.wallet(0).await;
    resolve_by(&mut env, &anyone.keypair, &loser.pubkey()).await.unwrap();
    env.send(&[ix::deposit(&k, &newcomer.pubkey(), &newcomer.token_account, 4_000)], &[&newcomer.keypair])
        .await
        .unwrap();
    env.send(&[ix::stake(&k, &newcomer.pubkey(), &newcomer.token_account, 1_000)], &[&newcomer.keypair])
        .await
        .unwrap();
    assert_eq!(env.claim_of(&newcomer.pubkey()).await, 4_000);
    let fund = env.fund().await;
    assert_eq!(fund.value_of(env.stake_account(&newcomer.pubkey()).await.shares).unwrap(), 1_000);
}

/// Attack 4: one key (the risk authority) is needed to assign a loss, so an offline or hostile
/// risk key freezes every withdrawal. Anyone can resolve instead.
#[tokio::test]
async fn anyone_resolves_a_loss_and_withdrawals_resume() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let bystander = env.trader(1_000).await;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 101).await.unwrap(); // shortfall 1
    env.expect_rejected(
        &[ix::withdraw(&k, &bystander.pubkey(), &bystander.token_account, 1_000)],
        &[&bystander.keypair],
        LmError::LossResolutionPending,
        &[k.position(&bystander.pubkey()), bystander.token_account],
    )
    .await;

    // Once the liquidation's window has ended, the bystander resolves it itself, without any
    // authority's key, in front of its own withdrawal.
    env.end_liquidation_window().await;
    let ixs = [
        ix::resolve_shortfall(&k, &bystander.pubkey(), &loser.pubkey(), 0),
        ix::withdraw(&k, &bystander.pubkey(), &bystander.token_account, 1_000),
    ];
    let out = env.send(&ixs, &[&bystander.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&bystander.token_account).await, 1_000);
    let record = env.record(&k.record(&loser.pubkey(), 0)).await;
    assert_eq!((record.shortfall, record.clawback, record.resolver), (1, 1, bystander.pubkey()));
    let resolved: ShortfallResolved = event(&out);
    assert_eq!((resolved.shortfall, resolved.clawback, resolved.resolver), (1, 1, bystander.pubkey()));
    assert_eq!(env.market().await.pending_shortfall, 0);
}

/// Attack 5: one liquidation filled in several parts, with the shortfall recorded between the
/// fills, draws the per-event insurance cap once per part. Its fills are one loss event now; a
/// liquidation split anyway shares one cap within its draw window.
#[tokio::test]
async fn a_split_liquidation_draws_one_insurance_cap() {
    let params = MarketParams { max_draw_per_event: 100, ..default_params() };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    let winners = [env.trader(0).await, env.trader(0).await, env.trader(0).await];
    let loser = env.trader(50).await;
    let keeper = env.wallet(0).await;
    // Fill one: 50 from collateral, 100 short. Fills two and three: 100 short each, booked into
    // the same liquidation: one loss event, one cap.
    for (winner, amount) in winners.iter().zip([150, 100, 100]) {
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), amount).await.unwrap();
    }
    resolve_by(&mut env, &keeper.keypair, &loser.pubkey()).await.unwrap();
    let fund = env.fund().await;
    assert_eq!(fund.balance, 900, "one liquidation, one cap of 100");
    assert_eq!(env.insurance_vault_balance().await, 900);
    let record = env.record(&k.record(&loser.pubkey(), 0)).await;
    assert_eq!((record.shortfall, record.insurance_paid, record.clawback), (300, 100, 200));
    let position = env.position(&loser.pubkey()).await;
    assert_eq!((position.shortfall_count, position.event_cap.drawn), (1, 100));

    // Split anyway (the clearing authority resolves early and books another bankrupting fill):
    // the second part shares the cap of its draw window, so the fund pays nothing more.
    let clearing = env.clearing.insecure_clone();
    env.mint_to(&loser.token_account, 2).await;
    env.send(&[ix::deposit(&k, &loser.pubkey(), &loser.token_account, 1)], &[&loser.keypair]).await.unwrap();
    env.apply_pnl(&winners[1].pubkey(), &loser.pubkey(), 101).await.unwrap();
    env.resolve_by(&clearing, &loser.pubkey()).await.1.unwrap();
    assert_eq!(env.record(&k.record(&loser.pubkey(), 1)).await.insurance_paid, 0);
    assert_eq!(env.fund().await.balance, 900);

    // After the cap's window, a new liquidation of the same position has its own cap.
    env.warp(86_400).await;
    env.send(&[ix::deposit(&k, &loser.pubkey(), &loser.token_account, 1)], &[&loser.keypair]).await.unwrap();
    env.apply_pnl(&winners[0].pubkey(), &loser.pubkey(), 101).await.unwrap();
    resolve_by(&mut env, &keeper.keypair, &loser.pubkey()).await.unwrap();
    assert_eq!(env.record(&k.record(&loser.pubkey(), 2)).await.insurance_paid, 100);
    assert_eq!(env.fund().await.balance, 800);
}

/// Attack 6: rounding dust released while a loss is pending takes capital from the books that
/// the pending loss needs (the loss can then exceed both pools, or land on deposits).
#[tokio::test]
async fn dust_is_not_released_while_a_loss_is_pending() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let counterparty = env.trader(10_000).await;
    let winners = [env.trader(0).await, env.trader(0).await, env.trader(0).await, env.trader(0).await];
    let dave = env.trader(100).await;
    let keeper = env.wallet(0).await;
    for (winner, amount) in winners[..3].iter().zip([500, 700, 1_100]) {
        env.apply_pnl(&winner.pubkey(), &counterparty.pubkey(), amount).await.unwrap();
    }
    // Dave loses 1_400 with 100 of collateral: 1_300 over 3_700 of at-risk profit. Charges
    // round up (176 + 246 + 387 + 492 = 1_301): one unit of dust once all four have settled.
    env.apply_pnl(&winners[3].pubkey(), &dave.pubkey(), 1_400).await.unwrap();
    resolve_by(&mut env, &keeper.keypair, &dave.pubkey()).await.unwrap();
    for w in &winners[..3] {
        env.send(&[ix::settle(&k, &w.pubkey())], &[&w.keypair]).await.unwrap();
    }
    assert_eq!(env.market().await.dust_pending, 0);

    // A new bankruptcy, 100 short; the last winner settles inside the window.
    let loser = env.trader(1).await;
    env.apply_pnl(&winners[0].pubkey(), &loser.pubkey(), 101).await.unwrap();
    let before = env.market().await;
    let last = &winners[3];
    let out = env.send(&[ix::settle(&k, &last.pubkey())], &[&last.keypair]).await.unwrap();
    let settled: loss_mutualization::events::PositionSettled = event(&out);
    assert_eq!(settled.clawback_charged, 492);
    assert_eq!(settled.dust_released, 0, "no dust leaves the books while a loss is pending");
    let after = env.market().await;
    assert_eq!(after.dust_pending, 0);
    assert_eq!(after.profit_pool.total, before.profit_pool.total);

    // Once the loss is assigned and everyone has settled, the dust is released in full.
    resolve_by(&mut env, &keeper.keypair, &loser.pubkey()).await.unwrap();
    for w in &winners {
        env.send(&[ix::settle(&k, &w.pubkey())], &[&w.keypair]).await.unwrap();
    }
    let market = env.market().await;
    assert!(market.dust_pending >= 1, "dust {}", market.dust_pending);
    let owners: Vec<_> = winners.iter().chain([&counterparty, &dave, &loser]).map(|w| w.pubkey()).collect();
    env.assert_solvent(&owners).await;
    env.send(&[ix::sweep_dust(&k)], &[]).await.unwrap();
    env.assert_solvent(&owners).await;
}

/// Attack 7: a keeper prepares the resolution of a bankrupt position; someone else resolves it
/// (or another position) first. The keeper's prepared transaction must not fail.
#[tokio::test]
async fn a_front_run_resolution_does_not_fail_the_keeper() {
    let mut env = TestEnv::start().await;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 300).await.unwrap();
    let keeper = env.wallet(0).await;
    let prepared = [ix::resolve_shortfall(&env.keys, &keeper.pubkey(), &loser.pubkey(), 0)];

    let front_runner = env.wallet(0).await;
    resolve_by(&mut env, &front_runner.keypair, &loser.pubkey()).await.unwrap();
    let market_before = env.market().await;
    let watched = env.watched(&[env.keys.position(&loser.pubkey())]);
    let before = env.snapshot(&watched).await;
    env.send(&prepared, &[&keeper.keypair]).await.expect("the keeper's late resolution is a no-op");
    assert_eq!(env.snapshot(&watched).await, before, "the second resolution changed nothing");
    assert_eq!(env.market().await.shortfall_seq, market_before.shortfall_seq);
}

/// Attack 9: lifetime counters near their limit must never make settlement fail.
#[tokio::test]
async fn lifetime_counters_cannot_block_settlement() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 300).await.unwrap();
    let keeper = env.wallet(0).await;
    resolve_by(&mut env, &keeper.keypair, &loser.pubkey()).await.unwrap();

    // A long-lived position whose lifetime clawback counter has reached u64::MAX.
    let key = k.position(&winner.pubkey());
    let mut position = env.position(&winner.pubkey()).await;
    position.lifetime_clawback_paid = u64::MAX.into();
    env.write_account(&key, &position).await;
    env.send(&[ix::settle(&k, &winner.pubkey())], &[&winner.keypair]).await.expect("settle");
    let after = env.position(&winner.pubkey()).await;
    // 200 of 300 clawed back, rounded up by one unit.
    assert_eq!(after.at_risk_profit(), 99);
    assert_eq!(u128::from(after.lifetime_clawback_paid), u64::MAX as u128 + 201);
}

/// Inside the window, every other operation that would change who pays waits too (trades,
/// donations, parameter changes), while those that cannot (settling, unstake requests, opening
/// a position) go on. Each refused call goes through once the loss is assigned.
#[tokio::test]
async fn the_window_freezes_every_change_of_who_pays() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let clearing = env.clearing.insecure_clone();
    let a = env.trader(1_000).await;
    let b = env.trader(1_000).await;
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 500)], &[&staker.keypair]).await.unwrap();
    // A change of the insurance caps, its notice served.
    let change = env.propose(Change::Params(ParamsChange { max_draw_per_event: Some(1), ..Default::default() })).await;
    env.serve_notice(change).await;
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 40).await.unwrap(); // 30 short

    let wait: Vec<(Instruction, Vec<&Keypair>)> = vec![
        (ix::apply_pnl(&k, &clearing.pubkey(), &a.pubkey(), &b.pubkey(), 10), vec![&clearing]),
        (ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 10), vec![&staker.keypair]),
        (ix::apply_change(&k, &admin.pubkey(), change, &admin.pubkey()), vec![&admin]),
    ];
    // Sweeping dust into the fund would change how much of the loss the fund pays: it waits
    // too (here there is no dust, and the pending loss is what it reports).
    env.expect_rejected(&[ix::sweep_dust(&k)], &[], LmError::LossResolutionPending, &[]).await;
    let watched = [k.position(&a.pubkey()), k.position(&b.pubkey()), k.stake(&staker.pubkey()), staker.token_account];
    for (instruction, signers) in &wait {
        env.expect_rejected(&[instruction.clone()], signers, LmError::LossResolutionPending, &watched).await;
    }
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares / 2)], &[&staker.keypair]).await.unwrap();
    env.send(&[ix::cancel_unstake(&k, &staker.pubkey())], &[&staker.keypair]).await.unwrap();
    env.send(&[ix::settle(&k, &a.pubkey())], &[&a.keypair]).await.unwrap();
    let fresh = env.wallet(0).await;
    env.send(&[ix::open_position(&k, &fresh.pubkey())], &[&fresh.keypair]).await.unwrap();

    // The split was decided by the state at the bankruptcy: 30 from the fund of 500.
    let (record, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    outcome.unwrap();
    assert_eq!(env.record(&record).await.insurance_paid, 30);
    for (instruction, signers) in wait {
        env.send(&[instruction], &signers).await.unwrap();
    }
    assert_eq!(env.fund().await.max_draw_per_event, 1);
    assert_eq!(env.position(&a.pubkey()).await.at_risk_profit(), 10);
}

/// Resolving a position that is not bankrupt is a no-op that succeeds; a record address that
/// is not the position's next one is refused with a named error, and the right one works.
#[tokio::test]
async fn resolution_is_idempotent_and_checks_its_record_address() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let anyone = env.wallet(0).await;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;
    let watched = env.watched(&[k.position(&loser.pubkey()), k.record(&loser.pubkey(), 0)]);

    // Never bankrupt: nothing to do, nothing changes.
    let before = env.snapshot(&watched).await;
    env.send(&[ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0)], &[&anyone.keypair]).await.unwrap();
    assert_eq!(env.snapshot(&watched).await, before);

    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 150).await.unwrap();
    env.end_liquidation_window().await;
    // Another position's record address, or a later one of this position: refused.
    for wrong in [k.record(&winner.pubkey(), 0), k.record(&loser.pubkey(), 1)] {
        let bad = ix::with_account(ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0), 3, wrong);
        env.expect_rejected(&[bad], &[&anyone.keypair], LmError::WrongShortfallRecord, &[k.position(&loser.pubkey()), wrong]).await;
    }
    // Lamports sent to the record address beforehand do not block its creation.
    let record = k.record(&loser.pubkey(), 0);
    env.airdrop(&record, 1_000_000).await;
    let out = env.send(&[ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0)], &[&anyone.keypair]).await.unwrap();
    assert_eq!(event::<ShortfallResolved>(&out).shortfall, 50);
    let account = env.account(&record).await.unwrap();
    assert_eq!(account.owner, loss_mutualization::ID);
    let stored = env.record(&record).await;
    assert_eq!((stored.shortfall, stored.position_seq, stored.seq), (50, 0, 0));
    assert_eq!(env.position(&loser.pubkey()).await.shortfall_count, 1);
}
