//! The example exchange (programs/example_exchange) on the bytecode of both programs: its
//! clearing PDA is the market's clearing authority, and it books fills, margins and a
//! liquidation with its resolution into loss_mutualization through CPI.

use anchor_lang::error::ErrorCode as AnchorError;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use example_exchange::errors::ExchangeError;
use example_exchange::instructions::{BookFillArgs, InitializeExchangeArgs, LiquidateArgs, SetOperatorArgs};
use example_exchange::state::{Exchange, EXCHANGE_SEED};
use lm_runtime_tests::chain::workspace_so;
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::events::{MarginSet, PnlApplied, ShortfallResolved};
use loss_mutualization::state::pda;

fn exchange_error(error: ExchangeError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + error as u32
}

/// A market whose clearing authority is the example exchange's PDA (`exchange`: false, a
/// market with a plain clearing key), both programs deployed.
async fn market(exchange: bool) -> TestEnv {
    let mut chain = Chain::start(Runtime::Bytecode).await;
    chain.add_program(&example_exchange::ID, &workspace_so("example_exchange"));
    let clearing_for = move |market: &Pubkey| exchange.then(|| Exchange::clearing_authority(market).0);
    TestEnv::start_with_clearing(chain, TokenKind::SplToken, default_params(), clearing_for).await
}

fn exchange_address(k: &MarketKeys) -> Pubkey {
    Pubkey::find_program_address(&[EXCHANGE_SEED, k.market.as_ref()], &example_exchange::ID).0
}

fn build(accounts: impl ToAccountMetas, args: impl InstructionData) -> Instruction {
    Instruction { program_id: example_exchange::ID, accounts: accounts.to_account_metas(None), data: args.data() }
}

fn initialize_exchange(k: &MarketKeys, admin: &Pubkey, operator: &Pubkey) -> Instruction {
    build(
        example_exchange::accounts::InitializeExchange {
            admin: *admin,
            market: k.market,
            exchange: exchange_address(k),
            system_program: system_program::ID,
        },
        example_exchange::instruction::InitializeExchange { args: InitializeExchangeArgs { operator: *operator } },
    )
}

fn set_operator(k: &MarketKeys, admin: &Pubkey, operator: &Pubkey) -> Instruction {
    build(
        example_exchange::accounts::SetOperator { admin: *admin, market: k.market, exchange: exchange_address(k) },
        example_exchange::instruction::SetOperator { args: SetOperatorArgs { operator: *operator } },
    )
}

fn book_fill(k: &MarketKeys, operator: &Pubkey, winner: &Pubkey, loser: &Pubkey, args: BookFillArgs) -> Instruction {
    build(
        example_exchange::accounts::BookFill {
            operator: *operator,
            exchange: exchange_address(k),
            clearing_authority: Exchange::clearing_authority(&k.market).0,
            market: k.market,
            winner: k.position(winner),
            loser: k.position(loser),
            loss_mutualization_program: loss_mutualization::ID,
        },
        example_exchange::instruction::BookFill { args },
    )
}

fn liquidate(k: &MarketKeys, operator: &Pubkey, liquidator: &Pubkey, liquidated: &Pubkey, position_seq: u64, pnl: u64) -> Instruction {
    let (record, record_bump) = pda::shortfall_record_with_bump(&k.position(liquidated), position_seq);
    build(
        example_exchange::accounts::Liquidate {
            operator: *operator,
            exchange: exchange_address(k),
            clearing_authority: Exchange::clearing_authority(&k.market).0,
            market: k.market,
            liquidator: k.position(liquidator),
            liquidated: k.position(liquidated),
            record,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            collateral_vault: k.collateral_vault,
            collateral_mint: k.mint,
            token_program: k.token_program,
            system_program: system_program::ID,
            loss_mutualization_program: loss_mutualization::ID,
        },
        example_exchange::instruction::Liquidate { args: LiquidateArgs { pnl, record_bump } },
    )
}

/// An exchange market with its operator appointed.
async fn exchange_with_operator() -> (TestEnv, Keypair) {
    let mut env = market(true).await;
    let operator = Keypair::new();
    env.airdrop(&operator.pubkey(), 1_000_000_000).await;
    let (k, admin) = (env.keys, env.admin.insecure_clone());
    env.send(&[initialize_exchange(&k, &admin.pubkey(), &operator.pubkey())], &[&admin]).await.expect("initialize_exchange");
    (env, operator)
}

#[tokio::test]
async fn only_the_market_admin_appoints_the_operator_of_an_exchange_the_market_names() {
    let mut env = market(true).await;
    let k = env.keys;
    let (admin, stranger, operator) = (env.admin.insecure_clone(), Keypair::new(), Keypair::new());
    env.airdrop(&stranger.pubkey(), 1_000_000_000).await;
    let exchange = exchange_address(&k);
    // Someone else creating the market's exchange first would hold its clearing power.
    let squat = initialize_exchange(&k, &stranger.pubkey(), &stranger.pubkey());
    env.expect_rejected_code(&[squat], &[&stranger], exchange_error(ExchangeError::NotMarketAdmin), &[exchange]).await;
    assert!(env.account(&exchange).await.is_none());

    env.send(&[initialize_exchange(&k, &admin.pubkey(), &operator.pubkey())], &[&admin]).await.unwrap();
    let state: Exchange = env.decode(&exchange).await;
    assert_eq!((state.market, state.operator), (k.market, operator.pubkey()));
    assert_eq!(state.clearing_bump, Exchange::clearing_authority(&k.market).1);

    // A market whose clearing authority is a plain key is not the exchange's to run.
    let mut plain = market(false).await;
    let (k, admin) = (plain.keys, plain.admin.insecure_clone());
    let refused = initialize_exchange(&k, &admin.pubkey(), &operator.pubkey());
    plain.expect_rejected_code(&[refused], &[&admin], exchange_error(ExchangeError::NotClearingAuthority), &[exchange_address(&k)]).await;
}

#[tokio::test]
async fn fills_and_margins_book_through_the_exchange_and_only_for_its_operator() {
    let (mut env, operator) = exchange_with_operator().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let mallory = env.trader(0).await;
    let (a, b, m) = (alice.pubkey(), bob.pubkey(), mallory.pubkey());

    // Opening exposure: no PnL yet, margin locked on both sides.
    let open = BookFillArgs { pnl: 0, winner_locked_margin: 400, loser_locked_margin: 600 };
    let outcome = env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, open)], &[&operator]).await.unwrap();
    let margins: Vec<(Pubkey, u64)> = events::<MarginSet>(&outcome.logs).iter().map(|e| (e.owner, e.locked_margin)).collect();
    assert_eq!(margins, vec![(a, 400), (b, 600)]);
    assert_eq!((env.position(&a).await.locked_margin, env.position(&b).await.locked_margin), (400, 600));
    // The lock holds: Alice withdraws what is free (600), not a unit more.
    let over = ix::withdraw(&k, &a, &alice.token_account, 601);
    env.expect_rejected(&[over], &[&alice.keypair], LmError::MarginLocked, &[alice.token_account]).await;
    env.send(&[ix::withdraw(&k, &a, &alice.token_account, 100)], &[&alice.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&alice.token_account).await, 100);

    // Mallory tries to book Bob's money to herself: through the exchange without being its
    // operator, through the exchange with her own key as the clearing signer, and directly.
    let fill = BookFillArgs { pnl: 300, winner_locked_margin: 0, loser_locked_margin: 600 };
    let watched = [k.position(&a), k.position(&b), k.position(&m)];
    let as_operator = book_fill(&k, &m, &m, &b, fill);
    env.expect_rejected_code(&[as_operator], &[&mallory.keypair], exchange_error(ExchangeError::NotOperator), &watched).await;
    let mut forged = book_fill(&k, &operator.pubkey(), &m, &b, fill);
    forged.accounts[2] = anchor_lang::solana_program::instruction::AccountMeta::new_readonly(m, true);
    env.expect_rejected_code(&[forged], &[&operator, &mallory.keypair], AnchorError::ConstraintSeeds.into(), &watched).await;
    let direct = ix::apply_pnl(&k, &m, &m, &b, 300);
    env.expect_rejected(&[direct], &[&mallory.keypair], LmError::NotClearingAuthority, &watched).await;

    // The same fill, sent by the operator for Alice, books.
    let fill = BookFillArgs { pnl: 300, winner_locked_margin: 400, loser_locked_margin: 600 };
    let outcome = env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, fill)], &[&operator]).await.unwrap();
    let applied: PnlApplied = event(&outcome);
    assert_eq!((applied.amount, applied.loser_paid_from_principal, applied.loser_shortfall), (300, 300, 0));
    let (alice_pos, bob_pos) = (env.position(&a).await, env.position(&b).await);
    assert_eq!((alice_pos.principal, alice_pos.at_risk_profit(), alice_pos.locked_margin), (900, 300, 400));
    assert_eq!((bob_pos.principal, bob_pos.at_risk_profit(), bob_pos.locked_margin), (700, 0, 600));
    assert_eq!(env.position(&m).await.at_risk_profit(), 0);
    assert_eq!(env.vault_balance().await, 1_900);
    env.assert_solvent(&[a, b, m]).await;
}

#[tokio::test]
async fn a_liquidation_books_its_fill_and_resolves_its_loss_in_one_instruction() {
    let (mut env, operator) = exchange_with_operator().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let carol = env.trader(1_000).await;
    let (a, b, c) = (alice.pubkey(), bob.pubkey(), carol.pubkey());
    let staker = env.wallet(50).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 50)], &[&staker.keypair]).await.unwrap();
    let open = BookFillArgs { pnl: 0, winner_locked_margin: 1_000, loser_locked_margin: 1_000 };
    env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, open)], &[&operator]).await.unwrap();

    // Bob's position closes at a loss of 1,200 against 1,000 of collateral: 200 short.
    let (record, _) = pda::shortfall_record_with_bump(&k.position(&b), 0);
    let watched = [k.position(&a), k.position(&b), k.position(&c), record, k.insurance_vault];
    let by_bob = liquidate(&k, &b, &a, &b, 0, 1_200);
    env.expect_rejected_code(&[by_bob], &[&bob.keypair], exchange_error(ExchangeError::NotOperator), &watched).await;
    let outcome = env.send(&[liquidate(&k, &operator.pubkey(), &a, &b, 0, 1_200)], &[&operator]).await.unwrap();

    // One instruction: the fill that bankrupts Bob, the resolution, the released margin.
    let applied: PnlApplied = event(&outcome);
    assert_eq!((applied.loser_paid_from_principal, applied.loser_shortfall), (1_000, 200));
    let resolved: ShortfallResolved = event(&outcome);
    let clearing = Exchange::clearing_authority(&k.market).0;
    assert_eq!((resolved.shortfall, resolved.insurance_paid, resolved.clawback, resolved.haircut), (200, 50, 150, 0));
    assert_eq!((resolved.resolver, resolved.at_risk_profit_before, resolved.principal_before), (clearing, 1_200, 2_000));
    assert_eq!(events::<MarginSet>(&outcome.logs).last().map(|e| (e.owner, e.locked_margin)), Some((b, 0)));
    let market = env.market().await;
    assert_eq!((market.pending_shortfall, market.shortfall_seq), (0, 1));
    let rec = env.record(&record).await;
    assert_eq!((rec.shortfall, rec.insurance_paid, rec.clawback, rec.haircut, rec.resolver), (200, 50, 150, 0, clearing));
    // The rent came from the market's reserve, not from the clearing PDA (which holds nothing).
    assert_eq!(rec.record_rent_from_resolver, 0);

    // Balances: the fund paid 50 into the vault; Alice keeps 1,200 - 150 of her gain, Carol
    // (no profit) pays nothing, Bob is left with nothing.
    assert_eq!((env.insurance_vault_balance().await, env.vault_balance().await), (0, 3_050));
    assert_eq!((env.claim_of(&a).await, env.claim_of(&b).await, env.claim_of(&c).await), (2_050, 0, 1_000));
    assert_eq!(env.position(&b).await.locked_margin, 0);
    env.assert_solvent(&[a, b, c]).await;

    // Alice's gain matures; once released and her margin unlocked she withdraws 2,050 exactly.
    env.warp(MATURED_AFTER).await;
    env.send(&[ix::settle(&k, &a), ix::release_profit(&k, &a)], &[&alice.keypair]).await.unwrap();
    let close = BookFillArgs { pnl: 0, winner_locked_margin: 0, loser_locked_margin: 0 };
    env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, close)], &[&operator]).await.unwrap();
    env.send(&[ix::withdraw(&k, &a, &alice.token_account, 2_050)], &[&alice.keypair]).await.unwrap();
    assert_eq!(env.token_balance(&alice.token_account).await, 2_050);
    assert_eq!(env.vault_balance().await, 1_000);
}

#[tokio::test]
async fn the_market_admin_replaces_a_leaked_operator_and_only_the_new_one_books() {
    let (mut env, leaked) = exchange_with_operator().await;
    let k = env.keys;
    let (admin, stranger, fresh) = (env.admin.insecure_clone(), Keypair::new(), Keypair::new());
    env.airdrop(&stranger.pubkey(), 1_000_000_000).await;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let (a, b) = (alice.pubkey(), bob.pubkey());
    let exchange = exchange_address(&k);

    // Neither the leaked operator nor a stranger can replace the operator; nor can the admin
    // appoint the default address or the clearing PDA itself.
    for (signer, operator) in [(&leaked, fresh.pubkey()), (&stranger, stranger.pubkey())] {
        let refused = set_operator(&k, &signer.pubkey(), &operator);
        env.expect_rejected_code(&[refused], &[signer], exchange_error(ExchangeError::NotMarketAdmin), &[exchange]).await;
    }
    for operator in [Pubkey::default(), Exchange::clearing_authority(&k.market).0] {
        let refused = set_operator(&k, &admin.pubkey(), &operator);
        env.expect_rejected_code(&[refused], &[&admin], exchange_error(ExchangeError::InvalidOperator), &[exchange]).await;
    }
    env.send(&[set_operator(&k, &admin.pubkey(), &fresh.pubkey())], &[&admin]).await.unwrap();
    assert_eq!(env.decode::<Exchange>(&exchange).await.operator, fresh.pubkey());

    let fill = BookFillArgs { pnl: 100, winner_locked_margin: 0, loser_locked_margin: 0 };
    let by_leaked = book_fill(&k, &leaked.pubkey(), &a, &b, fill);
    env.expect_rejected_code(&[by_leaked], &[&leaked], exchange_error(ExchangeError::NotOperator), &[k.position(&a), k.position(&b)]).await;
    env.airdrop(&fresh.pubkey(), 1_000_000_000).await;
    env.send(&[book_fill(&k, &fresh.pubkey(), &a, &b, fill)], &[&fresh]).await.unwrap();
    assert_eq!((env.position(&a).await.at_risk_profit(), env.position(&b).await.principal), (100, 900));
}

#[tokio::test]
async fn a_liquidation_booked_by_fills_is_resolved_by_a_liquidate_without_a_fill() {
    let (mut env, operator) = exchange_with_operator().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let (a, b) = (alice.pubkey(), bob.pubkey());
    // The bankrupting fill through book_fill (Bob's lock unchanged: lowering it waits for the
    // resolution): 1,100 lost against 1,000, 100 short, no fund.
    let open = BookFillArgs { pnl: 0, winner_locked_margin: 1_000, loser_locked_margin: 1_000 };
    env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, open)], &[&operator]).await.unwrap();
    let bankrupting = BookFillArgs { pnl: 1_100, winner_locked_margin: 1_000, loser_locked_margin: 1_000 };
    env.send(&[book_fill(&k, &operator.pubkey(), &a, &b, bankrupting)], &[&operator]).await.unwrap();
    assert_eq!(env.market().await.pending_shortfall, 100);

    // Within the window, a liquidate that books nothing resolves it at once and releases the lock.
    let outcome = env.send(&[liquidate(&k, &operator.pubkey(), &a, &b, 0, 0)], &[&operator]).await.unwrap();
    assert!(events::<PnlApplied>(&outcome.logs).is_empty(), "no fill booked");
    let resolved: ShortfallResolved = event(&outcome);
    assert_eq!((resolved.shortfall, resolved.insurance_paid, resolved.clawback, resolved.haircut), (100, 0, 100, 0));
    assert_eq!((env.market().await.pending_shortfall, env.position(&b).await.locked_margin), (0, 0));
    // 1,100 of gain less a clawback of 100, rounded in favour of solvency: the index keeps
    // floor(1,100 x 1,000/1,100) = 999 of it (1 base unit of dust).
    assert_eq!((env.claim_of(&a).await, env.claim_of(&b).await), (1_999, 0));
    env.assert_solvent(&[a, b]).await;
}
