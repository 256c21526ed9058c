//! Which instructions write-lock the market. Every instruction that write-locks an account
//! queues behind every other one that locks it (a block gives one writable account at most
//! 40% of its compute), so an instruction that changes nothing in the market must not lock it:
//! a settlement with nothing to charge takes the market read-only.

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use anchor_lang::prelude::Pubkey;

/// The instructions whose `market` account the IDL (what every client builds its account metas
/// from) marks writable, and those that take it read-only.
#[test]
fn the_idl_write_locks_the_market_only_where_it_changes() {
    let idl: serde_json::Value =
        serde_json::from_str(include_str!("../../../../idl/loss_mutualization.json")).expect("the IDL");
    let mut read_only = vec![];
    let mut writable = vec![];
    for instruction in idl["instructions"].as_array().unwrap() {
        let name = instruction["name"].as_str().unwrap().to_string();
        let market = instruction["accounts"].as_array().unwrap().iter().find(|a| a["name"] == "market");
        match market.map(|m| m["writable"].as_bool().unwrap_or(false)) {
            Some(true) => writable.push(name),
            Some(false) => read_only.push(name),
            None => {}
        }
    }
    assert_eq!(read_only, ["cancel_unstake", "fund_insurance", "request_unstake", "set_margin", "settle", "stake", "unstake"]);
    assert_eq!(
        writable,
        ["apply_change", "apply_pnl", "cancel_change", "deposit", "initialize_market", "open_position", "propose_change",
            "raise_notice", "release_profit", "resolve_shortfall", "set_pause", "sweep_dust", "withdraw"]
    );
    // The metas the tests' builder makes from the program's own `accounts::Settle`.
    let k = MarketKeys::new(Pubkey::new_unique(), &Pubkey::new_unique(), 1, Pubkey::new_unique());
    let owner = Pubkey::new_unique();
    let metas = ix::settle_market_read_only(&k, &owner).accounts;
    assert_eq!((metas[1].pubkey, metas[1].is_writable), (k.market, false));
}

/// A settlement with nothing to charge goes through with the market read-only and leaves it
/// byte for byte as it was; one with a charge due is refused with `MarketNotWritable` and
/// changes nothing, and the same settlement with the market writable charges it.
#[tokio::test]
async fn a_settlement_takes_the_market_read_only_unless_it_charges() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000_000).await;
    let dave = env.trader(100_000).await;
    let market_bytes = env.account(&k.market).await.unwrap().data;

    // Nothing to charge: read-only works, the market is untouched, the position's event says so.
    let outcome = env.send(&[ix::settle_market_read_only(&k, &alice.pubkey())], &[&alice.keypair]).await.unwrap();
    let settled: PositionSettled = event(&outcome);
    assert_eq!((settled.clawback_charged, settled.haircut_charged, settled.dust_released), (0, 0, 0));
    assert_eq!(env.account(&k.market).await.unwrap().data, market_bytes);

    // Alice wins 300_000 from Dave, who can pay 100_000: 200_000 is clawed back from her (one
    // unit more: the index rounds in favour of solvency).
    env.apply_pnl(&alice.pubkey(), &dave.pubkey(), 300_000).await.unwrap();
    env.resolve_shortfall(&dave.pubkey()).await.1.unwrap();
    let market = env.market().await;
    let before = env.position(&alice.pubkey()).await;
    let due = before.pending_charges(&market).unwrap().0;
    assert_eq!(before.pending_charges(&market).unwrap(), (200_001, 0));

    env.expect_rejected(
        &[ix::settle_market_read_only(&k, &alice.pubkey())],
        &[&alice.keypair],
        LmError::MarketNotWritable,
        &[k.market, k.position(&alice.pubkey())],
    )
    .await;
    let outcome = env.send(&[ix::settle(&k, &alice.pubkey())], &[&alice.keypair]).await.unwrap();
    let settled: PositionSettled = event(&outcome);
    assert_eq!(settled.clawback_charged, due);
    let after = env.position(&alice.pubkey()).await;
    assert_eq!((after.realized_pnl, after.principal), (300_000 - due as i64, 1_000_000));
    assert_eq!(env.market().await.profit_pool.collected, market.profit_pool.collected + due as u128);

    // Settled: read-only again.
    let market_bytes = env.account(&k.market).await.unwrap().data;
    env.send(&[ix::settle_market_read_only(&k, &alice.pubkey())], &[&alice.keypair]).await.unwrap();
    assert_eq!(env.account(&k.market).await.unwrap().data, market_bytes);
}
