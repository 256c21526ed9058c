//! Governance with notice: every change of the rules or of who holds power is proposed in
//! public and applies only after the notice period, which users can leave in.

use anchor_lang::Space;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::math::constants::{CHANGE_APPLY_WINDOW_SECS, EXITS_OPEN_BEFORE_CHANGE_SECS, MIN_NOTICE_SECS};
use loss_mutualization::state::*;

const DAY: i64 = 86_400;

fn params(change: ParamsChange) -> Change {
    Change::Params(change)
}

/// Issue 20's attack: with one admin key, in one transaction, set the maturity to zero, make a
/// fresh key the clearing authority, book both victims' principal as the attacker's profit,
/// release it and withdraw it. (Run on the program before this change, in the same
/// transaction with its immediate `update_params` and `set_authorities`, it moved 1,000,000 to
/// the attacker and left both victims with 0: docs/SECURITY.md.) Now the proposals are public
/// and wait: the fresh key is refused, the victims (and a staker) leave during the notice, and
/// when the change applies there is nothing left to take.
#[tokio::test]
async fn the_admin_key_cannot_drain_deposits_and_users_leave_during_the_notice() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let v1 = env.trader(400_000).await;
    let v2 = env.trader(600_000).await;
    let staker = env.wallet(300_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 300_000)], &[&staker.keypair]).await.unwrap();
    let attacker = env.trader(0).await;
    let thief = Keypair::new();
    env.airdrop(&thief.pubkey(), 1_000_000_000).await;

    let proposals = [
        ix::propose_change(&k, &admin.pubkey(), 0, params(ParamsChange { profit_maturity_secs: Some(0), ..Default::default() })),
        ix::propose_change(
            &k,
            &admin.pubkey(),
            1,
            Change::Authorities { risk_authority: None, clearing_authority: Some(thief.pubkey()) },
        ),
    ];
    let drain = [
        ix::apply_pnl(&k, &thief.pubkey(), &attacker.pubkey(), &v1.pubkey(), 400_000),
        ix::apply_pnl(&k, &thief.pubkey(), &attacker.pubkey(), &v2.pubkey(), 600_000),
        ix::release_profit(&k, &attacker.pubkey()),
        ix::withdraw(&k, &attacker.pubkey(), &attacker.token_account, 1_000_000),
    ];
    let one_transaction: Vec<_> = proposals.iter().chain(drain.iter()).cloned().collect();
    let watched = [
        k.position(&v1.pubkey()),
        k.position(&v2.pubkey()),
        k.position(&attacker.pubkey()),
        attacker.token_account,
        k.change(0),
        k.change(1),
    ];
    env.expect_rejected(&one_transaction, &[&admin, &thief, &attacker.keypair], LmError::NotClearingAuthority, &watched)
        .await;
    // The same proposals alone go through: they are public from now on, and change nothing yet.
    let out = env.send(&proposals, &[&admin]).await.unwrap();
    let proposed = events::<ChangeProposed>(&out.logs);
    assert_eq!(proposed.len(), 2);
    assert_eq!((proposed[1].seq, proposed[1].notice_secs, proposed[1].proposer), (1, 9 * DAY, admin.pubkey()));
    let market = env.market().await;
    assert_eq!((market.profit_maturity_secs, market.clearing_authority), (3_600, env.clearing.pubkey()));
    env.expect_rejected(&drain, &[&thief, &attacker.keypair], LmError::NotClearingAuthority, &watched).await;

    // A day later the victims see it and leave with all of their principal; the staker asks to
    // unstake, and its week-long delay ends before the change can apply.
    env.warp(DAY).await;
    for (victim, amount) in [(&v1, 400_000), (&v2, 600_000)] {
        env.send(&[ix::withdraw(&k, &victim.pubkey(), &victim.token_account, amount)], &[&victim.keypair]).await.unwrap();
        assert_eq!(env.token_balance(&victim.token_account).await, amount);
    }
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    env.warp(7 * DAY).await;
    assert_eq!(env.notice_remaining(1).await, DAY);
    env.send(&[ix::unstake(&k, &staker.pubkey(), &staker.token_account)], &[&staker.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&staker.token_account).await, 300_000);
    // Refused before its time, by anyone.
    env.expect_rejected(&[ix::apply_change(&k, &thief.pubkey(), 1, &admin.pubkey())], &[&thief], LmError::NoticeNotServed, &watched)
        .await;

    // The change applies after its notice; there is nothing left to take.
    env.serve_notice(1).await;
    env.apply_change_by(&thief, 0).await.unwrap();
    env.apply_change_by(&thief, 1).await.unwrap();
    assert_eq!(env.market().await.clearing_authority, thief.pubkey());
    let result = env.send(&drain[..1], &[&thief]).await;
    assert_eq!(custom_error(&result), Some(error_code(LmError::ShortfallAboveBound)));
    assert_eq!(env.token_balance(&attacker.token_account).await, 0);
    assert_eq!(env.vault_balance().await, 0);
    assert_eq!(env.insurance_vault_balance().await, 0);
}

/// Each kind of change: refused from anyone but the admin (its twin from the admin goes
/// through), refused before its time with nothing changed, applied at its time with exactly
/// its effect, its rent back to the proposer.
#[tokio::test]
async fn each_kind_of_change_applies_exactly_at_its_notice() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let risk = env.risk.insecure_clone();
    let anyone = env.payer();
    let (new_risk, new_clearing) = (Keypair::new(), Keypair::new());
    let change = params(ParamsChange {
        profit_maturity_secs: Some(60),
        max_draw_per_event: Some(77),
        draw_window_cap: Some(100),
        ..Default::default()
    });
    env.expect_rejected(&[ix::propose_change(&k, &risk.pubkey(), 0, change)], &[&risk], LmError::NotAdmin, &[k.change(0)])
        .await;
    let seq = env.propose(change).await;
    let authorities = Change::Authorities { risk_authority: Some(new_risk.pubkey()), clearing_authority: Some(new_clearing.pubkey()) };
    let seq2 = env.propose(authorities).await;
    assert_eq!((seq, seq2, env.market().await.change_count), (0, 1, 2));
    let pending = env.pending_change(seq).await;
    assert_eq!((pending.change, pending.notice_secs, pending.proposer), (change, 9 * DAY, admin.pubkey()));

    env.warp(9 * DAY - 1).await;
    for s in [seq, seq2] {
        env.expect_rejected(&[ix::apply_change(&k, &anyone.pubkey(), s, &admin.pubkey())], &[&anyone], LmError::NoticeNotServed, &[k.change(s)])
            .await;
    }
    env.warp(1).await;
    // The rent goes back to the proposer, not to whoever applies.
    let rent = env.account(&k.change(seq)).await.unwrap().lamports;
    assert_eq!(rent, env.minimum_balance(8 + PendingChange::INIT_SPACE).await);
    let lamports = env.account(&admin.pubkey()).await.unwrap().lamports;
    let out = env.apply_change_by(&anyone, seq).await.unwrap();
    assert_eq!(env.account(&admin.pubkey()).await.unwrap().lamports, lamports + rent);
    assert!(env.account(&k.change(seq)).await.is_none());
    let updated: ParamsUpdated = event(&out);
    assert_eq!((updated.profit_maturity_secs, updated.max_draw_per_event, updated.draw_window_cap), (60, 77, 100));
    assert_eq!(event::<ChangeApplied>(&out).seq, seq);
    let fund = env.fund().await;
    assert_eq!((fund.max_draw_per_event, fund.draw_window_cap, fund.draw_allowance), (77, 100, 100));
    assert_eq!(env.market().await.profit_maturity_secs, 60);
    // Applied once only: the change is closed.
    let again = env.send(&[ix::apply_change(&k, &anyone.pubkey(), seq, &admin.pubkey())], &[&anyone]).await;
    assert_eq!(custom_error(&again), Some(anchor_lang::error::ErrorCode::AccountNotInitialized as u32));

    let out = env.apply_change_by(&anyone, seq2).await.unwrap();
    let set: AuthoritiesSet = event(&out);
    assert_eq!((set.risk_authority, set.clearing_authority), (new_risk.pubkey(), new_clearing.pubkey()));
    let market = env.market().await;
    assert_eq!((market.risk_authority, market.clearing_authority), (new_risk.pubkey(), new_clearing.pubkey()));
    // The old clearing authority can no longer move PnL; the new one can.
    let a = env.trader(100).await;
    let b = env.trader(100).await;
    let old = env.clearing.insecure_clone();
    let positions = [k.position(&a.pubkey()), k.position(&b.pubkey())];
    env.expect_rejected(&[ix::apply_pnl(&k, &old.pubkey(), &a.pubkey(), &b.pubkey(), 10)], &[&old], LmError::NotClearingAuthority, &positions)
        .await;
    env.send(&[ix::apply_pnl(&k, &new_clearing.pubkey(), &a.pubkey(), &b.pubkey(), 10)], &[&new_clearing]).await.unwrap();
    assert_eq!(env.position(&a.pubkey()).await.realized_pnl, 10);
}

/// The admin transfer waits like any change, and only the new admin can apply it (a mistyped
/// key cannot take the role). The old admin then has no power; the new one has all of it.
#[tokio::test]
async fn the_admin_transfer_waits_and_the_new_admin_applies_it() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let next = Keypair::new();
    env.airdrop(&next.pubkey(), 1_000_000_000).await;
    let seq = env.propose(Change::Admin { new_admin: next.pubkey() }).await;
    env.expect_rejected(&[ix::apply_change(&k, &next.pubkey(), seq, &admin.pubkey())], &[&next], LmError::NoticeNotServed, &[k.change(seq)])
        .await;
    env.serve_notice(seq).await;
    env.expect_rejected(&[ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey())], &[&admin], LmError::NotPendingAdmin, &[k.change(seq)])
        .await;
    let out = env.apply_change_by(&next, seq).await.unwrap();
    let transferred: AdminTransferred = event(&out);
    assert_eq!((transferred.previous_admin, transferred.admin), (admin.pubkey(), next.pubkey()));
    assert_eq!(env.market().await.admin, next.pubkey());

    let change = params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() });
    env.expect_rejected(&[ix::propose_change(&k, &admin.pubkey(), 1, change)], &[&admin], LmError::NotAdmin, &[k.change(1)]).await;
    env.expect_rejected(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin], LmError::NotAdmin, &[]).await;
    env.send(&[ix::propose_change(&k, &next.pubkey(), 1, change)], &[&next]).await.unwrap();
    assert_eq!(env.pending_change(1).await.proposer, next.pubkey());
}

/// Bad changes are refused when proposed, with the rule they break, and create nothing; a
/// well-formed one then goes through.
#[tokio::test]
async fn a_malformed_change_is_refused_when_proposed() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let p = |change: ParamsChange| params(change);
    let none = ParamsChange::default();
    let cases = [
        (p(ParamsChange { profit_maturity_secs: Some(-1), ..none }), LmError::ProfitMaturityOutOfRange),
        (p(ParamsChange { profit_maturity_secs: Some(31 * DAY), ..none }), LmError::ProfitMaturityOutOfRange),
        (p(ParamsChange { max_draw_per_event: Some(0), ..none }), LmError::EventCapZero),
        (p(ParamsChange { draw_window_cap: Some(0), ..none }), LmError::WindowCapZero),
        (p(ParamsChange { draw_window_secs: Some(0), ..none }), LmError::DrawWindowOutOfRange),
        (p(ParamsChange { unstake_delay_secs: Some(91 * DAY), ..none }), LmError::UnstakeDelayOutOfRange),
        (p(ParamsChange { notice_secs: Some(MIN_NOTICE_SECS - 1), ..none }), LmError::NoticeOutOfRange),
        // A longer unstake delay or maturity needs a longer notice first.
        (p(ParamsChange { unstake_delay_secs: Some(8 * DAY), ..none }), LmError::NoticeShorterThanExit),
        (p(ParamsChange { notice_secs: Some(9 * DAY - 1), ..none }), LmError::NoticeShorterThanExit),
        (p(ParamsChange { max_draw_per_event: Some(1_000_000_000), ..none }), LmError::EmptyChange),
        (p(none), LmError::EmptyChange),
        (Change::Authorities { risk_authority: None, clearing_authority: None }, LmError::EmptyChange),
        (Change::Authorities { risk_authority: Some(env.risk.pubkey()), clearing_authority: None }, LmError::EmptyChange),
        (Change::Authorities { risk_authority: Some(Default::default()), clearing_authority: None }, LmError::DefaultAuthority),
        (Change::Admin { new_admin: Default::default() }, LmError::DefaultAuthority),
        (Change::Admin { new_admin: admin.pubkey() }, LmError::PendingAdminIsAdmin),
    ];
    for (change, error) in cases {
        env.expect_rejected(&[ix::propose_change(&k, &admin.pubkey(), 0, change)], &[&admin], error, &[k.change(0)]).await;
    }
    assert_eq!(env.market().await.change_count, 0);
    // The twin: an eight-day delay goes through once the notice covers it.
    env.raise_notice(10 * DAY).await;
    env.propose(p(ParamsChange { unstake_delay_secs: Some(8 * DAY), ..none })).await;
}

/// Raising the notice is immediate and also holds changes already pending (within their apply
/// window: one held past it lapses, `test_governance_audit`); lowering it is a change that
/// waits for the current (longer) period.
#[tokio::test]
async fn raising_the_notice_is_immediate_and_lowering_it_waits() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let risk = env.risk.insecure_clone();
    let pending = env.propose(params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() })).await;
    env.expect_rejected(&[ix::raise_notice(&k, &risk.pubkey(), 14 * DAY)], &[&risk], LmError::NotAdmin, &[]).await;
    for (secs, error) in [(9 * DAY, LmError::NoticeNotRaised), (366 * DAY, LmError::NoticeOutOfRange)] {
        env.expect_rejected(&[ix::raise_notice(&k, &admin.pubkey(), secs)], &[&admin], error, &[]).await;
    }
    let out = env.send(&[ix::raise_notice(&k, &admin.pubkey(), 14 * DAY)], &[&admin]).await.unwrap();
    assert_eq!(event::<NoticeRaised>(&out).notice_secs, 14 * DAY);
    assert_eq!(env.market().await.notice_secs, 14 * DAY);
    assert_eq!(env.notice_remaining(pending).await, 14 * DAY);

    // Back to nine days: proposed now, it waits the fourteen.
    let lower = env.propose(params(ParamsChange { notice_secs: Some(9 * DAY), ..Default::default() })).await;
    env.warp(14 * DAY - 1).await;
    let proposer = admin.pubkey();
    env.expect_rejected(&[ix::apply_change(&k, &proposer, lower, &proposer)], &[&admin], LmError::NoticeNotServed, &[k.change(lower)])
        .await;
    env.warp(1).await;
    env.apply_change_by(&admin, pending).await.unwrap();
    assert_eq!(env.fund().await.max_draw_per_event, 5);
    env.apply_change_by(&admin, lower).await.unwrap();
    assert_eq!(env.market().await.notice_secs, 9 * DAY);
}

/// A pause of an exit stops the notice; once lifted, exits must stay open a whole day before a
/// change applies (short openings between pauses do not add up); a pending loss stops it too.
#[tokio::test]
async fn a_pause_or_a_pending_loss_cannot_shorten_the_notice() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let risk = env.risk.insecure_clone();
    let seq = env.propose(params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() })).await;
    env.warp(DAY).await;
    // The risk authority pauses withdrawals for three days: the notice stands still.
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_WITHDRAW)], &[&risk]).await.unwrap();
    env.warp(3 * DAY).await;
    assert_eq!(env.notice_remaining(seq).await, 8 * DAY);
    // Withdrawals reopen; a pause that keeps nobody from leaving (new deposits) does not stop it.
    env.send(&[ix::set_pause(&k, &admin.pubkey(), PAUSE_DEPOSIT)], &[&admin]).await.unwrap();
    env.warp(8 * DAY - 3_600).await;
    assert_eq!(env.notice_remaining(seq).await, 3_600);
    // Settling paused (a due settlement blocks a withdrawal) for two days: it stands still again.
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_DEPOSIT | PAUSE_SETTLE)], &[&risk]).await.unwrap();
    env.warp(2 * DAY).await;
    assert_eq!(env.notice_remaining(seq).await, 3_600);
    // Lifted: an hour later the notice is served, but exits have been open an hour only.
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    env.warp(3_600).await;
    assert_eq!(env.notice_remaining(seq).await, 0);
    let watched = [k.change(seq)];
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply.clone()], &[&admin], LmError::ExitsNotOpenLongEnough, &watched).await;
    env.warp(EXITS_OPEN_BEFORE_CHANGE_SECS - 3_600 - 1).await;
    env.expect_rejected(&[apply.clone()], &[&admin], LmError::ExitsNotOpenLongEnough, &watched).await;
    env.warp(1).await;

    // A pending loss: nothing that changes who pays may apply, and its time does not count.
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 20).await.unwrap();
    env.expect_rejected(&[apply.clone()], &[&admin], LmError::LossResolutionPending, &watched).await;
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    env.send(&[apply], &[&admin]).await.unwrap();
    assert_eq!(env.fund().await.max_draw_per_event, 5);
}

/// A change not applied within its window lapses; it can still be cancelled, by the admin only,
/// which returns its rent.
#[tokio::test]
async fn a_stale_change_lapses_and_the_admin_cancels_changes() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let risk = env.risk.insecure_clone();
    let seq = env.propose(params(ParamsChange { max_draw_per_event: Some(5), ..Default::default() })).await;
    env.serve_notice(seq).await;
    env.warp(CHANGE_APPLY_WINDOW_SECS).await;
    let apply = ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[apply], &[&admin], LmError::ChangeLapsed, &[k.change(seq)]).await;

    let cancel = |by: &Keypair| ix::cancel_change(&k, &by.pubkey(), seq, &admin.pubkey());
    env.expect_rejected(&[cancel(&risk)], &[&risk], LmError::NotAdmin, &[k.change(seq)]).await;
    // The rent goes to the proposer only.
    let elsewhere = ix::cancel_change(&k, &admin.pubkey(), seq, &risk.pubkey());
    env.expect_rejected(&[elsewhere], &[&admin], LmError::WrongProposer, &[k.change(seq)]).await;
    let lamports = env.account(&admin.pubkey()).await.unwrap().lamports;
    let rent = env.account(&k.change(seq)).await.unwrap().lamports;
    let out = env.send(&[cancel(&admin)], &[&admin]).await.unwrap();
    assert_eq!(event::<ChangeCancelled>(&out).seq, seq);
    assert!(env.account(&k.change(seq)).await.is_none());
    assert_eq!(env.account(&admin.pubkey()).await.unwrap().lamports, lamports + rent);
    assert_eq!(env.fund().await.max_draw_per_event, 1_000_000_000);

    // A change cancelled during its notice never applies.
    let seq = env.propose(params(ParamsChange { max_draw_per_event: Some(6), ..Default::default() })).await;
    env.send(&[ix::cancel_change(&k, &admin.pubkey(), seq, &admin.pubkey())], &[&admin]).await.unwrap();
    env.warp(9 * DAY).await;
    let result = env.send(&[ix::apply_change(&k, &admin.pubkey(), seq, &admin.pubkey())], &[&admin]).await;
    assert_eq!(custom_error(&result), Some(anchor_lang::error::ErrorCode::AccountNotInitialized as u32));
    assert_eq!(env.fund().await.max_draw_per_event, 1_000_000_000);
}
