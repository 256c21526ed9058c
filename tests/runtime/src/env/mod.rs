//! A market running in a fresh Solana bank, with wallets, tokens, a clock and helpers to send
//! signed transactions and read accounts, token balances and decoded events. By concern:
//! `fixtures` (mints, wallets, traders), `reads` (accounts and balances), `state_writes` (the
//! clock and accounts written around the program, for states too slow to reach by
//! transaction), `outcomes` (refusals that change nothing, errors, events, compute units) and
//! `flows` (multi-step sequences the tests share).

use crate::ix::{self, MarketKeys};
use crate::chain::{Chain, Runtime};
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, AnchorDeserialize, Discriminator};
use anchor_spl::token::spl_token;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_interface::TokenAccount;
use base64::Engine;
use loss_mutualization::errors::LmError;
use loss_mutualization::instructions::InitializeMarketArgs;
use loss_mutualization::state::*;
use solana_account::Account;
use solana_clock::Clock;
use solana_keypair::Keypair;
use solana_signer::Signer;
use solana_system_interface::instruction as system_instruction;
use solana_transaction::Transaction;

pub use solana_program_test::BanksClientError;
pub use solana_transaction::TransactionError;

mod fixtures;
mod flows;
mod outcomes;
mod reads;
mod state_writes;

pub use fixtures::*;
pub use flows::ScaleMarket;
pub use outcomes::*;

/// A transaction that landed, with its log messages.
#[derive(Debug)]
pub struct TxOutcome {
    pub logs: Vec<String>,
    /// Compute units the transaction consumed (bytecode runtime only).
    pub compute_units: Option<u64>,
}

/// A transaction that failed, with the error and its log messages.
#[derive(Debug)]
pub struct TxFailure {
    pub error: TransactionError,
    pub logs: Vec<String>,
}

pub type TxResult = Result<TxOutcome, TxFailure>;

pub struct TestEnv {
    pub chain: Chain,
    pub keys: MarketKeys,
    pub token_kind: TokenKind,
    pub admin: Keypair,
    pub risk: Keypair,
    pub clearing: Keypair,
    pub mint_authority: Keypair,
    nonce: u32,
}

impl TestEnv {
    /// A market on an SPL Token mint with the default parameters.
    pub async fn start() -> Self {
        Self::start_with(TokenKind::SplToken, default_params()).await
    }

    /// A market in the runtime `LM_RUNTIME` names (the program's bytecode by default).
    pub async fn start_with(token_kind: TokenKind, params: MarketParams) -> Self {
        Self::start_on(Chain::start(Runtime::from_env()).await, token_kind, params).await
    }

    /// A market on a chain the caller started (e.g. a native bank with extra programs).
    pub async fn start_on(chain: Chain, token_kind: TokenKind, params: MarketParams) -> Self {
        Self::start_with_clearing(chain, token_kind, params, |_| None).await
    }

    /// As `start_on`, with the clearing authority `clearing_for(market address)` names (e.g. an
    /// exchange program's PDA) instead of `env.clearing`'s key.
    pub async fn start_with_clearing(
        chain: Chain,
        token_kind: TokenKind,
        params: MarketParams,
        clearing_for: impl FnOnce(&Pubkey) -> Option<Pubkey>,
    ) -> Self {
        let mint = Keypair::new();
        let admin = Keypair::new();
        let keys = MarketKeys::new(mint.pubkey(), &admin.pubkey(), MARKET_ID, token_kind.program_id());
        let mut env = TestEnv {
            chain,
            keys,
            token_kind,
            admin,
            risk: Keypair::new(),
            clearing: Keypair::new(),
            mint_authority: Keypair::new(),
            nonce: 0,
        };
        env.create_mint(&mint).await;
        for key in [env.admin.pubkey(), env.risk.pubkey(), env.clearing.pubkey()] {
            env.airdrop(&key, 10_000_000_000).await;
        }
        let args = InitializeMarketArgs {
            market_id: MARKET_ID,
            risk_authority: env.risk.pubkey(),
            clearing_authority: clearing_for(&env.keys.market).unwrap_or(env.clearing.pubkey()),
            params,
        };
        let admin = env.admin.insecure_clone();
        env.send(&[ix::initialize_market(&env.keys, &admin.pubkey(), args)], &[&admin])
            .await
            .expect("initialize_market");
        // The operator's rent reserve for shortfall records (lamports above the market's own rent).
        let market = env.keys.market;
        env.airdrop(&market, RENT_RESERVE).await;
        env
    }

    pub fn payer(&self) -> Keypair {
        self.chain.payer()
    }

    /// Sign with the payer and `signers`, send, and return the logs or the error.
    ///
    /// A compute-budget instruction with a running number makes every transaction unique, so
    /// that two identical calls in one slot are not deduplicated by the bank.
    pub async fn send(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> TxResult {
        self.nonce += 1;
        let mut all = vec![compute_unit_limit(1_000_000 + self.nonce % 400_000)];
        all.extend_from_slice(instructions);
        self.send_exact(&all, signers).await
    }

    /// Send exactly these instructions (no uniqueness instruction).
    pub async fn send_exact(&mut self, instructions: &[Instruction], signers: &[&Keypair]) -> TxResult {
        let payer = self.payer();
        let mut keypairs: Vec<&Keypair> = vec![&payer];
        for signer in signers {
            if !keypairs.iter().any(|k| k.pubkey() == signer.pubkey()) {
                keypairs.push(signer);
            }
        }
        let blockhash = self.chain.latest_blockhash().await;
        let tx = Transaction::new_signed_with_payer(instructions, Some(&payer.pubkey()), &keypairs, blockhash);
        let processed = self.chain.process(tx.into()).await;
        let (logs, compute_units) = (processed.logs, processed.compute_units);
        // Tests raise the transaction's CU limit (for uniqueness), so check here that every
        // instruction of the program would also fit the default per-instruction budget.
        for units in program_compute_units(&logs) {
            assert!(units <= DEFAULT_INSTRUCTION_BUDGET, "an instruction used {units} CU, over the default 200k budget: {logs:#?}");
        }
        // And each successful call within its own instruction's budget.
        crate::cu_budget::check(&logs);
        match processed.result {
            Ok(()) => Ok(TxOutcome { logs, compute_units }),
            Err(error) => Err(TxFailure { error, logs }),
        }
    }

    pub async fn airdrop(&mut self, to: &Pubkey, lamports: u64) {
        let payer = self.payer();
        self.send(&[system_instruction::transfer(&payer.pubkey(), to, lamports)], &[])
            .await
            .expect("airdrop");
    }
}

fn compute_unit_limit(units: u32) -> Instruction {
    // ComputeBudgetInstruction::SetComputeUnitLimit (tag 2).
    let mut data = vec![2u8];
    data.extend_from_slice(&units.to_le_bytes());
    Instruction {
        program_id: Pubkey::from_str_const("ComputeBudget111111111111111111111111111111"),
        accounts: vec![],
        data,
    }
}
