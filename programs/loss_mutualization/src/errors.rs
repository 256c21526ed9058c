use anchor_lang::prelude::*;

/// The program's errors: one name per rule, so a refusal says which rule it broke.
#[error_code]
pub enum LmError {
    // Arithmetic and solvency.
    #[msg("Arithmetic overflow or underflow")]
    MathOverflow,
    #[msg("A loss larger than the pool it is charged to")]
    LossExceedsPool,
    #[msg("A loss index snapshot from the future or with a zero factor")]
    InvalidSnapshot,
    #[msg("The loss exceeds all at-risk profit and principal in the market")]
    LossExceedsCapital,
    #[msg("The collateral vault holds less than the positions can claim")]
    VaultInsolvent,

    // Account invariants and parameter rules (the same rule has the same name in both).
    #[msg("Pause mask has bits that name no operation")]
    UnknownPauseBits,
    #[msg("Profit maturity must be between 0 and 30 days")]
    ProfitMaturityOutOfRange,
    #[msg("The per-event insurance cap must be greater than zero")]
    EventCapZero,
    #[msg("The rolling-window insurance cap must be greater than zero")]
    WindowCapZero,
    #[msg("The insurance draw window must be between 1 second and 30 days")]
    DrawWindowOutOfRange,
    #[msg("The unstake delay must be between 0 and 90 days")]
    UnstakeDelayOutOfRange,
    #[msg("The draw allowance exceeds the rolling-window cap")]
    DrawAllowanceAboveCap,
    #[msg("A loss index factor outside [10^27, 10^36]")]
    IndexFactorOutOfRange,
    #[msg("The new admin cannot be the admin")]
    PendingAdminIsAdmin,
    #[msg("An authority cannot be the default (all-zero) key")]
    DefaultAuthority,
    #[msg("An unstake request locks more shares than the stake holds")]
    UnstakeSharesAboveStake,
    #[msg("An unstake request without shares has a value or unlock time")]
    EmptyUnstakeRequest,
    #[msg("A shortfall record's tiers do not add up to its shortfall")]
    ShortfallNotFullyAssigned,
    #[msg("A position's status does not match the sign of its realized PnL")]
    BankruptStatusMismatch,
    #[msg("A bankrupt position still holds principal")]
    BankruptWithPrincipal,

    // Signers.
    #[msg("Signer is not the market admin")]
    NotAdmin,
    #[msg("Signer is not the new admin this change names")]
    NotPendingAdmin,
    #[msg("The change changes nothing")]
    EmptyChange,
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
    #[msg("Shortfall record is not this position's next record address")]
    WrongShortfallRecord,

    // Operation state.
    #[msg("This operation is paused")]
    OperationPaused,
    #[msg("A clawback or haircut is pending: settle first")]
    ClawbackPending,
    #[msg("A bankrupt position's loss is not yet assigned: resolve_shortfall first (anyone may)")]
    LossResolutionPending,
    #[msg("Profit is still at risk until its maturity time")]
    ProfitNotMature,
    #[msg("No at-risk profit to release")]
    NoProfitToRelease,

    // Amounts.
    #[msg("Amount must be greater than zero")]
    ZeroAmount,
    #[msg("Amount exceeds the position's principal")]
    InsufficientPrincipal,
    #[msg("Amount exceeds the principal not locked behind open exposure")]
    MarginLocked,
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

    // Collateral mints (Token-2022 extensions that could move, freeze or change the vault's tokens).
    #[msg("Mint has a permanent delegate, which could move the vault's tokens")]
    MintHasPermanentDelegate,
    #[msg("Mint has a transfer fee, which would change transferred amounts")]
    MintHasTransferFee,
    #[msg("Mint has a transfer hook, which could refuse the vault's transfers")]
    MintHasTransferHook,
    #[msg("Mint sets a default account state, which could freeze new vaults")]
    MintHasDefaultAccountState,
    #[msg("Mint is non-transferable")]
    MintIsNonTransferable,
    #[msg("Mint is pausable, which could halt every transfer")]
    MintIsPausable,
    #[msg("Mint has a close authority: it could be closed and re-created with other extensions")]
    MintHasCloseAuthority,
    #[msg("Mint has confidential transfers, which move balances outside the books")]
    MintHasConfidentialTransfers,
    #[msg("Mint has an extension this program does not know")]
    MintExtensionNotAllowed,
    #[msg("The wallet's token account is one of the market's vaults")]
    WalletAccountIsVault,

    // Added for issue 15 (appended, so earlier error codes keep their numbers).
    #[msg("The unstake window must be between 1 day and 30 days")]
    UnstakeWindowOutOfRange,
    #[msg("The liquidation window must be between 1 second and 1 hour")]
    LiquidationWindowOutOfRange,
    #[msg("The shortfall bound must be between 1 and 1,000,000 basis points")]
    ShortfallBoundOutOfRange,
    #[msg("The liquidation may still book fills: only the clearing authority may resolve it before its window ends")]
    LiquidationInProgress,
    #[msg("The fill would take the liquidation's shortfall above its bound against the collateral behind it")]
    ShortfallAboveBound,
    #[msg("The unstake request lapsed: its window after the unlock has passed; request again")]
    UnstakeRequestLapsed,
    #[msg("A settlement is due and settling is paused")]
    SettlementPaused,
    #[msg("The record's bump does not give a valid address")]
    InvalidRecordBump,
    #[msg("A pending loss without its liquidation's position, or the reverse")]
    PendingLiquidationMismatch,
    #[msg("A position's maturing profit exceeds its at-risk profit")]
    MaturingAboveProfit,

    // Added for issue 20 (governance with notice).
    #[msg("The notice period must be between 2 days and 365 days")]
    NoticeOutOfRange,
    #[msg("The notice period must be at least 2 days longer than the unstake delay and the longest profit maturity")]
    NoticeShorterThanExit,
    #[msg("A new notice period must be longer than the current one (a shorter one is a proposed change)")]
    NoticeNotRaised,
    #[msg("The change's notice period of open exits has not passed")]
    NoticeNotServed,
    #[msg("Exits must have been open for a day without a pause before a change applies")]
    ExitsNotOpenLongEnough,
    #[msg("The change was not applied within its window and lapsed; it can only be cancelled")]
    ChangeLapsed,
    #[msg("The account is not the change's proposer")]
    WrongProposer,
    #[msg("The settlement charges a loss, which changes the market: pass the market writable")]
    MarketNotWritable,
}
