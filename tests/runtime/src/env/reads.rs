//! Reading the bank: accounts, decoded program accounts, token balances, the clock.

use super::*;

impl TestEnv {
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
}
