//! Shortfall records: one per resolved bankruptcy, at an address keyed by its position, in a
//! market-wide order, with every unit of the shortfall in exactly one tier.

use lm_runtime_tests::*;
use loss_mutualization::events::*;
use loss_mutualization::state::*;

#[tokio::test]
async fn each_bankruptcy_gets_one_record_keyed_by_its_position() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let anyone = env.wallet(0).await;
    let winner = env.trader(0).await;
    let first = env.trader(100).await;
    let second = env.trader(1).await;

    // A solvent loss is no bankruptcy: resolving it does nothing.
    env.apply_pnl(&winner.pubkey(), &first.pubkey(), 100).await.unwrap();
    let out = env.resolve_by(&anyone.keypair, &first.pubkey()).await.1.unwrap();
    assert!(events::<ShortfallResolved>(&out.logs).is_empty());
    assert_eq!(env.market().await.shortfall_seq, 0);

    // Three bankruptcies: `first` twice, `second` once, resolved in that order (`first` has no
    // collateral left for its second: it deposits 1 first, the shortfall bound's base).
    for (loser, amount) in [(&first, 50), (&second, 70), (&first, 30)] {
        let collateral = env.claim_of(&loser.pubkey()).await;
        if collateral == 0 {
            env.mint_to(&loser.token_account, 1).await;
            env.send(&[ix::deposit(&k, &loser.pubkey(), &loser.token_account, 1)], &[&loser.keypair]).await.unwrap();
        }
        let collateral = env.claim_of(&loser.pubkey()).await;
        env.apply_pnl(&winner.pubkey(), &loser.pubkey(), amount + collateral).await.unwrap();
        let position = env.position(&loser.pubkey()).await;
        assert_eq!((position.status, position.realized_pnl), (PositionStatus::Bankrupt, -(amount as i64)));
        assert_eq!(env.market().await.pending_shortfall, amount);
        env.resolve_by(&anyone.keypair, &loser.pubkey()).await.1.unwrap();
    }
    let expected = [(&first, 0, 0, 50), (&second, 0, 1, 70), (&first, 1, 2, 30)];
    for (owner, position_seq, seq, shortfall) in expected {
        let record = env.record(&k.record(&owner.pubkey(), position_seq)).await;
        assert_eq!((record.seq, record.position_seq, record.shortfall), (seq, position_seq, shortfall));
        assert_eq!((record.owner, record.resolver), (owner.pubkey(), anyone.pubkey()));
        assert_eq!(record.insurance_paid + record.clawback + record.haircut, record.shortfall);
        assert!(record.resolved_at > 0);
    }
    let market = env.market().await;
    assert_eq!((market.shortfall_seq, market.pending_shortfall), (3, 0));
    let first_position = env.position(&first.pubkey()).await;
    assert_eq!((first_position.shortfall_count, first_position.realized_pnl), (2, 0));
    assert_eq!(first_position.status, PositionStatus::Active);
}

#[tokio::test]
async fn a_position_opened_after_a_loss_is_not_charged_for_it() {
    let mut env = TestEnv::start().await;
    let winner = env.trader(0).await;
    let loser = env.trader(10).await;
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 1_010).await.unwrap(); // shortfall 1_000
    env.resolve_shortfall(&loser.pubkey()).await.1.unwrap();
    let newcomer = env.trader(500).await;
    let other = env.trader(200).await;
    env.apply_pnl(&newcomer.pubkey(), &other.pubkey(), 200).await.unwrap();
    let market = env.market().await;
    assert_eq!(env.position(&newcomer.pubkey()).await.pending_charges(&market).unwrap(), (0, 0));
    // 1_000 of the winner's 1_010, rounded up by one unit (the rounding rule).
    assert_eq!(env.position(&winner.pubkey()).await.pending_charges(&market).unwrap(), (1_001, 0));
    assert_eq!(env.claim_of(&newcomer.pubkey()).await, 500 + 200);
}
