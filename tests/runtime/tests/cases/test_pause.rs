//! Every pause bit refuses its operation; the others keep working.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::state::PauseOp;

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
    // A bankruptcy waiting to be resolved.
    let d = env.trader(1).await;
    env.apply_pnl(&a.pubkey(), &d.pubkey(), 11).await.unwrap();
    env.warp(MATURED_AFTER).await; // a's profit has matured

    // (operation, instruction, signer) for every pausable operation.
    let cases: Vec<(PauseOp, _, Vec<&Keypair>)> = vec![
        (PauseOp::OpenPosition, ix::open_position(&k, &fresh.pubkey()), vec![&fresh.keypair]),
        (PauseOp::Deposit, ix::deposit(&k, &a.pubkey(), &a.token_account, 1), vec![&a.keypair]),
        (PauseOp::Withdraw, ix::withdraw(&k, &b.pubkey(), &b.token_account, 1), vec![&b.keypair]),
        (PauseOp::ApplyPnl, ix::apply_pnl(&k, &clearing.pubkey(), &a.pubkey(), &b.pubkey(), 1), vec![&clearing]),
        (PauseOp::Resolve, ix::resolve_shortfall(&k, &fresh.pubkey(), &d.pubkey(), 0), vec![&fresh.keypair]),
        (PauseOp::Settle, ix::settle(&k, &a.pubkey()), vec![&a.keypair]),
        (PauseOp::ReleaseProfit, ix::release_profit(&k, &a.pubkey()), vec![&a.keypair]),
        (PauseOp::FundInsurance, ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 1), vec![&staker.keypair]),
        (PauseOp::Stake, ix::stake(&k, &staker.pubkey(), &staker.token_account, 1), vec![&staker.keypair]),
        (PauseOp::Unstake, ix::cancel_unstake(&k, &staker.pubkey()), vec![&staker.keypair]),
        (PauseOp::SweepDust, ix::sweep_dust(&k), vec![]),
    ];
    assert_eq!(cases.len() as u32, PauseOp::COUNT);
    for (op, instruction, signers) in &cases {
        let bit = &op.bit();
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
    // Unpaused, anyone resolves the pending loss. With every other bit set, settling and
    // depositing still work.
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    env.send(&[ix::resolve_shortfall(&k, &fresh.pubkey(), &d.pubkey(), 0)], &[&fresh.keypair]).await.unwrap();
    let all_but = PauseOp::ALL & !(PauseOp::Settle.bit() | PauseOp::Deposit.bit());
    env.send(&[ix::set_pause(&k, &admin.pubkey(), all_but)], &[&admin]).await.unwrap();
    env.send(&[ix::settle(&k, &a.pubkey())], &[&a.keypair]).await.unwrap();
    env.send(&[ix::deposit(&k, &a.pubkey(), &a.token_account, 1)], &[&a.keypair]).await.unwrap();
    assert_eq!(env.position(&a.pubkey()).await.principal, 1_001);

    // The risk authority may add pause bits but not lift them; unknown bits are refused.
    let (withdraw, deposit) = (PauseOp::Withdraw.bit(), PauseOp::Deposit.bit());
    env.send(&[ix::set_pause(&k, &admin.pubkey(), withdraw)], &[&admin]).await.unwrap();
    env.send(&[ix::set_pause(&k, &risk.pubkey(), withdraw | deposit)], &[&risk]).await.unwrap();
    env.expect_rejected(&[ix::set_pause(&k, &risk.pubkey(), deposit)], &[&risk], LmError::UnpauseNotAllowed, &[]).await;
    env.expect_rejected(&[ix::set_pause(&k, &admin.pubkey(), 1 << 20)], &[&admin], LmError::UnknownPauseBits, &[]).await;
    let stranger = Keypair::new();
    env.expect_rejected(&[ix::set_pause(&k, &stranger.pubkey(), PauseOp::ALL)], &[&stranger], LmError::NotAdmin, &[])
        .await;
    env.send(&[ix::set_pause(&k, &admin.pubkey(), 0)], &[&admin]).await.unwrap();
    // Unpaused, withdrawals work again.
    env.send(&[ix::withdraw(&k, &b.pubkey(), &b.token_account, 1)], &[&b.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&b.token_account).await, 1);
}
