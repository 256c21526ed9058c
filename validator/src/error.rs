//! JSON-RPC errors, and the signature check a cluster runs before anything else.
use super::*;

/// A JSON-RPC error.
pub(crate) struct RpcError {
    pub(crate) code: i64,
    pub(crate) message: String,
    pub(crate) data: Option<Value>,
}

impl RpcError {
    pub(crate) fn invalid_params(message: impl std::fmt::Display) -> Self {
        RpcError { code: -32602, message: format!("Invalid params: {message}"), data: None }
    }

    /// An invalid-params error (-32602) with exactly this message, for the ones agave words its own way.
    pub(crate) fn invalid_params_text(message: impl Into<String>) -> Self {
        RpcError { code: -32602, message: message.into(), data: None }
    }

    /// What a cluster's RPC answers for a transaction whose signatures do not verify
    /// (`JSON_RPC_SERVER_ERROR_TRANSACTION_SIGNATURE_VERIFICATION_FAILURE`).
    pub(crate) fn signature_verification_failure() -> Self {
        RpcError { code: -32003, message: "Transaction signature verification failure".into(), data: None }
    }
}

/// Verify every signature of a transaction against its message, as a cluster's RPC does
/// before anything else (the bank behind `BanksClient` does not verify signatures).
pub(crate) fn verify_signatures(transaction: &VersionedTransaction) -> Result<(), RpcError> {
    let required = transaction.message.header().num_required_signatures as usize;
    if transaction.signatures.len() != required {
        return Err(RpcError::invalid_params(format!(
            "invalid transaction: {} signatures for {required} required signers",
            transaction.signatures.len()
        )));
    }
    if transaction.verify_with_results().iter().all(|ok| *ok) {
        Ok(())
    } else {
        Err(RpcError::signature_verification_failure())
    }
}

pub(crate) type RpcResult = Result<Value, RpcError>;
