//! The node: the chain (the program's bytecode in agave 4.3's runtime, or natively in
//! program-test's bank), its slots and blockhashes, and the processed transactions.
use super::*;

/// Blocks a blockhash stays valid for, as on a cluster (MAX_PROCESSING_AGE). The node decides
/// blockhash age itself on the bytecode chain; the native bank enforces its own (~1 s, see
/// docs/NATIVE_RUNTIME.md).
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
    pub(crate) compute_units: Option<u64>,
    pub(crate) block_time: i64,
    pub(crate) pre_balances: Vec<u64>,
    pub(crate) post_balances: Vec<u64>,
}

pub(crate) struct Node {
    pub(crate) chain: Chain,
    pub(crate) slot: u64,
    pub(crate) height: u64,
    /// Every account a transaction or airdrop touched: what getProgramAccounts scans.
    pub(crate) known: BTreeSet<Pubkey>,
    pub(crate) txs: HashMap<String, StoredTx>,
    /// Recent blockhashes and the block height at which each stops being valid.
    pub(crate) blockhashes: VecDeque<(Hash, u64)>,
    /// Seconds the clock runs ahead of wall time since `surfnet_timeTravel` moved it (0: it
    /// follows wall time).
    pub(crate) clock_ahead: i64,
}

fn wall_time() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Node {
    pub(crate) fn context(&self) -> RpcResponseContext {
        RpcResponseContext::new(self.slot)
    }

    pub(crate) fn respond<T: serde::Serialize>(&self, value: T) -> RpcResult {
        Ok(serde_json::to_value(Response { context: self.context(), value }).unwrap())
    }

    pub(crate) async fn account(&self, key: &Pubkey) -> Option<Account> {
        self.chain.account(key).await
    }

    pub(crate) async fn balances(&self, keys: &[Pubkey]) -> Vec<u64> {
        let mut balances = Vec::with_capacity(keys.len());
        for key in keys {
            balances.push(self.account(key).await.map_or(0, |a| a.lamports));
        }
        balances
    }

    /// The newest blockhash (what getLatestBlockhash hands out).
    pub(crate) async fn latest_blockhash(&mut self) -> Hash {
        if self.blockhashes.is_empty() {
            self.tick().await;
        }
        self.blockhashes.back().expect("a blockhash after the first tick").0
    }

    pub(crate) fn block_height(&self) -> u64 {
        self.height
    }

    /// Advance one slot: a new block, a new blockhash.
    pub(crate) async fn tick(&mut self) {
        // The native bank may already be ahead of our count (start-up); find the next slot it takes.
        for next in self.slot + 1..self.slot + 8 {
            if let Some((hash, height)) = self.chain.advance_to_slot(next).await {
                self.slot = next;
                self.height = height;
                if self.blockhashes.back().map(|(h, _)| *h) != Some(hash) {
                    self.blockhashes.push_back((hash, height + BLOCKHASH_VALIDITY));
                    while self.blockhashes.len() > 300 {
                        self.blockhashes.pop_front();
                    }
                }
                self.keep_clock_ahead().await;
                break;
            }
        }
    }

    /// After a time travel the clock goes on from where it was moved, at wall pace (the chain
    /// alone would hold it there until wall time caught up: it never goes backwards).
    async fn keep_clock_ahead(&mut self) {
        if self.clock_ahead == 0 {
            return;
        }
        let mut clock = self.chain.clock().await;
        let ahead = wall_time().saturating_add(self.clock_ahead);
        if ahead > clock.unix_timestamp {
            clock.unix_timestamp = ahead;
            self.chain.set_clock(&clock);
        }
    }

    /// Move the clock's unix time to `unix_timestamp` (`surfnet_timeTravel`), forward only; it
    /// keeps running from there. Slots, block heights and blockhashes are not touched, so a
    /// transaction signed before the jump lands as it would have.
    pub(crate) async fn travel_to(&mut self, unix_timestamp: i64) -> Result<(), RpcError> {
        let mut clock = self.chain.clock().await;
        if unix_timestamp < clock.unix_timestamp {
            return Err(RpcError::invalid_params(format!(
                "the clock only moves forward: {unix_timestamp} s is before its time, {} s",
                clock.unix_timestamp
            )));
        }
        self.clock_ahead = self.clock_ahead.max(unix_timestamp.saturating_sub(wall_time()));
        clock.unix_timestamp = unix_timestamp;
        self.chain.set_clock(&clock);
        Ok(())
    }

    /// Where the chain is in its epoch (getEpochInfo, and what `surfnet_timeTravel` answers).
    pub(crate) fn epoch_info(&self) -> Value {
        let schedule = self.chain.epoch_schedule();
        let (epoch, slot_index) = schedule.get_epoch_and_slot_index(self.slot);
        json!({
            "absoluteSlot": self.slot,
            "blockHeight": self.block_height(),
            "epoch": epoch,
            "slotIndex": slot_index,
            "slotsInEpoch": schedule.get_slots_in_epoch(epoch),
            "transactionCount": self.txs.len(),
        })
    }

    /// Whether a transaction's blockhash is one of the last 150 blocks' (a cluster's
    /// `BlockhashNotFound` otherwise).
    pub(crate) fn blockhash_is_valid(&self, hash: &Hash) -> bool {
        self.blockhashes.iter().any(|(h, last_valid)| h == hash && self.height <= *last_valid)
    }

    /// Run a transaction without committing it; a stale blockhash fails as on a cluster.
    pub(crate) async fn simulate(&mut self, transaction: VersionedTransaction) -> Processed {
        if !self.blockhash_is_valid(transaction.message.recent_blockhash()) {
            return blockhash_not_found();
        }
        self.chain.simulate(transaction).await
    }

    /// Process a transaction; returns its signature and what happened. A transaction with a
    /// stale blockhash is not processed (a cluster drops it): `Ok(None)`.
    pub(crate) async fn process(&mut self, transaction: VersionedTransaction) -> Result<Option<(String, StoredTxView)>, RpcError> {
        let signature = transaction.signatures.first().map(|s| s.to_string()).unwrap_or_default();
        if !self.blockhash_is_valid(transaction.message.recent_blockhash()) {
            return Ok(None);
        }
        // A duplicate (same signature, so same blockhash) is refused before it runs and leaves
        // no record, as a cluster's status cache does.
        if self.txs.contains_key(&signature) {
            return Err(RpcError { code: -32002, message: "Transaction simulation failed: This transaction has already been processed".into(), data: None });
        }
        let keys: Vec<Pubkey> = transaction.message.static_account_keys().to_vec();
        let pre_balances = self.balances(&keys).await;
        let processed = self.chain.process(transaction.clone()).await;
        let post_balances = self.balances(&keys).await;
        self.known.extend(keys.iter().copied());
        let block_time = self.chain.clock().await.unix_timestamp;
        let (err, logs) = (processed.result.err(), processed.logs);
        let index = self.txs.len() as u64;
        self.txs.insert(
            signature.clone(),
            StoredTx {
                index,
                slot: self.slot,
                transaction,
                err: err.clone(),
                logs: logs.clone(),
                fee: processed.fee,
                compute_units: processed.compute_units,
                block_time,
                pre_balances,
                post_balances,
            },
        );
        Ok(Some((signature, StoredTxView { err, logs, keys, slot: self.slot })))
    }
}

fn blockhash_not_found() -> Processed {
    Processed { result: Err(solana_transaction::TransactionError::BlockhashNotFound), logs: vec![], compute_units: Some(0), fee: 0 }
}

pub(crate) struct StoredTxView {
    pub(crate) err: Option<solana_transaction::TransactionError>,
    pub(crate) logs: Vec<String>,
    pub(crate) keys: Vec<Pubkey>,
    pub(crate) slot: u64,
}
