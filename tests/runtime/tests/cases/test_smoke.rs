use lm_runtime_tests::*;
use loss_mutualization::events::Deposited;

#[tokio::test]
async fn deposit_moves_tokens_and_emits_event() {
    let mut env = TestEnv::start().await;
    let alice = env.wallet(1_000).await;
    let k = env.keys;
    let out = env
        .send(
            &[ix::open_position(&k, &alice.pubkey()), ix::deposit(&k, &alice.pubkey(), &alice.token_account, 600)],
            &[&alice.keypair],
        )
        .await
        .unwrap();
    let deposited: Deposited = event(&out);
    assert_eq!(deposited.amount, 600);
    assert_eq!(env.vault_balance().await, 600);
    assert_eq!(env.token_balance(&alice.token_account).await, 400);
    assert_eq!(env.position(&alice.pubkey()).await.principal, 600);
}

