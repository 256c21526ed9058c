//! The collateral behind open exposure on the exchange (audit finding: a trader withdrew the
//! collateral behind an open losing trade just before the clearing authority booked the loss,
//! and the loss went to the waterfall; on the program before `set_margin` the withdrawal went
//! through and the 900 loss became a shortfall).

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;

#[tokio::test]
async fn a_trader_cannot_withdraw_the_collateral_behind_open_exposure() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let counterparty = env.trader(0).await;
    let trader = env.trader(1_000).await;
    let watched = [k.position(&trader.pubkey()), trader.token_account];

    // The exchange opens exposure for the trader and locks 900 of its collateral behind it.
    let out = env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 900)], &[&clearing]).await.unwrap();
    assert_eq!(event::<MarginSet>(&out).locked_margin, 900);
    // Only the clearing authority sets it.
    let stranger = env.wallet(0).await;
    env.expect_rejected(
        &[ix::set_margin(&k, &stranger.pubkey(), &trader.pubkey(), 0)],
        &[&stranger.keypair],
        LmError::NotClearingAuthority,
        &watched,
    )
    .await;
    // The trader tries to leave with everything ahead of the loss: refused, nothing changes.
    env.expect_rejected(
        &[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 1_000)],
        &[&trader.keypair],
        LmError::MarginLocked,
        &watched,
    )
    .await;
    env.expect_rejected(
        &[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 101)],
        &[&trader.keypair],
        LmError::MarginLocked,
        &watched,
    )
    .await;
    // The unlocked part goes out.
    env.send(&[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 100)], &[&trader.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&trader.token_account).await, 100);

    // The loss is booked against the locked collateral: no shortfall for anyone else.
    let out = env.apply_pnl(&counterparty.pubkey(), &trader.pubkey(), 900).await.unwrap();
    let pnl: PnlApplied = event(&out);
    assert_eq!((pnl.loser_paid_from_principal, pnl.loser_shortfall), (900, 0));
    assert_eq!(env.market().await.pending_shortfall, 0);

    // The exchange releases the margin when the exposure is closed; nothing is left to take.
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 0)], &[&clearing]).await.unwrap();
    env.expect_rejected(
        &[ix::withdraw(&k, &trader.pubkey(), &trader.token_account, 1)],
        &[&trader.keypair],
        LmError::InsufficientPrincipal,
        &watched,
    )
    .await;
    env.assert_solvent(&[trader.pubkey(), counterparty.pubkey()]).await;
}

/// Audit finding: the clearing authority releases a lock and books the losing trade in two
/// transactions; the trade has to wait for a pending loss, the release did not, and the trader
/// resolves the loss and withdraws in between. Lowering a lock now waits like the trade; raising
/// it never does. A bankruptcy's close-out clears the lock of the liquidated exposure.
#[tokio::test]
async fn a_margin_lock_cannot_be_lowered_while_a_loss_is_pending() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let clearing = env.clearing.insecure_clone();
    let trader = env.trader(1_000).await;
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 800)], &[&clearing]).await.unwrap();
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 50).await.unwrap(); // a pending loss
    let watched = [k.position(&trader.pubkey())];
    env.expect_rejected(
        &[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 0)],
        &[&clearing],
        LmError::LossResolutionPending,
        &watched,
    )
    .await;
    // Raising it is fine inside the window.
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 900)], &[&clearing]).await.unwrap();
    assert_eq!(env.position(&trader.pubkey()).await.locked_margin, 900);
    // Paused with apply_pnl.
    let admin = env.admin.insecure_clone();
    env.send(&[ix::set_pause(&k, &admin.pubkey(), loss_mutualization::state::PauseOp::ApplyPnl.bit())], &[&admin]).await.unwrap();
    env.expect_rejected(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 950)], &[&clearing], LmError::OperationPaused, &watched)
        .await;
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // Once the loss is assigned, the release goes through (the well-formed twin).
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &trader.pubkey(), 0)], &[&clearing]).await.unwrap();
    assert_eq!(env.position(&trader.pubkey()).await.locked_margin, 0);

    // A locked position that goes bankrupt: its close-out clears the lock.
    env.mint_to(&loser.token_account, 1).await;
    env.send(&[ix::deposit(&k, &loser.pubkey(), &loser.token_account, 1)], &[&loser.keypair]).await.unwrap();
    env.send(&[ix::set_margin(&k, &clearing.pubkey(), &loser.pubkey(), 500)], &[&clearing]).await.unwrap();
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 21).await.unwrap();
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    assert_eq!(env.position(&loser.pubkey()).await.locked_margin, 0);
}
