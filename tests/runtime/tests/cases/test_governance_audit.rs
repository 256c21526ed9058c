//! Findings of the audit of governance with notice (docs/SECURITY.md): each test performs the
//! auditor's sequence and asserts what users expect, with its well-formed twin.

use anchor_lang::prelude::Pubkey;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::ShortfallResolved;
use loss_mutualization::math::maturity::longest_maturity;
use loss_mutualization::state::*;

const DAY: i64 = 86_400;

fn evil_clearing(key: Pubkey) -> Change {
    Change::Authorities { risk_authority: None, clearing_authority: Some(key) }
}

/// F1 (high): raising the notice on the spot made a lapsed change due again (open time 100 days
/// against a notice of 95), with no notice at all. A change lapses by the notice it was proposed
/// with; a longer notice only delays it.
#[tokio::test]
async fn a_lapsed_change_stays_lapsed_when_the_notice_is_raised() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let evil = Keypair::new();
    let seq = env.propose(evil_clearing(evil.pubkey())).await;
    env.warp(16 * DAY).await;
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply.clone()], &[&admin], LmError::ChangeLapsed, &[k.change(seq)]).await;
    env.warp(84 * DAY).await;
    let raise = ix::raise_notice(&k, &admin.pubkey(), 95 * DAY);
    env.expect_rejected(&[raise, apply], &[&admin], LmError::ChangeLapsed, &[k.change(seq)]).await;
    assert_eq!(env.market().await.clearing_authority, env.clearing.pubkey());

    // The twin: a change proposed now, with the notice raised at once, applies after the longer one.
    let seq = env.propose(evil_clearing(evil.pubkey())).await;
    env.raise_notice(10 * DAY).await;
    env.warp(10 * DAY - 1).await;
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply], &[&admin], LmError::NoticeNotServed, &[k.change(seq)]).await;
    env.warp(1).await;
    env.apply_change_by(&admin, seq).await.unwrap();
    assert_eq!(env.market().await.clearing_authority, evil.pubkey());
}

/// F2 (high): pausing trading kept `set_margin` from unlocking a trader's margin while the
/// notice ran on, so the locked collateral could not leave. Trading is an exit pause now.
#[tokio::test]
async fn a_trading_pause_stops_the_notice() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (admin, risk, clearing) = (env.admin.insecure_clone(), env.risk.insecure_clone(), env.clearing.insecure_clone());
    let trader = env.trader(10_000).await;
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 8_000)], &[&clearing]).await.unwrap();
    let seq = env.propose(evil_clearing(Keypair::new().pubkey())).await;
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_APPLY_PNL)], &[&risk]).await.unwrap();
    env.warp(9 * DAY).await;
    let unlock = ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 0);
    env.expect_rejected(&[unlock.clone()], &[&clearing], LmError::OperationPaused, &[k.position(&trader.pubkey())]).await;
    assert_eq!(env.notice_remaining(seq).await, 9 * DAY);
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply], &[&admin], LmError::NoticeNotServed, &[k.change(seq)]).await;
    // Trading resumes: the margin is unlocked and the trader leaves with everything.
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    env.send(&[unlock], &[&clearing]).await.unwrap();
    env.send(&[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 10_000)], &[&trader.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&trader.token_account).await, 10_000);
    env.serve_notice(seq).await;
    env.apply_change_by(&admin, seq).await.unwrap();
}

/// F3 (medium): switching an exit pause for a Resolve pause with a loss pending counted as
/// reopening exits, so a day later the admin could lift everything, resolve and apply in one
/// transaction with no open second before. The day before a change is a day of open time.
#[tokio::test]
async fn a_pending_loss_is_not_open_time_before_a_change() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (admin, risk) = (env.admin.insecure_clone(), env.risk.insecure_clone());
    let seq = env.propose(Change::Params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() })).await;
    env.serve_notice(seq).await;
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_WITHDRAW)], &[&risk]).await.unwrap();
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 20).await.unwrap();
    env.send(&[ix::set_pause(&k, &admin.pubkey(), PAUSE_RESOLVE)], &[&admin]).await.unwrap();
    env.warp(DAY).await;
    lift_resolve_and_apply_waits_a_day(&mut env, &loser.pubkey(), seq).await;
}

/// F4 (medium): a change lowering the maturity (30 days to 1 hour) with the notice (36 to 9
/// days), then a new change with 9 days' notice, caught a gain booked under 30 days still
/// maturing. A proposal now waits for gains of the longer period, plus the floor's two days.
#[tokio::test]
async fn a_change_after_a_shorter_maturity_waits_for_gains_of_the_longer_one() {
    let params = MarketParams { profit_maturity_secs: 30 * DAY, notice_secs: 36 * DAY, ..default_params() };
    let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let (trader, rival) = (env.trader(0).await, env.trader(50_000).await);
    let shorter = env.propose(Change::Params(ParamsChange {
        profit_maturity_secs: Some(3_600),
        notice_secs: Some(9 * DAY),
        ..Default::default()
    }))
    .await;
    env.warp(36 * DAY - 1).await;
    env.apply_pnl(&trader.pubkey(), &rival.pubkey(), 50_000).await.unwrap();
    env.warp(1).await;
    env.apply_change_by(&admin, shorter).await.unwrap();
    let now = env.now().await;
    let market = env.market().await;
    assert_eq!(market.old_maturity_ends_at, now + longest_maturity(30 * DAY));
    let seq = env.propose(evil_clearing(Keypair::new().pubkey())).await;
    let notice = env.pending_change(seq).await.notice_secs;
    assert_eq!(notice, 2 * DAY + longest_maturity(30 * DAY));
    // The gain matures before the change can apply, and the trader leaves with it.
    let matures_at = env.position(&trader.pubkey()).await.maturing.iter().map(|e| e.matures_at).max().unwrap();
    env.warp(matures_at - now).await;
    env.send(&[ix::release_profit(&k, &trader.pubkey())], &[&trader.keypair]).await.unwrap();
    env.send(&[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 50_000)], &[&trader.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&trader.token_account).await, 50_000);
    assert!(env.notice_remaining(seq).await >= 2 * DAY - 1);
    // The twin: once those gains have matured, a proposal waits the market's notice again.
    env.warp(longest_maturity(30 * DAY)).await;
    let later = env.propose(evil_clearing(Keypair::new().pubkey())).await;
    assert_eq!(env.pending_change(later).await.notice_secs, 9 * DAY);
}

/// F5 (medium, before governance): the insurance allowance kept refilling while a loss waited,
/// so pausing Resolve for a day (or a late keeper) made the fund pay 1,000 instead of the few
/// units refilled by then. The fund now draws as of the bankruptcy (second audit: as of the
/// window's end let the clearing authority choose by resolving early, and booking the draw in
/// the past let the next loss spend the same refill again), and books the draw now.
#[tokio::test]
async fn when_a_loss_is_resolved_does_not_change_what_the_fund_pays() {
    let mut paid = Vec::new();
    for late in [false, true] {
        let params = MarketParams { max_draw_per_event: 1_000, draw_window_cap: 1_000, ..default_params() };
        let mut env = TestEnv::start_with(TokenKind::SplToken, params).await;
        let k = env.keys;
        let (admin, risk) = (env.admin.insecure_clone(), env.risk.insecure_clone());
        let staker = env.wallet(10_000).await;
        env.send(&[ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 10_000)], &[&staker.keypair]).await.unwrap();
        let winner = env.trader(0).await;
        let (first, second) = (env.trader(100).await, env.trader(100).await);
        env.apply_pnl(&winner.pubkey(), &first.pubkey(), 1_100).await.unwrap();
        let clearing = env.clearing.insecure_clone();
        env.resolve_by(&clearing, &first.pubkey()).await.1.unwrap();
        assert_eq!(env.fund().await.draw_allowance, 0);
        env.warp(600).await;
        env.apply_pnl(&winner.pubkey(), &second.pubkey(), 1_100).await.unwrap();
        if late {
            env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_RESOLVE)], &[&risk]).await.unwrap();
            env.warp(DAY).await;
            env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
        }
        let (_, outcome) = env.resolve_shortfall(&second.pubkey()).await;
        paid.push(event::<ShortfallResolved>(&outcome.unwrap()).insurance_paid);
    }
    // 600 s of refill at 1,000 per day by the bankruptcy: 6 units, on time or a day late.
    assert_eq!(paid, vec![6, 6]);
}

/// F6 (low): with one halt clock for exits and unstaking, a Withdraw pause kept an unlocked
/// unstake request alive although unstaking stayed open (a standing free exit). Only an Unstake
/// pause or a pending loss moves a request now.
#[tokio::test]
async fn a_withdraw_pause_does_not_keep_an_unstake_request_alive() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let risk = env.risk.insecure_clone();
    let (lapsing, _) = env.staker_with_request(1_000).await;
    let (using, _) = env.staker_with_request(1_000).await;
    env.warp(7 * DAY + 3_600).await;
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_WITHDRAW)], &[&risk]).await.unwrap();
    // Inside its window, during the pause: paid.
    env.warp(DAY).await;
    env.send(&[ix::unstake(&k, &using.pubkey(), &using.token_account)], &[&using.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&using.token_account).await, 1_000);
    // After its two-day window, the pause notwithstanding: lapsed.
    env.warp(DAY).await;
    let unstake = ix::unstake(&k, &lapsing.pubkey(), &lapsing.token_account);
    env.expect_rejected(&[unstake], &[&lapsing.keypair], LmError::UnstakeRequestLapsed, &[k.stake(&lapsing.pubkey())]).await;
}

/// Second audit, M1: a Resolve pause holding a pending loss froze exits without counting as a
/// pause, so when it was lifted (with the loss resolved and the change applied in the same
/// transaction) the day of open exits before a change was skipped. A halt held by a pause, or
/// longer than a liquidation may last, now reopens exits only when it ends.
#[tokio::test]
async fn a_resolve_pause_holding_a_loss_counts_as_a_pause_before_a_change() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let risk = env.risk.insecure_clone();
    let seq = env.propose(Change::Params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() })).await;
    env.serve_notice(seq).await;
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 20).await.unwrap();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_RESOLVE)], &[&risk]).await.unwrap();
    env.warp(30 * DAY).await;
    lift_resolve_and_apply_waits_a_day(&mut env, &loser.pubkey(), seq).await;
}

/// After a freeze held by a pause and a pending loss: lifting every pause, resolving the loss and
/// applying change `seq` in one transaction is refused (`ExitsNotOpenLongEnough`, nothing
/// changes); the twin without the change goes through, and the change (a per-event cap of 5)
/// applies after exactly a day of open exits.
async fn lift_resolve_and_apply_waits_a_day(env: &mut TestEnv, loser: &Pubkey, seq: u64) {
    let (k, admin) = (env.keys, env.admin.insecure_clone());
    let position_seq = env.position(loser).await.shortfall_count;
    let all_at_once = [
        ix::set_pause(&k, &admin.pubkey(), 0),
        ix::resolve_shortfall(&k, &admin.pubkey(), loser, position_seq),
        ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey()),
    ];
    let watched = [k.change(seq), k.position(loser)];
    env.expect_rejected(&all_at_once, &[&admin], LmError::ExitsNotOpenLongEnough, &watched).await;
    env.send(&all_at_once[..2], &[&admin]).await.unwrap();
    env.warp(DAY - 1).await;
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply], &[&admin], LmError::ExitsNotOpenLongEnough, &[k.change(seq)]).await;
    env.warp(1).await;
    env.apply_change_by(&admin, seq).await.unwrap();
    assert_eq!(env.fund().await.max_draw_per_event, 5);
}
