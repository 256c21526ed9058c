//! Every pause bit refuses its operation; the others keep working.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::state::pause;

#[tokio::test]
async fn each_pause_bit_refuses_its_operation_only() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let risk = env.risk.insecure_clone();
    let clearing = env.clearing.insecure_clone();
    let a = env.trader(1_000).await;
    let b = env.trader(1_000).await;
    env.mint_to(&a.token_account, 10).await;
    let fresh = env.wallet(1_000).await;
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 500)], &[&staker.keypair]).await.unwrap();
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), 1)], &[&staker.keypair]).await.unwrap();
    env.apply_pnl(&a.pubkey(), &b.pubkey(), 100).await.unwrap();
    // Two bankruptcies: one recorded (record 0, open), one waiting to be recorded.
    let c = env.trader(0).await;
    let d = env.trader(0).await;
    env.apply_pnl(&a.pubkey(), &c.pubkey(), 10).await.unwrap();
    env.apply_pnl(&a.pubkey(), &d.pubkey(), 10).await.unwrap();
    env.send(&[ix::record_shortfall(&k, &risk.pubkey(), &c.pubkey(), 0)], &[&risk]).await.unwrap();
    env.warp(3_600).await;

    // (bit, instruction, signer) for every pausable operation, each valid when unpaused.
    let cases: Vec<(u32, _, Vec<&Keypair>)> = vec![
        (pause::OPEN_POSITION, ix::open_position(&k, &fresh.pubkey()), vec![&fresh.keypair]),
        (pause::DEPOSIT, ix::deposit(&k, &a.pubkey(), &a.token_account, 1), vec![&a.keypair]),
        (pause::WITHDRAW, ix::withdraw(&k, &b.pubkey(), &b.token_account, 1), vec![&b.keypair]),
        (pause::APPLY_PNL, ix::apply_pnl(&k, &clearing.pubkey(), &a.pubkey(), &b.pubkey(), 1), vec![&clearing]),
        (pause::SETTLE, ix::settle_clawback(&k, &a.pubkey()), vec![&a.keypair]),
        (pause::RELEASE_PROFIT, ix::release_profit(&k, &a.pubkey()), vec![&a.keypair]),
        (pause::FUND_INSURANCE, ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 1), vec![&staker.keypair]),
        (pause::STAKE, ix::stake(&k, &staker.pubkey(), &staker.token_account, 1), vec![&staker.keypair]),
        (pause::UNSTAKE, ix::cancel_unstake(&k, &staker.pubkey()), vec![&staker.keypair]),
        (pause::RECORD_SHORTFALL, ix::record_shortfall(&k, &risk.pubkey(), &d.pubkey(), 1), vec![&risk]),
        (pause::DRAW_INSURANCE, ix::draw_insurance_fund(&k, &risk.pubkey(), 0), vec![&risk]),
        (pause::SOCIALIZE, ix::socialize_loss(&k, &risk.pubkey(), 0), vec![&risk]),
        (pause::SWEEP_DUST, ix::sweep_dust(&k), vec![]),
    ];
    for (bit, instruction, signers) in &cases {
        env.send(&[ix::set_pause(&k, &admin.pubkey(), *bit)], &[&admin]).await.unwrap();
        assert_eq!(env.market().await.paused, *bit);
        env.expect_rejected(
            &[instruction.clone()],
            signers,
            LmError::OperationPaused,
            &[k.position(&a.pubkey()), k.position(&b.pubkey()), k.stake(&staker.pubkey())],
        )
        .await;
    }
    // With every other bit set, settling and depositing still work.
    let all_but = pause::ALL & !(pause::SETTLE | pause::DEPOSIT);
    env.send(&[ix::set_pause(&k, &admin.pubkey(), all_but)], &[&admin]).await.unwrap();
    env.send(&[ix::settle_clawback(&k, &a.pubkey())], &[&a.keypair]).await.unwrap();
    env.send(&[ix::deposit(&k, &a.pubkey(), &a.token_account, 1)], &[&a.keypair]).await.unwrap();
    assert_eq!(env.position(&a.pubkey()).await.principal, 1_001);

    // The risk authority may add pause bits but not lift them; unknown bits are refused.
    env.send(&[ix::set_pause(&k, &admin.pubkey(), pause::WITHDRAW)], &[&admin]).await.unwrap();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), pause::WITHDRAW | pause::DEPOSIT)], &[&risk]).await.unwrap();
    env.expect_rejected(&[ix::set_pause(&k, &risk.pubkey(), pause::DEPOSIT)], &[&risk], LmError::UnpauseNotAllowed, &[])
        .await;
    env.expect_rejected(&[ix::set_pause(&k, &admin.pubkey(), 1 << 20)], &[&admin], LmError::InvalidParameter, &[]).await;
    let stranger = Keypair::new();
    env.expect_rejected(&[ix::set_pause(&k, &stranger.pubkey(), pause::ALL)], &[&stranger], LmError::NotAdmin, &[]).await;
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // Unpaused, the waterfall completes and withdrawals work again.
    env.send(&[ix::draw_insurance_fund(&k, &risk.pubkey(), 0), ix::socialize_loss(&k, &risk.pubkey(), 0)], &[&risk])
        .await
        .unwrap();
    env.resolve_shortfall(&d.pubkey()).await.1.unwrap();
    env.send(&[ix::withdraw(&k, &b.pubkey(), &b.token_account, 1)], &[&b.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&b.token_account).await, 1);
}
