//! Writes around the program: the clock, and accounts set to states that would take too long
//! to build by transaction. Never used to make a refused call pass.

use super::*;
use anchor_lang::Space;

impl TestEnv {
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
        position.settle(&mut market, true).expect("settle");
        market.pending_shortfall = pending;
        market.profit_pool.remove(amount).unwrap();
        market.principal_pool.add(amount).unwrap();
        position.set_at_risk_profit(position.at_risk_profit() - amount).unwrap();
        position.principal += amount;
        let (market_key, position_key) = (self.keys.market, self.keys.position(owner));
        self.write_account(&market_key, &market).await;
        self.write_account(&position_key, &position).await;
    }

    /// `n` positions written straight into the bank (creating 100,000 by transaction would take
    /// too long), sharing `principal` and at-risk `profit` equally, so that the market's pools
    /// hold the same totals whatever `n` is; the market's books and the vault's tokens are raised
    /// to match. For measuring that an instruction's cost does not grow with the positions.
    pub async fn seed_positions(&mut self, n: u64, principal: u64, profit: u64) {
        let k = self.keys;
        let mut market = self.market().await;
        let lamports = self.minimum_balance(8 + UserPosition::INIT_SPACE).await;
        let (each_principal, each_profit) = (principal / n, profit / n);
        for _ in 0..n {
            let owner = Pubkey::new_unique();
            let mut position = UserPosition::opened(k.market, &market, owner, 255);
            position.principal = each_principal;
            position.realized_pnl = each_profit as i64;
            let mut data = Vec::with_capacity(8 + UserPosition::INIT_SPACE);
            anchor_lang::AccountSerialize::try_serialize(&position, &mut data).expect("serialize");
            self.set_account(&k.position(&owner), Account { lamports, data, owner: loss_mutualization::ID, executable: false, rent_epoch: 0 });
        }
        market.principal_pool.add(each_principal * n).expect("principal");
        market.profit_pool.add(each_profit * n).expect("profit");
        market.position_count += n;
        self.write_account(&k.market, &market).await;
        let vault = k.collateral_vault;
        self.mint_to(&vault, (each_principal + each_profit) * n).await;
    }
}
