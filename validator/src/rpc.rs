//! The JSON-RPC methods, one arm each, and the encodings they share.
use super::*;

/// Most signatures getSignaturesForAddress returns at once (as a cluster's RPC).
pub(crate) const MAX_SIGNATURES: usize = 1_000;

pub(crate) struct Shared {
    pub(crate) node: Mutex<Node>,
    pub(crate) subscriptions: Mutex<Subscriptions>,
    /// Numbers PubSub connections (each subscription belongs to one).
    pub(crate) next_connection: AtomicU64,
    /// PubSub connections open now (`ws::MAX_PUBSUB_CONNECTIONS` at most).
    pub(crate) pubsub_connections: std::sync::atomic::AtomicUsize,
}

pub(crate) fn parse_pubkey(value: &Value) -> Result<Pubkey, RpcError> {
    value
        .as_str()
        .and_then(|s| Pubkey::from_str(s).ok())
        .ok_or_else(|| RpcError::invalid_params("expected a base58 public key"))
}

pub(crate) fn param<T: serde::de::DeserializeOwned + Default>(params: &[Value], index: usize) -> Result<T, RpcError> {
    match params.get(index) {
        None | Some(Value::Null) => Ok(T::default()),
        Some(value) => serde_json::from_value(value.clone()).map_err(RpcError::invalid_params),
    }
}

pub(crate) fn encode_account(account: &Account, encoding: UiAccountEncoding) -> UiAccount {
    let data = match encoding {
        UiAccountEncoding::Base58 | UiAccountEncoding::Binary => {
            UiAccountData::Binary(bs58::encode(&account.data).into_string(), UiAccountEncoding::Base58)
        }
        // jsonParsed and zstd are not offered; base64 is what clients fall back to.
        _ => UiAccountData::Binary(BASE64.encode(&account.data), UiAccountEncoding::Base64),
    };
    UiAccount {
        lamports: account.lamports,
        data,
        owner: account.owner.to_string(),
        executable: account.executable,
        rent_epoch: account.rent_epoch,
        space: Some(account.data.len() as u64),
    }
}

pub(crate) fn decode_transaction(encoded: &str, encoding: Option<&str>) -> Result<VersionedTransaction, RpcError> {
    let bytes = match encoding {
        Some("base58") => bs58::decode(encoded).into_vec().map_err(RpcError::invalid_params)?,
        _ => BASE64.decode(encoded).map_err(RpcError::invalid_params)?,
    };
    bincode::deserialize(&bytes).map_err(|e| RpcError::invalid_params(format!("failed to deserialize transaction: {e}")))
}

impl Shared {
    pub(crate) async fn call(self: &Arc<Self>, method: &str, params: &[Value]) -> RpcResult {
        let mut node = self.node.lock().await;
        match method {
            "getVersion" => {
                let core = match node.chain.runtime() {
                    Runtime::Bytecode => AGAVE_BYTECODE_VERSION,
                    Runtime::Native => AGAVE_NATIVE_VERSION,
                };
                Ok(serde_json::to_value(RpcVersionInfo { solana_core: core.into(), feature_set: Some(0) }).unwrap())
            }
            "getHealth" => Ok(json!("ok")),
            "getGenesisHash" => Ok(json!(node.chain.genesis_hash().to_string())),
            "getSlot" => Ok(json!(node.slot)),
            "getBlockHeight" => Ok(json!(node.block_height())),
            "getEpochInfo" => Ok(node.epoch_info()),
            "getLatestBlockhash" => {
                node.latest_blockhash().await;
                let (hash, last_valid) = *node.blockhashes.back().unwrap();
                node.respond(RpcBlockhash { blockhash: hash.to_string(), last_valid_block_height: last_valid })
            }
            "isBlockhashValid" => {
                let text: String = param(params, 0)?;
                let hash = Hash::from_str(&text).map_err(|_| RpcError::invalid_params("expected a base58 blockhash"))?;
                node.respond(node.blockhash_is_valid(&hash))
            }
            "getAccountInfo" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let account = node.account(&key).await.map(|a| encode_account(&a, encoding));
                node.respond(account)
            }
            "getMultipleAccounts" => {
                let keys = params.first().and_then(Value::as_array).ok_or_else(|| RpcError::invalid_params("expected an array of keys"))?;
                too_many_inputs(keys.len(), MAX_MULTIPLE_ACCOUNTS)?;
                let config: RpcAccountInfoConfig = param(params, 1)?;
                let encoding = config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let mut accounts = Vec::with_capacity(keys.len());
                for key in keys {
                    let key = parse_pubkey(key)?;
                    accounts.push(node.account(&key).await.map(|a| encode_account(&a, encoding)));
                }
                node.respond(accounts)
            }
            "getProgramAccounts" => {
                let program = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcProgramAccountsConfig = param(params, 1)?;
                let filters = config.filters.unwrap_or_default();
                for filter in &filters {
                    filter.verify().map_err(RpcError::invalid_params)?;
                }
                let encoding = config.account_config.encoding.unwrap_or(UiAccountEncoding::Base64);
                let mut found = Vec::new();
                let keys: Vec<Pubkey> = node.known.iter().copied().collect();
                for key in keys {
                    let Some(account) = node.account(&key).await else { continue };
                    if account.owner != program {
                        continue;
                    }
                    let matches = filters.iter().all(|filter| match filter {
                        RpcFilterType::DataSize(size) => account.data.len() as u64 == *size,
                        RpcFilterType::Memcmp(memcmp) => memcmp.bytes_match(&account.data),
                        RpcFilterType::TokenAccountState => is_token_account_data(&account.data),
                    });
                    if matches {
                        found.push(RpcKeyedAccount { pubkey: key.to_string(), account: encode_account(&account, encoding) });
                    }
                }
                if config.with_context == Some(true) {
                    node.respond(found)
                } else {
                    Ok(serde_json::to_value(found).unwrap())
                }
            }
            "getBalance" => {
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let lamports = node.account(&key).await.map(|a| a.lamports).unwrap_or(0);
                node.respond(lamports)
            }
            "getMinimumBalanceForRentExemption" => {
                let size: usize = param(params, 0)?;
                Ok(json!(node.chain.minimum_balance(size).await))
            }
            "getFeeForMessage" => {
                let text: String = param(params, 0)?;
                let bytes = BASE64.decode(text).map_err(RpcError::invalid_params)?;
                let message: VersionedMessage = bincode::deserialize(&bytes).map_err(RpcError::invalid_params)?;
                node.respond(Some(5_000 * message.header().num_required_signatures as u64))
            }
            "getTokenAccountBalance" => {
                // Checked as agave's RPC does: the owner, the account's layout, the mint's.
                let key = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let account = node.account(&key).await.ok_or_else(|| RpcError::invalid_params_text("Invalid param: could not find account"))?;
                let token = TokenAccount::unpack(&account)?;
                let decimals = if token.mint == NATIVE_MINT {
                    NATIVE_MINT_DECIMALS
                } else {
                    let mint = node.account(&token.mint).await.ok_or_else(|| RpcError::invalid_params_text("Invalid param: could not find mint"))?;
                    mint_decimals(&mint.data)?
                };
                node.respond(ui_token_amount(token.amount, decimals))
            }
            "requestAirdrop" => {
                let to = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let lamports = params.get(1).and_then(Value::as_u64).filter(|l| *l > 0).ok_or_else(|| {
                    RpcError::invalid_params("lamports must be a positive integer")
                })?;
                let faucet = node.chain.payer();
                let blockhash = node.latest_blockhash().await;
                let transfer = solana_system_interface::instruction::transfer(&faucet.pubkey(), &to, lamports);
                let tx = Transaction::new_signed_with_payer(&[transfer], Some(&faucet.pubkey()), &[&faucet], blockhash);
                let (signature, view) = node.process(tx.into()).await?.expect("the faucet signs with the latest blockhash");
                drop(node);
                self.notify(&signature, &view).await;
                // Never a signature for a transfer that did not happen.
                if let Some(err) = view.err {
                    return Err(RpcError { code: -32603, message: format!("Internal error: airdrop of {lamports} lamports failed: {err}"), data: None });
                }
                Ok(json!(signature))
            }
            "sendTransaction" => {
                let text: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let transaction = decode_transaction(&text, config.get("encoding").and_then(Value::as_str))?;
                verify_signatures(&transaction)?;
                let skip_preflight = config.get("skipPreflight").and_then(Value::as_bool).unwrap_or(false);
                if !skip_preflight {
                    let simulation = node.simulate(transaction.clone()).await;
                    if let Err(err) = simulation.result.clone() {
                        let data = simulated(simulation);
                        return Err(RpcError {
                            code: -32002,
                            message: format!("Transaction simulation failed: {err}"),
                            data: Some(serde_json::to_value(data).unwrap()),
                        });
                    }
                }
                let signature = transaction.signatures.first().map(|s| s.to_string()).unwrap_or_default();
                // With skipPreflight, a transaction whose blockhash expired is dropped, as on a
                // cluster: its signature comes back and it never lands.
                if let Some((signature, view)) = node.process(transaction).await? {
                    drop(node);
                    self.notify(&signature, &view).await;
                }
                Ok(json!(signature))
            }
            "simulateTransaction" => {
                let text: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let mut transaction = decode_transaction(&text, config.get("encoding").and_then(Value::as_str))?;
                let sig_verify = config.get("sigVerify").and_then(Value::as_bool) == Some(true);
                let replace_blockhash = config.get("replaceRecentBlockhash").and_then(Value::as_bool) == Some(true);
                if sig_verify && replace_blockhash {
                    return Err(RpcError::invalid_params("sigVerify may not be used with replaceRecentBlockhash"));
                }
                if sig_verify {
                    verify_signatures(&transaction)?;
                }
                if replace_blockhash {
                    let hash = node.latest_blockhash().await;
                    transaction.message.set_recent_blockhash(hash);
                }
                let simulation = node.simulate(transaction).await;
                node.respond(simulated(simulation))
            }
            "getSignatureStatuses" => {
                let signatures: Vec<String> = param(params, 0)?;
                too_many_inputs(signatures.len(), MAX_SIGNATURE_STATUSES)?;
                let statuses: Vec<Option<TransactionStatus>> = signatures
                    .iter()
                    .map(|signature| {
                        node.txs.get(signature).map(|tx| TransactionStatus {
                            slot: tx.slot,
                            confirmations: None,
                            status: tx.err.clone().map_or(Ok(()), Err),
                            err: tx.err.clone(),
                            confirmation_status: Some(TransactionConfirmationStatus::Finalized),
                        })
                    })
                    .collect();
                node.respond(statuses)
            }
            "getTransaction" => {
                let signature: String = param(params, 0)?;
                let config: Value = param(params, 1)?;
                let encoding = config.get("encoding").and_then(Value::as_str).unwrap_or("json");
                let Some(tx) = node.txs.get(&signature) else { return Ok(Value::Null) };
                Ok(serde_json::to_value(encode_stored(tx, encoding)).unwrap())
            }
            "getSignaturesForAddress" => {
                let address = parse_pubkey(params.first().unwrap_or(&Value::Null))?;
                let config: RpcSignaturesForAddressConfig = param(params, 1)?;
                let limit = config.limit.unwrap_or(MAX_SIGNATURES);
                if limit == 0 || limit > MAX_SIGNATURES {
                    return Err(RpcError::invalid_params(format!("Invalid limit; max {MAX_SIGNATURES}")));
                }
                let mut touching: Vec<(&String, &StoredTx)> = node
                    .txs
                    .iter()
                    .filter(|(_, tx)| tx.transaction.message.static_account_keys().contains(&address))
                    .collect();
                touching.sort_by_key(|(_, tx)| std::cmp::Reverse(tx.index));
                let index_of = |signature: &Option<String>| -> Result<Option<u64>, RpcError> {
                    match signature {
                        None => Ok(None),
                        Some(s) => node.txs.get(s).map(|tx| Some(tx.index)).ok_or_else(|| RpcError::invalid_params("unknown signature")),
                    }
                };
                let (before, until) = (index_of(&config.before)?, index_of(&config.until)?);
                let listed: Vec<RpcConfirmedTransactionStatusWithSignature> = touching
                    .into_iter()
                    .filter(|(_, tx)| before.is_none_or(|b| tx.index < b) && until.is_none_or(|u| tx.index > u))
                    .take(limit)
                    .map(|(signature, tx)| RpcConfirmedTransactionStatusWithSignature {
                        signature: signature.clone(),
                        slot: tx.slot,
                        err: tx.err.clone().map(Into::into),
                        memo: None,
                        block_time: Some(tx.block_time),
                        confirmation_status: Some(TransactionConfirmationStatus::Finalized),
                    })
                    .collect();
                Ok(serde_json::to_value(listed).unwrap())
            }
            // A development cheatcode, as Surfpool's of the same name: `[{"absoluteTimestamp":
            // <unix milliseconds>}]` (no params: an hour ahead) moves the Clock sysvar's unix time
            // forward, never back, and answers the epoch info. Only the clock moves here (not the
            // slot), so blockhashes keep their age; absoluteSlot and absoluteEpoch are refused.
            "surfnet_timeTravel" => {
                let config: Value = param(params, 0)?;
                let target = match &config {
                    Value::Null => node.chain.clock().await.unix_timestamp.saturating_add(3_600),
                    Value::Object(fields) if fields.len() == 1 && fields.contains_key("absoluteTimestamp") => {
                        let millis = fields["absoluteTimestamp"].as_u64().ok_or_else(|| {
                            RpcError::invalid_params("absoluteTimestamp must be a unix time in milliseconds (a non-negative integer)")
                        })?;
                        i64::try_from(millis / 1_000).map_err(RpcError::invalid_params)?
                    }
                    _ => {
                        return Err(RpcError::invalid_params(
                            "expected [{\"absoluteTimestamp\": <unix milliseconds>}]: this validator moves the clock only (absoluteSlot and absoluteEpoch are not supported)",
                        ))
                    }
                };
                node.travel_to(target).await?;
                Ok(node.epoch_info())
            }
            _ => Err(RpcError { code: -32601, message: "Method not found".into(), data: None }),
        }
    }

}

pub(crate) fn simulated(simulation: Processed) -> RpcSimulateTransactionResult {
    RpcSimulateTransactionResult {
        err: simulation.result.err().map(Into::into),
        logs: Some(simulation.logs),
        accounts: None,
        units_consumed: Some(simulation.compute_units.unwrap_or(0)),
        loaded_accounts_data_size: None,
        return_data: None,
        inner_instructions: None,
        replacement_blockhash: None,
        fee: None,
        pre_balances: None,
        post_balances: None,
        pre_token_balances: None,
        post_token_balances: None,
        loaded_addresses: None,
    }
}

pub(crate) fn encode_stored(tx: &StoredTx, encoding: &str) -> EncodedConfirmedTransactionWithStatusMeta {
    let transaction = match encoding {
        "base64" => EncodedTransaction::Binary(BASE64.encode(bincode::serialize(&tx.transaction).unwrap()), TransactionBinaryEncoding::Base64),
        "base58" => EncodedTransaction::Binary(bs58::encode(bincode::serialize(&tx.transaction).unwrap()).into_string(), TransactionBinaryEncoding::Base58),
        _ => {
            let message = &tx.transaction.message;
            EncodedTransaction::Json(UiTransaction {
                signatures: tx.transaction.signatures.iter().map(|s| s.to_string()).collect(),
                message: UiMessage::Raw(UiRawMessage {
                    header: *message.header(),
                    account_keys: message.static_account_keys().iter().map(|k| k.to_string()).collect(),
                    recent_blockhash: message.recent_blockhash().to_string(),
                    instructions: message.instructions().iter().map(|ix| UiCompiledInstruction::from(ix, None)).collect(),
                    address_table_lookups: None,
                }),
            })
        }
    };
    let meta = UiTransactionStatusMeta {
        err: tx.err.clone().map(Into::into),
        status: tx.err.clone().map_or(Ok(()), |e| Err(e.into())),
        fee: tx.fee,
        pre_balances: tx.pre_balances.clone(),
        post_balances: tx.post_balances.clone(),
        inner_instructions: OptionSerializer::None,
        log_messages: OptionSerializer::Some(tx.logs.clone()),
        pre_token_balances: OptionSerializer::None,
        post_token_balances: OptionSerializer::None,
        rewards: OptionSerializer::None,
        loaded_addresses: OptionSerializer::Skip,
        return_data: OptionSerializer::Skip,
        compute_units_consumed: tx.compute_units.map_or(OptionSerializer::Skip, OptionSerializer::Some),
        cost_units: OptionSerializer::Skip,
    };
    EncodedConfirmedTransactionWithStatusMeta {
        slot: tx.slot,
        transaction: EncodedTransactionWithStatusMeta { transaction, meta: Some(meta), version: None },
        block_time: Some(tx.block_time),
    }
}

/// agave's limits on the keys of one `getMultipleAccounts` and the signatures of one
/// `getSignatureStatuses` (`MAX_MULTIPLE_ACCOUNTS`, `MAX_GET_SIGNATURE_STATUSES_QUERY_ITEMS`):
/// without them one request could make the node read and encode any number of accounts.
const MAX_MULTIPLE_ACCOUNTS: usize = 100;
const MAX_SIGNATURE_STATUSES: usize = 256;

/// agave's refusal of a request with more inputs than its limit.
fn too_many_inputs(count: usize, max: usize) -> Result<(), RpcError> {
    if count > max {
        return Err(RpcError::invalid_params_text(format!("Too many inputs provided; max {max}")));
    }
    Ok(())
}
