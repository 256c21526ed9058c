//! Sequences several tests share: resolving a loss, a staker with a request, solvency.

use super::*;

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

/// A market for measuring cost against the number of positions (`test_scale`, `bench`): the
/// bytecode on a fixed clock (the fund's refill and the loss windows are computed from elapsed
/// seconds, and a division costs a few units more or less with its operands), a `settler` whose
/// position holds 500,000 of at-risk profit, a `feeder` that wins every later loss, and `n`
/// positions sharing `principal` and `profit` (`seed_positions`).
pub struct ScaleMarket {
    pub env: TestEnv,
    pub settler: Wallet,
    pub feeder: Wallet,
}

impl ScaleMarket {
    pub async fn start(n: u64, principal: u64, profit: u64) -> Self {
        let mut chain = Chain::start(Runtime::Bytecode).await;
        let mut clock = chain.clock().await;
        clock.unix_timestamp = 1_800_000_000;
        chain.set_clock(&clock);
        let mut env = TestEnv::start_on(chain, TokenKind::SplToken, default_params()).await;
        let settler = env.trader(1_000_000).await;
        let feeder = env.trader(1_000_000).await;
        env.apply_pnl(&settler.pubkey(), &feeder.pubkey(), 500_000).await.expect("the settler's profit");
        env.seed_positions(n, principal, profit).await;
        ScaleMarket { env, settler, feeder }
    }
}
