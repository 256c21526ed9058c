//! Market administration: two-step admin transfer, authorities, parameters.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::instructions::UpdateParamsArgs;

#[tokio::test]
async fn two_step_admin_transfer() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let next = Keypair::new();
    let stranger = Keypair::new();

    // Only the admin may start a transfer.
    env.expect_rejected(
        &[ix::transfer_admin(&k, &stranger.pubkey(), Some(stranger.pubkey()))],
        &[&stranger],
        LmError::NotAdmin,
        &[],
    )
    .await;
    // Accepting with nothing pending.
    env.expect_rejected(&[ix::accept_admin(&k, &next.pubkey())], &[&next], LmError::NoPendingAdmin, &[]).await;

    let out = env.send(&[ix::transfer_admin(&k, &admin.pubkey(), Some(next.pubkey()))], &[&admin]).await.unwrap();
    let started: AdminTransferStarted = event(&out);
    assert_eq!((started.admin, started.pending_admin), (admin.pubkey(), next.pubkey()));
    let market = env.market().await;
    assert_eq!((market.admin, market.pending_admin), (admin.pubkey(), Some(next.pubkey())));

    // Nothing changed yet: the old admin still rules, a stranger cannot accept.
    env.expect_rejected(&[ix::accept_admin(&k, &stranger.pubkey())], &[&stranger], LmError::NotPendingAdmin, &[]).await;
    let out = env.send(&[ix::accept_admin(&k, &next.pubkey())], &[&next]).await.unwrap();
    let transferred: AdminTransferred = event(&out);
    assert_eq!((transferred.previous_admin, transferred.admin), (admin.pubkey(), next.pubkey()));
    let market = env.market().await;
    assert_eq!((market.admin, market.pending_admin), (next.pubkey(), None));

    // The old admin has lost its powers.
    env.expect_rejected(&[ix::set_pause(&k, &admin.pubkey(), 1)], &[&admin], LmError::NotAdmin, &[]).await;
    // A pending transfer can be cancelled.
    env.send(&[ix::transfer_admin(&k, &next.pubkey(), Some(stranger.pubkey()))], &[&next]).await.unwrap();
    env.send(&[ix::transfer_admin(&k, &next.pubkey(), None)], &[&next]).await.unwrap();
    env.expect_rejected(&[ix::accept_admin(&k, &stranger.pubkey())], &[&stranger], LmError::NoPendingAdmin, &[]).await;
    // Naming oneself is refused.
    env.expect_rejected(
        &[ix::transfer_admin(&k, &next.pubkey(), Some(next.pubkey()))],
        &[&next],
        LmError::PendingAdminIsAdmin,
        &[],
    )
    .await;
}

#[tokio::test]
async fn authorities_and_parameters() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let new_clearing = Keypair::new();
    let risk = env.risk.pubkey();
    env.expect_rejected(
        &[ix::set_authorities(&k, &risk, risk, new_clearing.pubkey())],
        &[&env.risk.insecure_clone()],
        LmError::NotAdmin,
        &[],
    )
    .await;
    env.expect_rejected(
        &[ix::set_authorities(&k, &admin.pubkey(), Default::default(), new_clearing.pubkey())],
        &[&admin],
        LmError::DefaultAuthority,
        &[],
    )
    .await;
    let out = env.send(&[ix::set_authorities(&k, &admin.pubkey(), risk, new_clearing.pubkey())], &[&admin]).await.unwrap();
    assert_eq!(event::<AuthoritiesSet>(&out).clearing_authority, new_clearing.pubkey());
    assert_eq!(env.market().await.clearing_authority, new_clearing.pubkey());

    // The old clearing authority can no longer move PnL; the new one can.
    let a = env.trader(100).await;
    let b = env.trader(100).await;
    let old_clearing = env.clearing.insecure_clone();
    env.expect_rejected(
        &[ix::apply_pnl(&k, &old_clearing.pubkey(), &a.pubkey(), &b.pubkey(), 10)],
        &[&old_clearing],
        LmError::NotClearingAuthority,
        &[k.position(&a.pubkey()), k.position(&b.pubkey())],
    )
    .await;
    env.send(&[ix::apply_pnl(&k, &new_clearing.pubkey(), &a.pubkey(), &b.pubkey(), 10)], &[&new_clearing])
        .await
        .unwrap();
    assert_eq!(env.position(&a.pubkey()).await.realized_pnl, 10);

    // Parameters: out-of-range values are refused, valid ones applied and announced.
    for (bad, error) in [
        (UpdateParamsArgs { profit_maturity_secs: Some(-1), ..Default::default() }, LmError::ProfitMaturityOutOfRange),
        (UpdateParamsArgs { profit_maturity_secs: Some(31 * 86_400), ..Default::default() }, LmError::ProfitMaturityOutOfRange),
        (UpdateParamsArgs { max_draw_per_event: Some(0), ..Default::default() }, LmError::EventCapZero),
        (UpdateParamsArgs { draw_window_cap: Some(0), ..Default::default() }, LmError::WindowCapZero),
        (UpdateParamsArgs { draw_window_secs: Some(0), ..Default::default() }, LmError::DrawWindowOutOfRange),
        (UpdateParamsArgs { unstake_delay_secs: Some(91 * 86_400), ..Default::default() }, LmError::UnstakeDelayOutOfRange),
    ] {
        env.expect_rejected(&[ix::update_params(&k, &admin.pubkey(), bad)], &[&admin], error, &[]).await;
    }
    env.expect_rejected(
        &[ix::update_params(&k, &risk, UpdateParamsArgs::default())],
        &[&env.risk.insecure_clone()],
        LmError::NotAdmin,
        &[],
    )
    .await;
    let args = UpdateParamsArgs {
        profit_maturity_secs: Some(60),
        max_draw_per_event: Some(77),
        draw_window_cap: Some(100),
        ..Default::default()
    };
    let out = env.send(&[ix::update_params(&k, &admin.pubkey(), args)], &[&admin]).await.unwrap();
    let updated: ParamsUpdated = event(&out);
    assert_eq!((updated.profit_maturity_secs, updated.max_draw_per_event, updated.draw_window_cap), (60, 77, 100));
    let fund = env.fund().await;
    assert_eq!((fund.max_draw_per_event, fund.draw_window_cap, fund.draw_allowance), (77, 100, 100));
    assert_eq!(env.market().await.profit_maturity_secs, 60);
}
