//! The main job: run the whole loss waterfall in the Solana runtime with wallet-signed
//! transactions and print who paid what.
//!
//! `cargo run -p lm-runtime-tests --bin waterfall-scenario`

use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::*;
use loss_mutualization::state::*;

const ONE: u64 = 1_000_000; // 6 decimals

fn tokens(amount: u64) -> String {
    format!("{}.{:06}", amount / ONE, amount % ONE)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("Loss mutualization: the whole waterfall inside the Solana runtime ({:?})", lm_runtime_tests::Runtime::from_env());
    println!("(the SBF bytecode, or with LM_RUNTIME=native the host build; real SPL Token transfers, every user signs)\n");
    let mut env = TestEnv::start().await;
    let k = env.keys;
    println!("market           {}", k.market);
    println!("collateral mint  {} (6 decimals)", k.mint);
    println!("collateral vault {}  insurance vault {}\n", k.collateral_vault, k.insurance_vault);

    println!("1. Deposits");
    let names = ["alice", "bob", "carol", "dave", "erin"];
    let deposits = [1_000 * ONE, 2_000 * ONE, 3_000 * ONE, 1_000 * ONE, 5_000 * ONE];
    let mut wallets = Vec::new();
    for (name, amount) in names.iter().zip(deposits) {
        let wallet = env.trader(amount).await;
        println!("   {name:<6} {:>12}  wallet {}", tokens(amount), wallet.pubkey());
        wallets.push(wallet);
    }
    let [alice, bob, carol, dave, erin] = <[Wallet; 5]>::try_from(wallets).ok().unwrap();
    let staker = env.wallet(300 * ONE).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 300 * ONE)], &[&staker.keypair])
        .await
        .unwrap();
    println!("   staker stakes {} into the insurance fund\n", tokens(300 * ONE));

    println!("2. Realized PnL (signed by the clearing authority); losses resolved by a keeper (no authority)");
    let keeper = env.wallet(0).await;
    let mut resolved_events = Vec::new();
    // One liquidation, three fills: the fills after the bankruptcy still book into the same loss
    // event, which is resolved once, after the liquidation's window.
    for (name, winner, amount) in [("alice", &alice, 500 * ONE), ("bob", &bob, 700 * ONE), ("carol", &carol, 1_100 * ONE)] {
        env.apply_pnl(&winner.pubkey(), &dave.pubkey(), amount).await.unwrap();
        println!("   dave -> {name:<6} {:>12}", tokens(amount));
        let d = env.position(&dave.pubkey()).await;
        if d.status == PositionStatus::Bankrupt && name == "bob" {
            println!("   dave is bankrupt: equity -{}; only his liquidation's fills book until it is resolved", tokens(d.shortfall()));
            let refused = env.send(&[ix::withdraw(&k, &erin.pubkey(), &erin.token_account, ONE)], &[&erin.keypair]).await;
            assert_eq!(custom_error(&refused), Some(error_code(LmError::LossResolutionPending)));
            println!("   erin withdraw now -> refused: LossResolutionPending");
        }
    }
    let (record_key, outcome) = env.resolve_by(&keeper.keypair, &dave.pubkey()).await;
    let resolved: ShortfallResolved = event(&outcome.unwrap());
    let record = env.record(&record_key).await;
    assert_eq!(record.insurance_paid + record.clawback + record.haircut, record.shortfall);
    println!("   after the liquidation's window, resolve_shortfall by keeper {} -> record #{} at {record_key}", keeper.pubkey(), record.seq);
    println!("     shortfall {:>12} = insurance {:>12} + clawback {:>12} + haircut {:>12}  (fund left {})",
        tokens(record.shortfall), tokens(record.insurance_paid), tokens(record.clawback), tokens(record.haircut),
        tokens(resolved.fund_balance));
    resolved_events.push(resolved);
    println!("   in all: dave lost {} with {} of collateral\n", tokens(2_300 * ONE), tokens(1_000 * ONE));
    let clawed = resolved_events.pop().expect("a clawback");
    println!("3. The clawback of {} is spread over all {} of at-risk profit\n", tokens(clawed.clawback), tokens(clawed.at_risk_profit_before));

    println!("4. Anyone may resolve: a second resolution of the same position changes nothing");
    let again = ix::resolve_shortfall(&k, &erin.pubkey(), &dave.pubkey(), 1);
    env.send(&[again], &[&erin.keypair]).await.expect("idempotent");
    println!("   erin resolves dave again -> ok, no-op\n");

    println!("5. Each winner's share (exact = loss x profit / total profit)");
    let alice_try = env.send(&[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, ONE)], &[&alice.keypair]).await;
    assert_eq!(custom_error(&alice_try), Some(error_code(LmError::ClawbackPending)));
    println!("   alice withdraw before settling -> refused: ClawbackPending");
    println!("   {:<6} {:>14} {:>8} {:>18} {:>14} {:>14}", "wallet", "at-risk profit", "weight", "exact share", "charged", "profit left");
    let market = env.market().await;
    let mut total = 0;
    for (name, wallet) in [("alice", &alice), ("bob", &bob), ("carol", &carol)] {
        let before = env.position(&wallet.pubkey()).await;
        let predicted = before.pending_charges(&market).unwrap().0;
        let out = env.send(&[ix::settle(&k, &wallet.pubkey())], &[&wallet.keypair]).await.unwrap();
        let settled: PositionSettled = event(&out);
        assert_eq!(predicted, settled.clawback_charged);
        let profit = before.at_risk_profit();
        let exact = clawed.clawback as f64 * profit as f64 / clawed.at_risk_profit_before as f64;
        println!(
            "   {name:<6} {:>14} {:>7.3}% {:>18.6} {:>14} {:>14}",
            tokens(profit),
            100.0 * profit as f64 / clawed.at_risk_profit_before as f64,
            exact / ONE as f64,
            tokens(settled.clawback_charged),
            tokens(settled.position.realized_pnl as u64),
        );
        total += settled.clawback_charged;
    }
    println!("   charged in all {} for a clawback of {}: {} base unit(s) of rounding dust", tokens(total), tokens(clawed.clawback), total - clawed.clawback);
    let out = env.send(&[ix::sweep_dust(&k)], &[]).await.unwrap();
    println!("   dust swept to the insurance fund: {} base unit(s)\n", event::<DustSwept>(&out).amount);

    println!("6. After settling, withdrawals go through");
    env.send(&[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 1_000 * ONE)], &[&alice.keypair]).await.unwrap();
    println!("   alice withdraws her principal: token balance {}", tokens(env.token_balance(&alice.token_account).await));
    env.send(&[ix::withdraw(&k, &erin.pubkey(), &erin.token_account, 5_000 * ONE)], &[&erin.keypair]).await.unwrap();
    println!("   erin (no profit at risk) withdraws all: {}", tokens(env.token_balance(&erin.token_account).await));

    let owners: Vec<_> = [&alice, &bob, &carol, &dave, &erin].iter().map(|w| w.pubkey()).collect();
    env.assert_solvent(&owners).await;
    let mut claims = 0;
    for owner in &owners {
        claims += env.claim_of(owner).await;
    }
    println!("\nSolvency: collateral vault {} = what positions can claim {}", tokens(env.vault_balance().await), tokens(claims));
    println!("Insurance fund: books {} = vault {}", tokens(env.fund().await.balance), tokens(env.insurance_vault_balance().await));
}
