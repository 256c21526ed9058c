//! A market running in a fresh Solana bank, with wallets, tokens, a clock and helpers to send
//! signed transactions and read accounts, token balances and decoded events.

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

/// Which token program the collateral mint belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    SplToken,
    Token2022,
}

impl TokenKind {
    pub fn program_id(self) -> Pubkey {
        match self {
            TokenKind::SplToken => spl_token::ID,
            TokenKind::Token2022 => spl_token_2022::ID,
        }
    }
}

pub const DECIMALS: u8 = 6;
pub const MARKET_ID: u64 = 7;
/// Lamports the tests' operator puts on the market account for shortfall records' rent.
pub const RENT_RESERVE: u64 = 1_000_000_000;

/// With the default one-hour maturity, every gain has matured this long after it was booked
/// (the period plus one grid slot, `math::maturity`).
pub const MATURED_AFTER: i64 = 3_600 + 3_600 / loss_mutualization::math::maturity::MATURITY_SLOTS;

pub fn default_params() -> MarketParams {
    MarketParams {
        profit_maturity_secs: 3_600,
        max_draw_per_event: 1_000_000_000,
        draw_window_cap: 5_000_000_000,
        draw_window_secs: 86_400,
        unstake_delay_secs: 7 * 86_400,
        unstake_window_secs: 2 * 86_400,
        liquidation_window_secs: 60,
        max_shortfall_bps: 1_000_000,
        // The floor: two days beyond the week-long unstake delay.
        notice_secs: 9 * 86_400,
    }
}

/// A wallet: a keypair with SOL for rent and a token account of the collateral mint.
pub struct Wallet {
    pub keypair: Keypair,
    pub token_account: Pubkey,
}

impl Wallet {
    pub fn pubkey(&self) -> Pubkey {
        self.keypair.pubkey()
    }
}

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

    /// Create `mint` under the market's token program, with the env's mint authority, which is
    /// also its freeze authority (as on USDC).
    pub async fn create_mint(&mut self, mint: &Keypair) {
        let payer = self.payer();
        let program = self.token_kind.program_id();
        let space = 82;
        let lamports = self.chain.minimum_balance(space).await;
        let init = match self.token_kind {
            TokenKind::SplToken => spl_token::instruction::initialize_mint2(
                &program,
                &mint.pubkey(),
                &self.mint_authority.pubkey(),
                Some(&self.mint_authority.pubkey()),
                DECIMALS,
            ),
            TokenKind::Token2022 => spl_token_2022::instruction::initialize_mint2(
                &program,
                &mint.pubkey(),
                &self.mint_authority.pubkey(),
                Some(&self.mint_authority.pubkey()),
                DECIMALS,
            ),
        }
        .unwrap();
        let create = system_instruction::create_account(
            &payer.pubkey(),
            &mint.pubkey(),
            lamports,
            space as u64,
            &program,
        );
        self.send(&[create, init], &[mint]).await.expect("create mint");
    }

    /// A token account of `mint` (under `token_program`) owned by `owner`.
    pub async fn create_token_account_for(&mut self, mint: &Pubkey, token_program: &Pubkey, owner: &Pubkey) -> Pubkey {
        let payer = self.payer();
        let account = Keypair::new();
        let space = 165;
        let lamports = self.chain.minimum_balance(space).await;
        let create = system_instruction::create_account(
            &payer.pubkey(),
            &account.pubkey(),
            lamports,
            space as u64,
            token_program,
        );
        let init = if *token_program == spl_token::ID {
            spl_token::instruction::initialize_account3(token_program, &account.pubkey(), mint, owner)
        } else {
            spl_token_2022::instruction::initialize_account3(token_program, &account.pubkey(), mint, owner)
        }
        .unwrap();
        self.send(&[create, init], &[&account]).await.expect("create token account");
        account.pubkey()
    }

    /// Freeze (or thaw) a token account of the market's mint with its freeze authority.
    pub async fn set_frozen(&mut self, account: &Pubkey, frozen: bool) {
        let program = self.token_kind.program_id();
        let authority = self.mint_authority.insecure_clone();
        let (mint, who) = (self.keys.mint, authority.pubkey());
        let ix = match (self.token_kind, frozen) {
            (TokenKind::SplToken, true) => spl_token::instruction::freeze_account(&program, account, &mint, &who, &[]),
            (TokenKind::SplToken, false) => spl_token::instruction::thaw_account(&program, account, &mint, &who, &[]),
            (TokenKind::Token2022, true) => spl_token_2022::instruction::freeze_account(&program, account, &mint, &who, &[]),
            (TokenKind::Token2022, false) => spl_token_2022::instruction::thaw_account(&program, account, &mint, &who, &[]),
        }
        .unwrap();
        self.send(&[ix], &[&authority]).await.expect("freeze / thaw");
    }

    pub async fn mint_to(&mut self, account: &Pubkey, amount: u64) {
        let program = self.token_kind.program_id();
        let authority = self.mint_authority.insecure_clone();
        let ix = if self.token_kind == TokenKind::SplToken {
            spl_token::instruction::mint_to(&program, &self.keys.mint, account, &authority.pubkey(), &[], amount)
        } else {
            spl_token_2022::instruction::mint_to(&program, &self.keys.mint, account, &authority.pubkey(), &[], amount)
        }
        .unwrap();
        self.send(&[ix], &[&authority]).await.expect("mint_to");
    }

    /// A new wallet with 10 SOL and `tokens` of the collateral mint.
    pub async fn wallet(&mut self, tokens: u64) -> Wallet {
        let keypair = Keypair::new();
        self.airdrop(&keypair.pubkey(), 10_000_000_000).await;
        let (mint, program) = (self.keys.mint, self.keys.token_program);
        let token_account = self.create_token_account_for(&mint, &program, &keypair.pubkey()).await;
        if tokens > 0 {
            self.mint_to(&token_account, tokens).await;
        }
        Wallet { keypair, token_account }
    }

    /// A wallet that opened a position and deposited all of its `deposit` tokens.
    pub async fn trader(&mut self, deposit: u64) -> Wallet {
        let wallet = self.wallet(deposit).await;
        let k = self.keys;
        let mut ixs = vec![ix::open_position(&k, &wallet.pubkey())];
        if deposit > 0 {
            ixs.push(ix::deposit(&k, &wallet.pubkey(), &wallet.token_account, deposit));
        }
        self.send(&ixs, &[&wallet.keypair]).await.expect("open and deposit");
        wallet
    }

    pub async fn account(&self, key: &Pubkey) -> Option<Account> {
        self.chain.account(key).await
    }

    /// Overwrite an account in the bank (test setup only).
    pub fn set_account(&mut self, key: &Pubkey, account: Account) {
        self.chain.set_account(key, account)
    }

    /// Lamports for a rent-exempt account of `space` bytes.
    pub async fn minimum_balance(&self, space: usize) -> u64 {
        self.chain.minimum_balance(space).await
    }

    pub async fn decode<T: AccountDeserialize>(&self, key: &Pubkey) -> T {
        let account = self.account(key).await.unwrap_or_else(|| panic!("account {key} missing"));
        T::try_deserialize(&mut account.data.as_slice()).expect("decode account")
    }

    pub async fn market(&self) -> Market {
        self.decode(&self.keys.market).await
    }

    pub async fn fund(&self) -> InsuranceFund {
        self.decode(&self.keys.insurance_fund).await
    }

    pub async fn position(&self, owner: &Pubkey) -> UserPosition {
        self.decode(&self.keys.position(owner)).await
    }

    pub async fn record(&self, key: &Pubkey) -> ShortfallRecord {
        self.decode(key).await
    }

    pub async fn stake_account(&self, staker: &Pubkey) -> InsuranceStake {
        self.decode(&self.keys.stake(staker)).await
    }

    pub async fn token_balance(&self, account: &Pubkey) -> u64 {
        self.decode::<TokenAccount>(account).await.amount
    }

    pub async fn vault_balance(&self) -> u64 {
        self.token_balance(&self.keys.collateral_vault).await
    }

    pub async fn insurance_vault_balance(&self) -> u64 {
        self.token_balance(&self.keys.insurance_vault).await
    }

    pub async fn now(&self) -> i64 {
        self.chain.clock().await.unix_timestamp
    }

    /// Move the bank's clock forward by `secs`.
    pub async fn warp(&mut self, secs: i64) {
        let mut clock: Clock = self.chain.clock().await;
        clock.unix_timestamp += secs;
        self.chain.set_clock(&clock);
    }

    /// Overwrite a program account's data in the bank (to reach states that would take too
    /// long to build by transaction, such as a counter near its limit).
    pub async fn write_account<T: anchor_lang::AccountSerialize>(&mut self, key: &Pubkey, value: &T) {
        let mut account = self.account(key).await.expect("account to overwrite");
        let mut data = Vec::with_capacity(account.data.len());
        value.try_serialize(&mut data).expect("serialize");
        // Option fields serialize shorter than the space allocated for them.
        assert!(data.len() <= account.data.len(), "layout grew");
        data.resize(account.data.len(), 0);
        account.data = data;
        self.chain.set_account(key, account);
    }

    /// Write the accounts exactly as `release_profit` would (settled first), bypassing its
    /// checks. The program refuses a release while a loss is pending, which is what makes the
    /// haircut tier unreachable through instructions (the bankrupting trade's own profit always
    /// covers the shortfall); tests of that backstop use this to reach a state where at-risk
    /// profit is smaller than a pending loss.
    pub async fn force_release_profit(&mut self, owner: &Pubkey, amount: u64) {
        let mut market = self.market().await;
        let mut position = self.position(owner).await;
        let pending = std::mem::replace(&mut market.pending_shortfall, 0);
        position.settle(&mut market).expect("settle");
        market.pending_shortfall = pending;
        market.profit_pool.remove(amount).unwrap();
        market.principal_pool.add(amount).unwrap();
        position.set_at_risk_profit(position.at_risk_profit() - amount).unwrap();
        position.principal += amount;
        let (market_key, position_key) = (self.keys.market, self.keys.position(owner));
        self.write_account(&market_key, &market).await;
        self.write_account(&position_key, &position).await;
    }

    /// Raw copies of accounts, to prove a rejected transaction changed nothing.
    pub async fn snapshot(&self, keys: &[Pubkey]) -> Vec<Option<Account>> {
        let mut accounts = Vec::with_capacity(keys.len());
        for key in keys {
            accounts.push(self.account(key).await);
        }
        accounts
    }

    /// The market's own accounts plus `extra`: what a rejected call must leave untouched.
    pub fn watched(&self, extra: &[Pubkey]) -> Vec<Pubkey> {
        let k = &self.keys;
        let mut keys = vec![k.market, k.collateral_vault, k.insurance_fund, k.insurance_vault];
        keys.extend_from_slice(extra);
        keys
    }

    /// Send, expect the program's named error `expected`, and check that none of `watched`
    /// (nor the market's own accounts) changed.
    pub async fn expect_rejected(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
        expected: LmError,
        watched: &[Pubkey],
    ) {
        self.expect_rejected_code(instructions, signers, error_code(expected), watched).await
    }

    /// As `expect_rejected`, for any custom error code (Anchor's own constraint errors too).
    pub async fn expect_rejected_code(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
        expected: u32,
        watched: &[Pubkey],
    ) {
        self.expect_failure(instructions, signers, |result| custom_error(result) == Some(expected), watched).await
    }

    /// Send, check the failure with `is_expected`, and check that nothing watched changed.
    pub async fn expect_failure(
        &mut self,
        instructions: &[Instruction],
        signers: &[&Keypair],
        is_expected: impl Fn(&TxResult) -> bool,
        watched: &[Pubkey],
    ) {
        let keys = self.watched(watched);
        let before = self.snapshot(&keys).await;
        let result = self.send(instructions, signers).await;
        assert!(is_expected(&result), "unexpected outcome: {result:?}");
        let after = self.snapshot(&keys).await;
        for ((key, b), a) in keys.iter().zip(before).zip(after) {
            assert_eq!(b, a, "rejected transaction changed account {key}");
        }
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

/// Compute units a cluster gives an instruction unless the transaction asks for more.
pub const DEFAULT_INSTRUCTION_BUDGET: u64 = 200_000;

/// Compute units each top-level call of the program consumed, from its
/// `Program <id> consumed N of M compute units` log lines (bytecode runtime only).
pub fn program_compute_units(logs: &[String]) -> Vec<u64> {
    let prefix = format!("Program {} consumed ", loss_mutualization::ID);
    logs.iter()
        .filter_map(|line| line.strip_prefix(&prefix))
        .filter_map(|rest| rest.split_once(" of ").and_then(|(units, _)| units.parse().ok()))
        .collect()
}

/// The custom error code of the program's named error.
pub fn error_code(error: LmError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + error as u32
}

/// The instruction error a failed transaction ended with, if any.
pub fn instruction_error(result: &TxResult) -> Option<solana_instruction_error::InstructionError> {
    match result {
        Err(TxFailure { error: TransactionError::InstructionError(_, error), .. }) => Some(error.clone()),
        _ => None,
    }
}

/// The custom error code a failed transaction ended with, if any.
pub fn custom_error(result: &TxResult) -> Option<u32> {
    use solana_instruction_error::InstructionError;
    match result {
        Err(TxFailure { error: TransactionError::InstructionError(_, InstructionError::Custom(code)), .. }) => {
            Some(*code)
        }
        _ => None,
    }
}

/// Events of type `E` in a transaction's logs (`Program data: <base64>` lines).
pub fn events<E: AnchorDeserialize + Discriminator>(logs: &[String]) -> Vec<E> {
    logs.iter()
        .filter_map(|line| line.strip_prefix("Program data: "))
        .filter_map(|payload| base64::engine::general_purpose::STANDARD.decode(payload).ok())
        .filter(|bytes| bytes.starts_with(E::DISCRIMINATOR))
        .map(|bytes| E::deserialize(&mut &bytes[E::DISCRIMINATOR.len()..]).expect("decode event"))
        .collect()
}

/// The one event of type `E` in a transaction's logs.
pub fn event<E: AnchorDeserialize + Discriminator>(outcome: &TxOutcome) -> E {
    let mut found = events::<E>(&outcome.logs);
    assert_eq!(found.len(), 1, "expected exactly one event, logs: {:#?}", outcome.logs);
    found.remove(0)
}

impl TestEnv {
    /// Move the clock to the end of the pending liquidation's window (if one is open), after
    /// which anyone may resolve it.
    pub async fn end_liquidation_window(&mut self) {
        let ends_at = self.market().await.liquidation_ends_at;
        let now = self.chain.clock().await.unix_timestamp;
        if ends_at > now {
            self.warp(ends_at - now).await;
        }
    }

    /// Resolve a bankrupt position's loss in one instruction, sent by `resolver`: at once if it
    /// is the clearing authority, otherwise (anyone) once the liquidation's window has ended
    /// (the clock is moved there first, as a keeper waits). Returns the record's address and
    /// the outcome.
    pub async fn resolve_by(&mut self, resolver: &Keypair, bankrupt_owner: &Pubkey) -> (Pubkey, TxResult) {
        if resolver.pubkey() != self.clearing.pubkey() {
            self.end_liquidation_window().await;
        }
        let position_seq = self.position(bankrupt_owner).await.shortfall_count;
        let k = self.keys;
        let ix = ix::resolve_shortfall(&k, &resolver.pubkey(), bankrupt_owner, position_seq);
        (k.record(bankrupt_owner, position_seq), self.send(&[ix], &[resolver]).await)
    }

    /// `resolve_by` with the bank's fee payer (no market authority) as the resolver.
    pub async fn resolve_shortfall(&mut self, bankrupt_owner: &Pubkey) -> (Pubkey, TxResult) {
        let payer = self.payer();
        self.resolve_by(&payer, bankrupt_owner).await
    }

    /// A wallet that staked all its `tokens` and requested to unstake all its shares; returns it
    /// and the shares.
    pub async fn staker_with_request(&mut self, tokens: u64) -> (Wallet, u128) {
        let k = self.keys;
        let s = self.wallet(tokens).await;
        self.send(&[ix::stake(&k, &s.pubkey(), &s.token_account, tokens)], &[&s.keypair]).await.expect("stake");
        let shares = self.stake_account(&s.pubkey()).await.shares;
        self.send(&[ix::request_unstake(&k, &s.pubkey(), shares)], &[&s.keypair]).await.expect("request_unstake");
        (s, shares)
    }

    pub async fn apply_pnl(&mut self, winner: &Pubkey, loser: &Pubkey, amount: u64) -> TxResult {
        let clearing = self.clearing.insecure_clone();
        let k = self.keys;
        self.send(&[ix::apply_pnl(&k, &clearing.pubkey(), winner, loser, amount)], &[&clearing]).await
    }

    /// What a wallet can claim now: principal plus at-risk profit, after pending charges.
    pub async fn claim_of(&self, owner: &Pubkey) -> u64 {
        let market = self.market().await;
        let position = self.position(owner).await;
        let (clawback, haircut) = position.pending_charges(&market).unwrap();
        position.principal - haircut + position.at_risk_profit() - clawback
    }

    /// The solvency invariant, checked against token balances: the collateral vault holds at
    /// least every position's claim after pending clawbacks and haircuts, and the books match.
    pub async fn assert_solvent(&self, owners: &[Pubkey]) {
        let market = self.market().await;
        let vault = self.vault_balance().await;
        let mut claims: u128 = 0;
        for owner in owners {
            claims += self.claim_of(owner).await as u128;
        }
        let pending_loss = market.pending_shortfall as u128;
        let books = market.principal_pool.total as u128 + market.profit_pool.total as u128 + market.dust_pending as u128;
        assert!(vault as u128 + pending_loss >= books, "vault {vault} below books {books}");
        assert!(books >= claims + market.dust_pending as u128, "books {books} below claims {claims}");
        let fund = self.fund().await;
        assert_eq!(self.insurance_vault_balance().await, fund.balance, "insurance vault != fund books");
    }
}
