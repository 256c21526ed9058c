//! Attack 8 of the pending-loss issue: a Token-2022 collateral mint whose extensions could move
//! or freeze the vaults' tokens, or change transferred amounts, is refused at
//! `initialize_market` with a named error per extension; mints whose extensions cannot do that
//! are accepted.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_spl::token_2022::spl_token_2022::{
    self,
    extension::{self as ext, ExtensionType},
    state::{AccountState, Mint},
};
use lm_runtime_tests::*;
use loss_mutualization::errors::LmError;
use loss_mutualization::instructions::InitializeMarketArgs;
use solana_system_interface::instruction as system_instruction;

const TOKEN_2022: Pubkey = spl_token_2022::ID;

/// A Token-2022 mint with `extensions`, initialized by `init` before `initialize_mint2`.
async fn mint_with(
    env: &mut TestEnv,
    extensions: &[ExtensionType],
    init: impl FnOnce(&Pubkey, &Pubkey) -> Vec<Instruction>,
) -> Pubkey {
    let mint = Keypair::new();
    let payer = env.payer();
    let authority = env.mint_authority.pubkey();
    let space = ExtensionType::try_calculate_account_len::<Mint>(extensions).unwrap();
    let rent = env.minimum_balance(space).await;
    let mut ixs =
        vec![system_instruction::create_account(&payer.pubkey(), &mint.pubkey(), rent, space as u64, &TOKEN_2022)];
    ixs.extend(init(&mint.pubkey(), &authority));
    ixs.push(
        spl_token_2022::instruction::initialize_mint2(&TOKEN_2022, &mint.pubkey(), &authority, Some(&authority), 6)
            .unwrap(),
    );
    env.send(&ixs, &[&mint]).await.expect("create Token-2022 mint");
    mint.pubkey()
}

fn init_market(env: &TestEnv, mint: &Pubkey) -> (MarketKeys, Instruction) {
    let keys = MarketKeys::new(*mint, &env.admin.pubkey(), MARKET_ID, TOKEN_2022);
    let args = InitializeMarketArgs {
        market_id: MARKET_ID,
        risk_authority: env.risk.pubkey(),
        clearing_authority: env.clearing.pubkey(),
        params: default_params(),
    };
    (keys, ix::initialize_market(&keys, &env.admin.pubkey(), args))
}

#[tokio::test]
async fn hostile_token_2022_mints_are_refused_and_benign_ones_accepted() {
    let mut env = TestEnv::start_with(TokenKind::Token2022, default_params()).await;
    let admin = env.admin.insecure_clone();
    let delegate = Pubkey::new_unique();

    type Init = Box<dyn FnOnce(&Pubkey, &Pubkey) -> Vec<Instruction>>;
    let hostile: Vec<(ExtensionType, Init, LmError)> = vec![
        (
            ExtensionType::PermanentDelegate,
            Box::new(move |m, _| vec![spl_token_2022::instruction::initialize_permanent_delegate(&TOKEN_2022, m, &delegate).unwrap()]),
            LmError::MintHasPermanentDelegate,
        ),
        (
            ExtensionType::TransferFeeConfig,
            Box::new(|m, a| {
                vec![ext::transfer_fee::instruction::initialize_transfer_fee_config(&TOKEN_2022, m, Some(a), Some(a), 0, 0).unwrap()]
            }),
            LmError::MintHasTransferFee,
        ),
        (
            ExtensionType::TransferHook,
            Box::new(|m, a| vec![ext::transfer_hook::instruction::initialize(&TOKEN_2022, m, Some(*a), None).unwrap()]),
            LmError::MintHasTransferHook,
        ),
        (
            ExtensionType::DefaultAccountState,
            Box::new(|m, _| {
                vec![ext::default_account_state::instruction::initialize_default_account_state(&TOKEN_2022, m, &AccountState::Frozen).unwrap()]
            }),
            LmError::MintHasDefaultAccountState,
        ),
        (
            ExtensionType::NonTransferable,
            Box::new(|m, _| vec![spl_token_2022::instruction::initialize_non_transferable_mint(&TOKEN_2022, m).unwrap()]),
            LmError::MintIsNonTransferable,
        ),
        (
            ExtensionType::MintCloseAuthority,
            Box::new(|m, a| vec![spl_token_2022::instruction::initialize_mint_close_authority(&TOKEN_2022, m, Some(a)).unwrap()]),
            LmError::MintHasCloseAuthority,
        ),
    ];
    for (extension, init, expected) in hostile {
        let mint = mint_with(&mut env, &[extension], init).await;
        let (keys, instruction) = init_market(&env, &mint);
        env.expect_rejected(&[instruction], &[&admin], expected, &[keys.market, keys.collateral_vault, keys.insurance_fund])
            .await;
        assert!(env.account(&keys.market).await.is_none(), "{extension:?}: no market was created");
    }

    // The well-formed twins: metadata, interest-bearing display, and a close authority that is
    // unset (it can never be set again) are accepted, and the market runs.
    let benign: Vec<(Vec<ExtensionType>, Init)> = vec![
        (
            vec![ExtensionType::MetadataPointer],
            Box::new(|m, a| vec![ext::metadata_pointer::instruction::initialize(&TOKEN_2022, m, Some(*a), Some(*m)).unwrap()]),
        ),
        (
            vec![ExtensionType::InterestBearingConfig],
            Box::new(|m, a| vec![ext::interest_bearing_mint::instruction::initialize(&TOKEN_2022, m, Some(*a), 500).unwrap()]),
        ),
        (
            vec![ExtensionType::MintCloseAuthority],
            Box::new(|m, _| vec![spl_token_2022::instruction::initialize_mint_close_authority(&TOKEN_2022, m, None).unwrap()]),
        ),
    ];
    for (extensions, init) in benign {
        let mint = mint_with(&mut env, &extensions, init).await;
        let (keys, instruction) = init_market(&env, &mint);
        env.send(&[instruction], &[&admin]).await.unwrap_or_else(|e| panic!("{extensions:?}: {e:?}"));
        let market: loss_mutualization::state::Market = env.decode(&keys.market).await;
        assert_eq!((market.collateral_mint, market.collateral_token_program), (mint, TOKEN_2022));
    }
}
