//! Mints, token accounts, wallets and traders: what a test starts from.

use super::*;

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


impl TestEnv {
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
}
