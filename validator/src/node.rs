//! The node: the agave bank (program-test), its slots and blockhashes, and the processed transactions.
use super::*;

/// Blocks a blockhash is reported valid for (as a cluster; see docs/NATIVE_RUNTIME.md for what
/// the bank underneath actually honours).
pub(crate) const BLOCKHASH_VALIDITY: u64 = 150;

/// A processed transaction, kept for getTransaction / getSignatureStatuses.
pub(crate) struct StoredTx {
    /// Processing order (getSignaturesForAddress lists newest first).
    pub(crate) index: u64,
    pub(crate) slot: u64,
    pub(crate) transaction: VersionedTransaction,
    pub(crate) err: Option<solana_transaction::TransactionError>,
    pub(crate) logs: Vec<String>,
    pub(crate) fee: u64,
    pub(crate) block_time: i64,
    pub(crate) pre_balances: Vec<u64>,
    pub(crate) post_balances: Vec<u64>,
}

pub(crate) struct Node {
    pub(crate) ctx: ProgramTestContext,
    pub(crate) slot: u64,
    /// Every account a transaction or airdrop touched: what getProgramAccounts scans.
    pub(crate) known: BTreeSet<Pubkey>,
    pub(crate) txs: HashMap<String, StoredTx>,
    /// Recent blockhashes and the block height at which each stops being valid.
    pub(crate) blockhashes: VecDeque<(Hash, u64)>,
}

impl Node {
    pub(crate) fn context(&self) -> RpcResponseContext {
        RpcResponseContext::new(self.slot)
    }

    pub(crate) fn respond<T: serde::Serialize>(&self, value: T) -> RpcResult {
        Ok(serde_json::to_value(Response { context: self.context(), value }).unwrap())
    }

    pub(crate) async fn account(&self, key: &Pubkey) -> Option<Account> {
        self.ctx.banks_client.get_account(*key).await.ok().flatten()
    }

    pub(crate) async fn balances(&self, keys: &[Pubkey]) -> Vec<u64> {
        let mut balances = Vec::with_capacity(keys.len());
        for key in keys {
            balances.push(self.account(key).await.map_or(0, |a| a.lamports));
        }
        balances
    }

    pub(crate) async fn block_height(&self) -> u64 {
        self.ctx.banks_client.get_root_block_height().await.unwrap_or(self.slot)
    }

    /// Advance one slot: a new bank, a new blockhash.
    pub(crate) async fn tick(&mut self) {
        // The bank may already be ahead of our count (start-up); find the next slot it takes.
        for next in self.slot + 1..self.slot + 8 {
            if self.ctx.warp_to_slot(next).is_ok() {
                self.slot = next;
                break;
            }
        }
        if let Ok(hash) = self.ctx.banks_client.get_latest_blockhash().await {
            if self.blockhashes.back().map(|(h, _)| *h) != Some(hash) {
                let height = self.block_height().await;
                self.blockhashes.push_back((hash, height + BLOCKHASH_VALIDITY));
                while self.blockhashes.len() > 300 {
                    self.blockhashes.pop_front();
                }
            }
        }
    }

    /// Process a transaction; returns its signature and what happened.
    pub(crate) async fn process(&mut self, transaction: VersionedTransaction) -> Result<(String, StoredTxView), RpcError> {
        let signature = transaction.signatures.first().map(|s| s.to_string()).unwrap_or_default();
        let keys: Vec<Pubkey> = transaction.message.static_account_keys().to_vec();
        let pre_balances = self.balances(&keys).await;
        let outcome = self
            .ctx
            .banks_client
            .process_transaction_with_metadata(transaction.clone())
            .await
            .map_err(|e| RpcError { code: -32002, message: format!("Transaction failed: {e}"), data: None })?;
        let logs = native::normalize_logs(outcome.metadata.map(|m| m.log_messages).unwrap_or_default());
        let post_balances = self.balances(&keys).await;
        self.known.extend(keys.iter().copied());
        let fee = 5_000 * transaction.signatures.len() as u64;
        let block_time = self.ctx.banks_client.get_sysvar::<solana_clock::Clock>().await.map(|c| c.unix_timestamp).unwrap_or(0);
        let err = outcome.result.err();
        let index = self.txs.len() as u64;
        self.txs.insert(
            signature.clone(),
            StoredTx { index, slot: self.slot, transaction, err: err.clone(), logs: logs.clone(), fee, block_time, pre_balances, post_balances },
        );
        Ok((signature, StoredTxView { err, logs, keys, slot: self.slot }))
    }
}

pub(crate) struct StoredTxView {
    pub(crate) err: Option<solana_transaction::TransactionError>,
    pub(crate) logs: Vec<String>,
    pub(crate) keys: Vec<Pubkey>,
    pub(crate) slot: u64,
}
