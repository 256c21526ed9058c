//! An auditor's attacks on issue 15's mechanism (apply_pnl during a liquidation, shortfall
//! bound, resolve's window and record bump, rent reserve, maturity, unstake windows, Settle
//! pause). Five of them succeeded on the first version of the mechanism and are fixed; each test
//! now asserts the outcome users expect. Two document behaviour that stays (a record at a
//! non-canonical bump, record rent per event).

use anchor_lang::prelude::Pubkey;
use anchor_lang::{InstructionData, Space};
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::ShortfallResolved;
use loss_mutualization::instructions::ResolveShortfallArgs;
use loss_mutualization::state::*;

fn one_x() -> MarketParams {
    MarketParams { max_shortfall_bps: 10_000, ..default_params() }
}

/// Finding 1 (medium): the bound was taken against the collateral the *bankrupting* fill
/// consumed, so the same liquidation booked or not depending on how it was split into fills
/// (600 then 900 refused where one fill of 1,500 booked; a liquidation that used up the
/// collateral exactly could book nothing more). The bound is now against the collateral held
/// when the position's loss window opened.
#[tokio::test]
async fn the_bound_does_not_depend_on_how_the_liquidation_is_split() {
    let mut env = TestEnv::start_with(TokenKind::SplToken, one_x()).await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let w = env.trader(0).await;

    // One fill of 1,500 against 1,000 of collateral: shortfall 500 <= 1x of 1,000. Books.
    let a = env.trader(1_000).await;
    env.apply_pnl(&w.pubkey(), &a.pubkey(), 1_500).await.unwrap();
    assert_eq!(env.market().await.pending_shortfall, 500);
    env.resolve_by(&clearing, &a.pubkey()).await.1.unwrap();

    // The same loss as two fills, 600 then 900: books the same way.
    let b = env.trader(1_000).await;
    env.apply_pnl(&w.pubkey(), &b.pubkey(), 600).await.unwrap();
    env.apply_pnl(&w.pubkey(), &b.pubkey(), 900).await.unwrap();
    let market = env.market().await;
    assert_eq!((market.pending_shortfall, market.pending_collateral), (500, 1_000));
    env.resolve_by(&clearing, &b.pubkey()).await.1.unwrap();

    // Fills that use up the collateral exactly, then the rest of the liquidation: the bound is
    // still 1x of the 1,000; one unit beyond it is refused and changes nothing.
    let c = env.trader(1_000).await;
    env.apply_pnl(&w.pubkey(), &c.pubkey(), 1_000).await.unwrap();
    env.apply_pnl(&w.pubkey(), &c.pubkey(), 1_000).await.unwrap();
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &w.pubkey(), &c.pubkey(), 1)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &[k.position(&c.pubkey()), k.position(&w.pubkey())],
    )
    .await;
    let window = env.position(&c.pubkey()).await.loss_window;
    assert_eq!((window.collateral, window.shortfall), (1_000, 1_000));

    // Resolved early and filled again inside the same loss window: both events count against
    // one bound (splitting by resolving early gains nothing).
    env.resolve_by(&clearing, &c.pubkey()).await.1.unwrap();
    env.mint_to(&c.token_account, 1).await;
    env.send(&[ix::deposit(&k, &c.pubkey(), &c.token_account, 1)], &[&c.keypair]).await.unwrap();
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &w.pubkey(), &c.pubkey(), 2)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &[k.position(&c.pubkey()), k.position(&w.pubkey())],
    )
    .await;
}

/// Colluding wallets passing the same money back and forth cannot inflate the base of the
/// bound: it is a snapshot of the collateral when the window opened, not a sum of what was paid.
#[tokio::test]
async fn passing_money_back_and_forth_does_not_raise_the_bound() {
    let mut env = TestEnv::start_with(TokenKind::SplToken, one_x()).await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let (a, b) = (env.trader(100).await, env.trader(100).await);
    for _ in 0..5 {
        let a_all = env.claim_of(&a.pubkey()).await;
        env.apply_pnl(&b.pubkey(), &a.pubkey(), a_all).await.unwrap();
        let b_all = env.claim_of(&b.pubkey()).await;
        env.apply_pnl(&a.pubkey(), &b.pubkey(), b_all).await.unwrap();
    }
    // A holds all 200 now; its window opened when it held 100.
    assert_eq!(env.claim_of(&a.pubkey()).await, 200);
    assert_eq!(env.position(&a.pubkey()).await.loss_window.collateral, 100);
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &b.pubkey(), &a.pubkey(), 301)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &[k.position(&a.pubkey()), k.position(&b.pubkey())],
    )
    .await;
    env.apply_pnl(&b.pubkey(), &a.pubkey(), 300).await.unwrap(); // shortfall 100 = 1x of 100
    assert_eq!(env.market().await.pending_shortfall, 100);
}

/// Finding 2 (kept, documented): resolve_shortfall takes the record bump from the caller (so it
/// never searches) and accepts any bump that gives a valid address. A stranger can put a record
/// at a non-canonical address: nothing is then at `pda::shortfall_record`, but the record is
/// still the only one of its loss (the position's counter moved), the event names it, and it
/// carries its position and sequence, by which clients find it.
#[tokio::test]
async fn a_record_at_a_non_canonical_bump_is_still_the_only_record_of_its_loss() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let w = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&w.pubkey(), &loser.pubkey(), 150).await.unwrap();
    env.end_liquidation_window().await;

    let position = k.position(&loser.pubkey());
    let (canonical, canonical_bump) = pda::shortfall_record_with_bump(&position, 0);
    let seeds = |b: u8| [SHORTFALL_SEED.to_vec(), position.to_bytes().to_vec(), 0u64.to_le_bytes().to_vec(), vec![b]];
    let (alt, alt_bump) = (0..canonical_bump)
        .rev()
        .find_map(|b| {
            let s = seeds(b);
            let refs: Vec<&[u8]> = s.iter().map(|v| v.as_slice()).collect();
            Pubkey::create_program_address(&refs, &loss_mutualization::ID).ok().map(|a| (a, b))
        })
        .expect("a non-canonical bump");
    println!("canonical bump {canonical_bump}, stranger's bump {alt_bump}");

    let stranger = env.wallet(0).await;
    let mut attack = ix::resolve_shortfall(&k, &stranger.pubkey(), &loser.pubkey(), 0);
    attack.accounts[3].pubkey = alt;
    attack.data = loss_mutualization::instruction::ResolveShortfall { args: ResolveShortfallArgs { record_bump: alt_bump } }.data();
    let out = env.send(&[attack], &[&stranger.keypair]).await.expect("non-canonical resolve accepted");
    let resolved: ShortfallResolved = event(&out);
    assert_eq!(resolved.record, alt);
    assert_eq!(env.position(&loser.pubkey()).await.shortfall_count, 1);
    assert!(env.account(&canonical).await.is_none(), "nothing at the canonical address");
    let record = env.record(&alt).await;
    assert_eq!((record.bump, record.position, record.position_seq, record.shortfall), (alt_bump, position, 0, 50));

    // The honest keeper, one slot later: succeeds and does nothing.
    let keeper = env.wallet(0).await;
    let out = env.send(&[ix::resolve_shortfall(&k, &keeper.pubkey(), &loser.pubkey(), 0)], &[&keeper.keypair]).await.unwrap();
    assert!(events::<ShortfallResolved>(&out.logs).is_empty());
    assert!(env.account(&canonical).await.is_none());
}

/// Finding 3: with Settle paused and a rounding excess waiting (left by a settlement made during
/// an earlier liquidation), every settlement would release it, so a wallet with nothing to
/// settle could no longer deposit or withdraw. No dust is released while Settle is paused now.
#[tokio::test]
async fn a_settle_pause_does_not_hold_wallets_with_nothing_to_settle() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let clean = env.trader(5).await;
    let w = env.trader(0).await;
    let l1 = env.trader(10).await;
    env.apply_pnl(&w.pubkey(), &l1.pubkey(), 1).await.unwrap();
    // W holds 3 of at-risk profit; a 1-unit clawback over 3 charges it 2 (rounded up).
    let b1 = env.trader(1).await;
    env.apply_pnl(&w.pubkey(), &b1.pubkey(), 2).await.unwrap();
    env.resolve_by(&clearing, &b1.pubkey()).await.1.unwrap();
    // Fund the insurance so the next shortfall is fully insured (absorbed does not move).
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 1_000)], &[&staker.keypair]).await.unwrap();
    let x = env.trader(0).await;
    let b2 = env.trader(1).await;
    env.apply_pnl(&x.pubkey(), &b2.pubkey(), 2).await.unwrap();
    // During the window W settles: the rounding excess cannot be released now.
    env.send(&[ix::settle(&k, &w.pubkey())], &[&w.keypair]).await.unwrap();
    let out = env.resolve_by(&clearing, &b2.pubkey()).await.1.unwrap();
    assert_eq!(event::<ShortfallResolved>(&out).insurance_paid, 1);
    let m = env.market().await;
    assert!(m.profit_pool.collected > m.profit_pool.absorbed + m.profit_pool.dust_released, "excess waiting: {:?}", m.profit_pool);
    assert_eq!(env.position(&clean.pubkey()).await.pending_charges(&m).unwrap(), (0, 0));

    let risk = env.risk.insecure_clone();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_SETTLE)], &[&risk]).await.unwrap();
    env.mint_to(&clean.token_account, 10).await;
    let c = clean.pubkey();
    let dust_before = env.market().await.dust_pending;
    env.send(&[ix::deposit(&k, &c, &clean.token_account, 1)], &[&clean.keypair]).await.unwrap();
    env.send(&[ix::withdraw(&k, &c, &clean.token_account, 6)], &[&clean.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&clean.token_account).await, 10 - 1 + 6);
    assert_eq!(env.market().await.dust_pending, dust_before, "no dust released while Settle is paused");
    // Lifted: the next settlement releases the excess.
    let admin = env.admin.insecure_clone();
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    env.send(&[ix::deposit(&k, &c, &clean.token_account, 1)], &[&clean.keypair]).await.unwrap();
    assert!(env.market().await.dust_pending > dust_before);
}

/// Finding 5: the unstake window ran while unstaking was paused, so a pause (the risk authority
/// may add one) longer than the window made every request lapse. Halted time (Unstake or
/// Resolve paused) now extends the window.
#[tokio::test]
async fn unstake_requests_do_not_lapse_while_unstaking_is_paused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (s, _) = env.staker_with_request(500).await;
    env.warp(7 * 86_400).await; // unlocked; 2 days of window left
    let risk = env.risk.insecure_clone();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), PAUSE_UNSTAKE)], &[&risk]).await.unwrap();
    env.expect_rejected(
        &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
        &[&s.keypair],
        LmError::OperationPaused,
        &[k.stake(&s.pubkey())],
    )
    .await;
    env.warp(3 * 86_400).await;
    let admin = env.admin.insecure_clone();
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // The three paused days do not count: two days of window are left.
    let (market, stake) = (env.market().await, env.stake_account(&s.pubkey()).await);
    let now = env.now().await;
    assert_eq!(stake.unstake_expiry(&market, now), stake.unstake_expires_at + 3 * 86_400);
    env.warp(2 * 86_400 - 1).await;
    env.send(&[ix::unstake(&k, &s.pubkey(), &s.token_account)], &[&s.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&s.token_account).await, 500);
}

/// The twin: without a pause, the same request lapses when its window has passed.
#[tokio::test]
async fn without_a_pause_the_request_lapses_on_time() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let (s, _) = env.staker_with_request(500).await;
    env.warp(7 * 86_400 + 2 * 86_400).await;
    env.expect_rejected(
        &[ix::unstake(&k, &s.pubkey(), &s.token_account)],
        &[&s.keypair],
        LmError::UnstakeRequestLapsed,
        &[k.stake(&s.pubkey()), s.token_account],
    )
    .await;
}

/// Finding 4 (kept, documented): record rent is paid per event, whatever its size: a 1-unit
/// shortfall on 1 unit of collateral costs the market's reserve a whole record's rent. Every
/// loss gets its public record; the operator funds the reserve (README, "Record rent").
#[tokio::test]
async fn every_record_costs_the_reserve_one_rent_and_the_market_stays_rent_exempt() {
    let mut env = TestEnv::start_with(TokenKind::SplToken, one_x()).await;
    let k = env.keys;
    let w = env.trader(0).await;
    let keeper = env.wallet(0).await;
    let reserve_before = env.account(&k.market).await.unwrap().lamports;
    for _ in 0..5 {
        let dust = env.trader(1).await;
        env.apply_pnl(&w.pubkey(), &dust.pubkey(), 2).await.unwrap(); // shortfall 1
        env.resolve_by(&keeper.keypair, &dust.pubkey()).await.1.unwrap();
    }
    let spent = reserve_before - env.account(&k.market).await.unwrap().lamports;
    println!("5 bankruptcies of 1 base unit each cost the reserve {spent} lamports");
    assert_eq!(spent, 5 * env.minimum_balance(8 + ShortfallRecord::INIT_SPACE).await);
    // The market stays rent-exempt.
    assert!(env.account(&k.market).await.unwrap().lamports >= env.minimum_balance(8 + Market::INIT_SPACE).await);
}

/// Finding 6: after the admin raised the maturity period, a position whose 9 entries were all
/// maturing had a rival's 1-unit gain merged into its latest entry, which then matured with the
/// new (long) period. A full array now delays only the new gain (or merges the two soonest
/// entries, one grid slot apart).
#[tokio::test]
async fn a_new_gain_after_a_maturity_change_does_not_relock_an_older_one() {
    let mut env = TestEnv::start().await;
    let victim = env.trader(0).await;
    let rival = env.trader(10_000_000).await;
    // The admin proposes a 30-day maturity (the notice must cover it); the gains below are
    // booked in the last hour of its notice, the last one as it applies.
    env.raise_notice(36 * 86_400).await;
    let seq = env.propose(Change::Params(ParamsChange { profit_maturity_secs: Some(30 * 86_400), ..Default::default() })).await;
    let remaining = env.notice_remaining(seq).await;
    env.warp(remaining - 8 * 450).await;
    // Nine grid slots (450 s each at M = 1 h) with a gain each; the last one is large.
    for i in 0..9 {
        let amount = if i == 8 { 1_000_000 } else { 1 };
        env.apply_pnl(&victim.pubkey(), &rival.pubkey(), amount).await.unwrap();
        if i < 8 {
            env.warp(450).await;
        }
    }
    env.serve_notice(seq).await;
    let admin = env.admin.insecure_clone();
    env.apply_change_by(&admin, seq).await.unwrap();
    assert_eq!(env.market().await.profit_maturity_secs, 30 * 86_400);
    // The rival loses 1 unit to the victim.
    env.apply_pnl(&victim.pubkey(), &rival.pubkey(), 1).await.unwrap();
    // Two hours later every gain booked under M = 1 h is past its own maturity, but the
    // 1,000,000 is locked for 30 days.
    env.warp(2 * 3_600).await;
    let now = env.now().await;
    let p = env.position(&victim.pubkey()).await;
    println!("at-risk {}, releasable {}, entries {:?}", p.at_risk_profit(), p.releasable_profit(now), p.maturing);
    // Everything booked under M = 1 h has matured; only the rival's unit waits its 30 days.
    assert_eq!(p.releasable_profit(now), p.at_risk_profit() - 1);
    assert_eq!(p.at_risk_profit(), 1_000_000 + 8 + 1);
}

/// Things that held: the clearing authority cannot fill against a different loser during a
/// liquidation, nobody but the clearing authority resolves early, a fill at the window's last
/// second books and the first second after is refused, and the reserve never takes the market
/// below rent exemption even when emptied by a record.
#[tokio::test]
async fn held_window_edges_and_reserve_floor() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let w = env.trader(0).await;
    let loser = env.trader(100).await;
    env.apply_pnl(&w.pubkey(), &loser.pubkey(), 150).await.unwrap();
    let ends = env.market().await.liquidation_ends_at;
    let now = env.now().await;
    env.warp(ends - now - 1).await;
    env.apply_pnl(&w.pubkey(), &loser.pubkey(), 1).await.unwrap();
    env.warp(1).await;
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &w.pubkey(), &loser.pubkey(), 1)],
        &[&clearing],
        LmError::LossResolutionPending,
        &[k.position(&loser.pubkey())],
    )
    .await;
    // Reserve exactly one lamport short of a record: the resolver pays the rest, market floor kept.
    let floor = env.minimum_balance(8 + Market::INIT_SPACE).await;
    let rent = env.minimum_balance(8 + ShortfallRecord::INIT_SPACE).await;
    let mut market = env.account(&k.market).await.unwrap();
    market.lamports = floor + rent - 1;
    env.set_account(&k.market, market);
    let keeper = env.wallet(0).await;
    let out = env.resolve_by(&keeper.keypair, &loser.pubkey()).await.1.unwrap();
    let r: ShortfallResolved = event(&out);
    assert_eq!((r.record_rent_from_reserve, r.record_rent_from_resolver), (rent - 1, 1));
    assert_eq!(env.account(&k.market).await.unwrap().lamports, floor);
}
