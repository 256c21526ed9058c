//! The shortfall record's state machine: record only a real bankruptcy, once; draw once;
//! socialize once and only after the draw.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;

#[tokio::test]
async fn records_move_through_their_states_once_and_in_order() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let risk = env.risk.insecure_clone();
    let anyone = env.wallet(0).await;
    let winner = env.trader(0).await;
    let loser = env.trader(100).await;

    // A solvent position has no shortfall to record.
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 100).await.unwrap();
    env.expect_rejected(
        &[ix::record_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0)],
        &[&anyone.keypair],
        LmError::PositionNotBankrupt,
        &[k.position(&loser.pubkey()), k.record(0)],
    )
    .await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 50).await.unwrap();

    // Socialize or draw before the record exists: the account is not there.
    assert!(env.send(&[ix::draw_insurance_fund(&k, &risk.pubkey(), 0)], &[&risk]).await.is_err());

    // Anyone may record; the record is seeded by the sequence number.
    let out = env.send(&[ix::record_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0)], &[&anyone.keypair]).await.unwrap();
    assert_eq!(event::<ShortfallRecorded>(&out).recorded_by, anyone.pubkey());
    let record = env.record(0).await;
    assert_eq!((record.shortfall, record.seq), (50, 0));
    assert_eq!(env.market().await.shortfall_seq, 1);
    // Twice on the same bankruptcy: the position was closed out.
    env.expect_rejected(
        &[ix::record_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 1)],
        &[&anyone.keypair],
        LmError::PositionNotBankrupt,
        &[k.position(&loser.pubkey())],
    )
    .await;
    // Out of order: socialize before the insurance draw.
    env.expect_rejected(&[ix::socialize_loss(&k, &risk.pubkey(), 0)], &[&risk], LmError::RecordWrongState, &[k.record(0)])
        .await;
    // Only the risk authority draws and socializes.
    env.expect_rejected(
        &[ix::draw_insurance_fund(&k, &anyone.pubkey(), 0)],
        &[&anyone.keypair],
        LmError::NotRiskAuthority,
        &[k.record(0)],
    )
    .await;
    env.send(&[ix::draw_insurance_fund(&k, &risk.pubkey(), 0)], &[&risk]).await.unwrap();
    env.expect_rejected(&[ix::draw_insurance_fund(&k, &risk.pubkey(), 0)], &[&risk], LmError::RecordWrongState, &[k.record(0)])
        .await;
    env.expect_rejected(
        &[ix::socialize_loss(&k, &anyone.pubkey(), 0)],
        &[&anyone.keypair],
        LmError::NotRiskAuthority,
        &[k.record(0)],
    )
    .await;
    env.send(&[ix::socialize_loss(&k, &risk.pubkey(), 0)], &[&risk]).await.unwrap();
    env.expect_rejected(&[ix::socialize_loss(&k, &risk.pubkey(), 0)], &[&risk], LmError::RecordWrongState, &[k.record(0)])
        .await;
    env.expect_rejected(&[ix::draw_insurance_fund(&k, &risk.pubkey(), 0)], &[&risk], LmError::RecordWrongState, &[k.record(0)])
        .await;
    let record = env.record(0).await;
    assert_eq!((record.insurance_paid, record.socialized, record.haircut), (0, 50, 0));
    assert!(record.resolved_at >= record.recorded_at && record.drawn_at >= record.recorded_at);
}

#[tokio::test]
async fn a_position_opened_after_a_loss_is_not_charged_for_it() {
    let mut env = TestEnv::start().await;
    let winner = env.trader(0).await;
    let loser = env.trader(0).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 1_000).await.unwrap();
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    let newcomer = env.trader(500).await;
    let other = env.trader(0).await;
    env.apply_pnl(&newcomer.pubkey(), &other.pubkey(), 200).await.unwrap();
    let market = env.market().await;
    assert_eq!(env.position(&newcomer.pubkey()).await.pending_charges(&market).unwrap(), (0, 0));
    assert_eq!(env.position(&winner.pubkey()).await.pending_charges(&market).unwrap(), (1_000, 0));
    assert_eq!(env.claim_of(&newcomer.pubkey()).await, 500 + 200);
}
