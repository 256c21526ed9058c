//! Wrong signers, substituted accounts, re-initialization and edge amounts: each is refused with
//! a named error and changes nothing.

use anchor_lang::error::ErrorCode as AnchorError;
use lm_runtime_tests::*;
use solana_instruction_error::InstructionError;
use loss_mutualization::errors::LmError;
use loss_mutualization::instructions::InitializeMarketArgs;
use loss_mutualization::state::MarketParams;

fn anchor(code: AnchorError) -> u32 {
    code.into()
}

#[tokio::test]
async fn foreign_positions_and_missing_signers_are_refused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let watched = [k.position(&alice.pubkey()), k.position(&bob.pubkey()), alice.token_account, bob.token_account];

    // Bob signs a withdraw from Alice's position into his own token account.
    let theft = ix::with_account(ix::withdraw(&k, &bob.pubkey(), &bob.token_account, 1_000), 2, k.position(&alice.pubkey()));
    env.expect_rejected(&[theft], &[&bob.keypair], LmError::NotPositionOwner, &watched).await;
    // Bob settles or releases Alice's position.
    let settle = ix::with_account(ix::settle(&k, &bob.pubkey()), 2, k.position(&alice.pubkey()));
    env.expect_rejected(&[settle], &[&bob.keypair], LmError::NotPositionOwner, &watched).await;
    let release = ix::with_account(ix::release_profit(&k, &bob.pubkey()), 2, k.position(&alice.pubkey()));
    env.expect_rejected(&[release], &[&bob.keypair], LmError::NotPositionOwner, &watched).await;
    // Alice's key without her signature.
    let unsigned = ix::unsigned(ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 1), 0);
    env.expect_rejected_code(&[unsigned], &[], anchor(AnchorError::AccountNotSigner), &watched).await;
    let clearing = env.clearing.pubkey();
    let unsigned = ix::unsigned(ix::apply_pnl(&k, &clearing, &alice.pubkey(), &bob.pubkey(), 1), 0);
    env.expect_rejected_code(&[unsigned], &[], anchor(AnchorError::AccountNotSigner), &watched).await;
    // A wallet posing as the clearing authority.
    let forged = ix::apply_pnl(&k, &bob.pubkey(), &bob.pubkey(), &alice.pubkey(), 1_000);
    env.expect_rejected(&[forged], &[&bob.keypair], LmError::NotClearingAuthority, &watched).await;
    // A staker's stake used by someone else.
    let staker = env.wallet(100).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 100)], &[&staker.keypair]).await.unwrap();
    let hijack = ix::with_account(ix::request_unstake(&k, &bob.pubkey(), 1), 3, k.stake(&staker.pubkey()));
    env.expect_rejected(&[hijack], &[&bob.keypair], LmError::NotStaker, &[k.stake(&staker.pubkey())]).await;
    // Winner and loser the same position: Anchor refuses duplicate mutable accounts.
    env.expect_rejected_code(
        &[ix::apply_pnl(&k, &clearing, &alice.pubkey(), &alice.pubkey(), 1)],
        &[&env.clearing.insecure_clone()],
        anchor(AnchorError::ConstraintDuplicateMutableAccount),
        &watched,
    )
    .await;
}

#[tokio::test]
async fn substituted_vaults_mints_programs_and_markets_are_refused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    env.mint_to(&alice.token_account, 500).await;
    let watched = [k.position(&alice.pubkey()), alice.token_account];

    // A token account of the right mint that is not the PDA vault.
    let decoy = env.create_token_account_for(&k.mint, &k.token_program, &alice.pubkey()).await;
    let deposit = ix::with_account(ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10), 4, decoy);
    env.expect_rejected(&[deposit], &[&alice.keypair], LmError::WrongVault, &watched).await;
    // Another mint, and a token account of another mint.
    let other_env_mint = Keypair::new().pubkey();
    let deposit = ix::with_account(ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10), 3, other_env_mint);
    let result = env.send(&[deposit], &[&alice.keypair]).await;
    assert!(custom_error(&result).is_some(), "a fake mint must be refused: {result:?}");
    // The wrong token program (Token-2022 for an SPL Token market).
    let deposit = ix::with_account(
        ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10),
        6,
        anchor_spl::token_2022::ID,
    );
    env.expect_rejected(&[deposit], &[&alice.keypair], LmError::WrongTokenProgram, &watched).await;

    // A second market on the same mint: its accounts cannot be mixed with the first's.
    let admin = env.admin.insecure_clone();
    let k2 = MarketKeys::new(k.mint, &admin.pubkey(), MARKET_ID + 1, k.token_program);
    let args = InitializeMarketArgs {
        market_id: MARKET_ID + 1,
        risk_authority: env.risk.pubkey(),
        clearing_authority: env.clearing.pubkey(),
        params: default_params(),
    };
    env.send(&[ix::initialize_market(&k2, &admin.pubkey(), args)], &[&admin]).await.unwrap();
    env.send(&[ix::open_position(&k2, &alice.pubkey())], &[&alice.keypair]).await.unwrap();
    let bob = env.trader(100).await;
    let clearing = env.clearing.insecure_clone();
    // Winner's position from market 2 in a market 1 trade.
    let mixed = ix::with_account(
        ix::apply_pnl(&k, &clearing.pubkey(), &alice.pubkey(), &bob.pubkey(), 10),
        2,
        k2.position(&alice.pubkey()),
    );
    env.expect_rejected(&[mixed], &[&clearing], LmError::WrongMarket, &watched).await;
    // Market 2's vault for a market 1 withdraw.
    let withdraw = ix::with_account(ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 10), 4, k2.collateral_vault);
    env.expect_rejected(&[withdraw], &[&alice.keypair], LmError::WrongVault, &watched).await;
    // Market 2's insurance fund or vault, or a market 2 position, in a market 1 resolution;
    // the well-formed resolution then goes through.
    let anyone = env.wallet(0).await;
    let loser = env.trader(1).await;
    env.apply_pnl(&alice.pubkey(), &loser.pubkey(), 6).await.unwrap(); // shortfall 5
    env.end_liquidation_window().await;
    let resolve = ix::resolve_shortfall(&k, &anyone.pubkey(), &loser.pubkey(), 0);
    let record = k.record(&loser.pubkey(), 0);
    let watched = [record, k.position(&loser.pubkey()), k2.insurance_fund, k2.insurance_vault];
    for (index, key, error) in [
        (4, k2.insurance_fund, LmError::WrongInsuranceFund),
        (5, k2.insurance_vault, LmError::WrongVault),
        (6, k2.collateral_vault, LmError::WrongVault),
        (2, k2.position(&alice.pubkey()), LmError::WrongMarket),
    ] {
        let bad = ix::with_account(resolve.clone(), index, key);
        env.expect_rejected(&[bad], &[&anyone.keypair], error, &watched).await;
    }
    env.send(&[resolve], &[&anyone.keypair]).await.unwrap();
    assert_eq!(env.record(&record).await.shortfall, 5);

    // A fake market: a copy of the real one's bytes, owned by another program.
    let mut fake = env.account(&k.market).await.unwrap();
    fake.owner = anchor_spl::token::ID;
    let fake_key = Keypair::new().pubkey();
    env.set_account(&fake_key, fake);
    let deposit = ix::with_account(ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10), 1, fake_key);
    env.expect_rejected_code(&[deposit], &[&alice.keypair], anchor(AnchorError::AccountOwnedByWrongProgram), &watched)
        .await;
}

#[tokio::test]
async fn reinitialization_is_refused() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let admin = env.admin.insecure_clone();
    let args = InitializeMarketArgs {
        market_id: MARKET_ID,
        risk_authority: env.risk.pubkey(),
        clearing_authority: env.clearing.pubkey(),
        params: default_params(),
    };
    let before = env.market().await;
    // `init` of an account that exists fails inside the system program (AccountAlreadyInUse,
    // custom error 0); nothing changes. The native runtime reports a failed CPI from a builtin
    // as InvalidInstructionData instead, one of the reasons CI runs the bytecode.
    let expected = match env.chain.runtime() {
        Runtime::Bytecode => InstructionError::Custom(0),
        Runtime::Native => InstructionError::InvalidInstructionData,
    };
    let refused = |result: &TxResult| instruction_error(result) == Some(expected.clone());
    env.expect_failure(&[ix::initialize_market(&k, &admin.pubkey(), args)], &[&admin], refused, &[]).await;
    assert_eq!(env.market().await.admin, before.admin);
    let alice = env.trader(100).await;
    env.expect_failure(&[ix::open_position(&k, &alice.pubkey())], &[&alice.keypair], refused, &[k.position(&alice.pubkey())])
        .await;
    assert_eq!(env.position(&alice.pubkey()).await.principal, 100);
    // A second stake re-uses the stake account without resetting it.
    let staker = env.wallet(200).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 100)], &[&staker.keypair]).await.unwrap();
    let first = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 100)], &[&staker.keypair]).await.unwrap();
    assert_eq!(env.stake_account(&staker.pubkey()).await.shares, 2 * first);
}

#[tokio::test]
async fn zero_and_extreme_amounts() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    let bob = env.trader(1_000).await;
    let watched = [k.position(&alice.pubkey()), k.position(&bob.pubkey()), alice.token_account];
    let clearing = env.clearing.insecure_clone();
    for (instruction, signer) in [
        (ix::deposit(&k, &alice.pubkey(), &alice.token_account, 0), &alice.keypair),
        (ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 0), &alice.keypair),
        (ix::apply_pnl(&k, &clearing.pubkey(), &alice.pubkey(), &bob.pubkey(), 0), &clearing),
        (ix::fund_insurance(&k, &alice.pubkey(), &alice.token_account, 0), &alice.keypair),
        (ix::stake(&k, &alice.pubkey(), &alice.token_account, 0), &alice.keypair),
    ] {
        env.expect_rejected(&[instruction], &[signer], LmError::ZeroAmount, &watched).await;
    }
    // u64::MAX of PnL is far beyond the shortfall bound of bob's 1,000 (a named refusal before
    // any arithmetic could overflow), nothing moves.
    env.expect_rejected(
        &[ix::apply_pnl(&k, &clearing.pubkey(), &alice.pubkey(), &bob.pubkey(), u64::MAX)],
        &[&clearing],
        LmError::ShortfallAboveBound,
        &watched,
    )
    .await;
    // More than the principal.
    env.expect_rejected(
        &[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, u64::MAX)],
        &[&alice.keypair],
        LmError::InsufficientPrincipal,
        &watched,
    )
    .await;
    // One base unit works end to end.
    env.apply_pnl(&alice.pubkey(), &bob.pubkey(), 1).await.unwrap();
    assert_eq!(env.position(&alice.pubkey()).await.realized_pnl, 1);
    assert_eq!(env.position(&bob.pubkey()).await.principal, 999);
}

#[tokio::test]
async fn token_2022_collateral_runs_the_waterfall() {
    let mut env = TestEnv::start_with(TokenKind::Token2022, default_params()).await;
    let k = env.keys;
    assert_eq!(env.market().await.collateral_token_program, anchor_spl::token_2022::ID);
    let winner = env.trader(1_000).await;
    let loser = env.trader(100).await;
    let staker = env.wallet(50).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 50)], &[&staker.keypair]).await.unwrap();
    env.apply_pnl(&winner.pubkey(), &loser.pubkey(), 400).await.unwrap();
    let (record, outcome) = env.resolve_shortfall(&loser.pubkey()).await;
    let resolved = outcome.unwrap();
    let record = env.record(&record).await;
    assert_eq!((record.shortfall, record.insurance_paid, record.clawback), (300, 50, 250));
    env.send(&[ix::settle(&k, &winner.pubkey())], &[&winner.keypair]).await.unwrap();
    let withdrawn = env.send(&[ix::withdraw(&k, &winner.pubkey(), &winner.token_account, 1_000)], &[&winner.keypair])
        .await
        .unwrap();
    assert_eq!((env.token_balance(&winner.token_account).await, env.vault_balance().await), (1_000, 150));
    // Token-2022's cost on bytecode (README, "Compute units"); env.send checks the budget.
    let deposited = env.send(&[ix::deposit(&k, &winner.pubkey(), &winner.token_account, 10)], &[&winner.keypair]).await.unwrap();
    assert_eq!((env.token_balance(&winner.token_account).await, env.vault_balance().await), (990, 160));
    for (name, outcome) in [("resolve_shortfall (insurance + clawback)", &resolved), ("withdraw", &withdrawn), ("deposit", &deposited)] {
        if let Some(units) = outcome.compute_units {
            println!("CU Token-2022 {name}: {units} (transaction)");
        }
    }
    assert_eq!(env.position(&winner.pubkey()).await.realized_pnl, 150);
    let _ = MarketParams { ..default_params() };
}

/// A wallet's token account is read from its bytes (`token::TokenAccountView`), not through
/// anchor-spl's account type, in deposit, withdraw, stake, fund_insurance and unstake: each way
/// of passing something else is refused with the same named error Anchor's checks gave (or
/// `WalletAccountIsVault` for either of the market's vaults), and nothing changes; the wallet's real
/// account then works.
#[tokio::test]
async fn a_wallet_token_account_must_be_an_initialized_account_of_the_mint() {
    let mut env = TestEnv::start().await;
    let k = env.keys;
    let alice = env.trader(1_000).await;
    env.mint_to(&alice.token_account, 500).await;
    let watched = [k.position(&alice.pubkey()), alice.token_account];

    // A token account of another mint (same token program).
    let other_mint = Keypair::new();
    env.create_mint(&other_mint).await;
    let foreign = env.create_token_account_for(&other_mint.pubkey(), &k.token_program, &alice.pubkey()).await;
    // An account the token program owns that was never initialized.
    let uninitialized = Keypair::new().pubkey();
    let lamports = env.minimum_balance(165).await;
    env.set_account(
        &uninitialized,
        solana_account::Account { lamports, data: vec![0; 165], owner: k.token_program, executable: false, rent_epoch: 0 },
    );
    // A wallet (system account), and a copy of alice's token account owned by another program.
    let mut copy = env.account(&alice.token_account).await.unwrap();
    copy.owner = anchor_spl::token_2022::ID;
    let impostor = Keypair::new().pubkey();
    env.set_account(&impostor, copy);

    // What may not stand for a wallet's token account, and the error each gets. Either of the
    // market's vaults: paying one from itself moves nothing, and a payout into the other would
    // leave tokens no books count. `wallet` is a system account.
    let not_a_wallet_account = |wallet: anchor_lang::prelude::Pubkey| {
        [
            (k.collateral_vault, error_code(LmError::WalletAccountIsVault)),
            (k.insurance_vault, error_code(LmError::WalletAccountIsVault)),
            (foreign, error_code(LmError::WrongMint)),
            (uninitialized, anchor(AnchorError::AccountNotInitialized)),
            (wallet, anchor(AnchorError::AccountOwnedByWrongProgram)),
            (impostor, anchor(AnchorError::AccountOwnedByWrongProgram)),
        ]
    };
    for (account, expected) in not_a_wallet_account(alice.pubkey()) {
        for instruction in [ix::deposit(&k, &alice.pubkey(), &account, 10), ix::withdraw(&k, &alice.pubkey(), &account, 10)] {
            env.expect_rejected_code(&[instruction], &[&alice.keypair], expected, &watched).await;
        }
    }

    // The insurance side reads its wallet accounts the same way: stake, donate, unstake.
    let staker = env.wallet(1_000).await;
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 100)], &[&staker.keypair]).await.unwrap();
    let shares = env.stake_account(&staker.pubkey()).await.shares;
    env.send(&[ix::request_unstake(&k, &staker.pubkey(), shares)], &[&staker.keypair]).await.unwrap();
    env.warp(default_params().unstake_delay_secs + 1).await;
    let watched = [k.stake(&staker.pubkey()), staker.token_account, k.insurance_vault];
    for (account, expected) in not_a_wallet_account(staker.pubkey()) {
        for instruction in [
            ix::stake(&k, &staker.pubkey(), &account, 10),
            ix::fund_insurance(&k, &staker.pubkey(), &account, 10),
            ix::unstake(&k, &staker.pubkey(), &account),
        ] {
            env.expect_rejected_code(&[instruction], &[&staker.keypair], expected, &watched).await;
        }
    }
    // Their well-formed twins: the staker's own account.
    env.send(&[ix::fund_insurance(&k, &staker.pubkey(), &staker.token_account, 10)], &[&staker.keypair]).await.unwrap();
    assert_eq!((env.token_balance(&staker.token_account).await, env.insurance_vault_balance().await), (890, 110));
    env.send(&[ix::unstake(&k, &staker.pubkey(), &staker.token_account)], &[&staker.keypair]).await.unwrap();
    assert_eq!(env.stake_account(&staker.pubkey()).await.shares, 0);
    // The value at request time (rounded down), the donation staying in the fund.
    let paid = env.token_balance(&staker.token_account).await - 890;
    assert!((99..=100).contains(&paid), "the staker got its stake back: {paid}");
    assert_eq!(env.insurance_vault_balance().await, 110 - paid);
    assert_eq!(env.fund().await.balance, 110 - paid);
    env.send(&[ix::stake(&k, &staker.pubkey(), &staker.token_account, 10)], &[&staker.keypair]).await.unwrap();
    assert_eq!(env.insurance_vault_balance().await, 120 - paid);

    // The well-formed twins: the wallet's own token account, both ways, exact balances.
    env.send(&[ix::deposit(&k, &alice.pubkey(), &alice.token_account, 10)], &[&alice.keypair]).await.unwrap();
    assert_eq!((env.token_balance(&alice.token_account).await, env.vault_balance().await), (490, 1_010));
    env.send(&[ix::withdraw(&k, &alice.pubkey(), &alice.token_account, 10)], &[&alice.keypair]).await.unwrap();
    assert_eq!((env.token_balance(&alice.token_account).await, env.vault_balance().await), (500, 1_000));
    assert_eq!(env.position(&alice.pubkey()).await.principal, 1_000);
}
