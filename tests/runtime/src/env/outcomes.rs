//! What a transaction left: refusals that change nothing, named errors, events, compute units.

use super::*;

impl TestEnv {
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

/// Compute units a cluster gives an instruction unless the transaction asks for more.
pub const DEFAULT_INSTRUCTION_BUDGET: u64 = 200_000;

/// Compute units each call of the program consumed, from its
/// `Program <id> consumed N of M compute units` log lines (bytecode runtime only).
pub fn program_compute_units(logs: &[String]) -> Vec<u64> {
    crate::cu_budget::program_calls(logs).into_iter().map(|call| call.units).collect()
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
