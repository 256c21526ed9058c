use anchor_lang::prelude::*;

#[error_code]
pub enum LmError {
    // Arithmetic and internal consistency.
    #[msg("Arithmetic overflow or underflow")]
    MathOverflow,
    #[msg("A loss larger than the pool it is charged to")]
    LossExceedsPool,
    #[msg("A loss index snapshot from the future or with a zero factor")]
    InvalidSnapshot,
    #[msg("The loss exceeds all at-risk profit and principal in the market")]
    LossExceedsCapital,
    #[msg("An account invariant does not hold")]
    InvariantViolated,
    #[msg("The collateral vault holds less than the positions can claim")]
    VaultInsolvent,

    // Signers.
    #[msg("Signer is not the market admin")]
    NotAdmin,
    #[msg("Signer is not the pending admin")]
    NotPendingAdmin,
    #[msg("No admin transfer is pending")]
    NoPendingAdmin,
    #[msg("Signer is not the market's risk authority")]
    NotRiskAuthority,
    #[msg("Signer is not the market's clearing authority")]
    NotClearingAuthority,
    #[msg("Signer does not own this position")]
    NotPositionOwner,
    #[msg("Signer does not own this stake")]
    NotStaker,
    #[msg("Only the admin may lift a pause")]
    UnpauseNotAllowed,

    // Substituted accounts.
    #[msg("Account belongs to another market")]
    WrongMarket,
    #[msg("Mint is not the market's collateral mint")]
    WrongMint,
    #[msg("Vault is not the market's PDA vault")]
    WrongVault,
    #[msg("Insurance fund is not the market's")]
    WrongInsuranceFund,
    #[msg("Token program does not own the collateral mint")]
    WrongTokenProgram,
    #[msg("Shortfall record does not belong to this position or market")]
    WrongShortfallRecord,

    // Operation state.
    #[msg("This operation is paused")]
    OperationPaused,
    #[msg("A clawback or haircut is pending: settle first")]
    ClawbackPending,
    #[msg("A shortfall is not yet resolved: withdrawals wait until it is")]
    LossResolutionPending,
    #[msg("Profit is still at risk until its maturity time")]
    ProfitNotMature,
    #[msg("No at-risk profit to release")]
    NoProfitToRelease,
    #[msg("Position has negative equity: record the shortfall first")]
    PositionBankrupt,
    #[msg("Position equity is not negative")]
    PositionNotBankrupt,
    #[msg("Shortfall record is in the wrong state for this step")]
    RecordWrongState,

    // Amounts and parameters.
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("Amount exceeds the position's principal")]
    InsufficientPrincipal,
    #[msg("Parameter is zero or out of range")]
    InvalidParameter,
    #[msg("The token transfer moved a different amount (transfer fees are not supported)")]
    TransferAmountMismatch,
    #[msg("Stake is too small to mint a share")]
    ZeroShares,
    #[msg("Not enough unlocked shares")]
    InsufficientShares,
    #[msg("An unstake request is already pending")]
    UnstakeAlreadyPending,
    #[msg("No unstake request is pending")]
    NoUnstakePending,
    #[msg("Unstake request is still locked")]
    UnstakeLocked,
    #[msg("No dust to sweep")]
    NothingToSweep,
}
