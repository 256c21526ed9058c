/**
 * The errors of the programs the loss-mutualization program calls, by code, so that a failed
 * transfer is named as the token program names it (e.g. `InsufficientFunds` for a deposit above
 * the wallet's balance). SPL Token's errors are codes 0-19 of Token-2022's (spl-token-2022-interface
 * 2.1.0, `TokenError`, whose first 20 are spl-token-interface 2.0.0's); the System program's are
 * `SystemError` (solana-system-interface).
 */
import { SystemProgram } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM_ID, TOKEN_PROGRAM_ID } from "@solana/spl-token";

/** Token-2022's `TokenError`, in code order (SPL Token has the first 20). */
const TOKEN_ERRORS: [name: string, msg: string][] = [
  ["NotRentExempt", "Lamport balance below rent-exempt threshold"], // 0
  ["InsufficientFunds", "Insufficient funds"], // 1
  ["InvalidMint", "Invalid Mint"], // 2
  ["MintMismatch", "Account not associated with this Mint"], // 3
  ["OwnerMismatch", "Owner does not match"], // 4
  ["FixedSupply", "Fixed supply"], // 5
  ["AlreadyInUse", "Already in use"], // 6
  ["InvalidNumberOfProvidedSigners", "Invalid number of provided signers"], // 7
  ["InvalidNumberOfRequiredSigners", "Invalid number of required signers"], // 8
  ["UninitializedState", "State is uninitialized"], // 9
  ["NativeNotSupported", "Instruction does not support native tokens"], // 10
  ["NonNativeHasBalance", "Non-native account can only be closed if its balance is zero"], // 11
  ["InvalidInstruction", "Invalid instruction"], // 12
  ["InvalidState", "State is invalid for requested operation"], // 13
  ["Overflow", "Operation overflowed"], // 14
  ["AuthorityTypeNotSupported", "Account does not support specified authority type"], // 15
  ["MintCannotFreeze", "This token mint cannot freeze accounts"], // 16
  ["AccountFrozen", "Account is frozen"], // 17
  ["MintDecimalsMismatch", "The provided decimals value different from the Mint decimals"], // 18
  ["NonNativeNotSupported", "Instruction does not support non-native tokens"], // 19
  ["ExtensionTypeMismatch", "Extension type does not match already existing extensions"], // 20
  ["ExtensionBaseMismatch", "Extension does not match the base type provided"], // 21
  ["ExtensionAlreadyInitialized", "Extension already initialized on this account"], // 22
  ["ConfidentialTransferAccountHasBalance", "An account can only be closed if its confidential balance is zero"], // 23
  ["ConfidentialTransferAccountNotApproved", "Account not approved for confidential transfers"], // 24
  ["ConfidentialTransferDepositsAndTransfersDisabled", "Account not accepting deposits or transfers"], // 25
  ["ConfidentialTransferElGamalPubkeyMismatch", "ElGamal public key mismatch"], // 26
  ["ConfidentialTransferBalanceMismatch", "Balance mismatch"], // 27
  ["MintHasSupply", "Mint has non-zero supply. Burn all tokens before closing the mint"], // 28
  ["NoAuthorityExists", "No authority exists to perform the desired operation"], // 29
  ["TransferFeeExceedsMaximum", "Transfer fee exceeds maximum of 10,000 basis points"], // 30
  ["MintRequiredForTransfer", "Mint required for this account to transfer tokens, use `transfer_checked` or `transfer_checked_with_fee`"], // 31
  ["FeeMismatch", "Calculated fee does not match expected fee"], // 32
  ["FeeParametersMismatch", "Fee parameters associated with zero-knowledge proofs do not match fee parameters in mint"], // 33
  ["ImmutableOwner", "The owner authority cannot be changed"], // 34
  ["AccountHasWithheldTransferFees", "An account can only be closed if its withheld fee balance is zero, harvest fees to the mint and try again"], // 35
  ["NoMemo", "No memo in previous instruction; required for recipient to receive a transfer"], // 36
  ["NonTransferable", "Transfer is disabled for this mint"], // 37
  ["NonTransferableNeedsImmutableOwnership", "Non-transferable tokens can't be minted to an account without immutable ownership"], // 38
  ["MaximumPendingBalanceCreditCounterExceeded", "The total number of `Deposit` and `Transfer` instructions to an account cannot exceed the associated `maximum_pending_balance_credit_counter`"], // 39
  ["MaximumDepositAmountExceeded", "Deposit amount exceeds maximum limit"], // 40
  ["CpiGuardSettingsLocked", "CPI Guard cannot be enabled or disabled in CPI"], // 41
  ["CpiGuardTransferBlocked", "CPI Guard is enabled, and a program attempted to transfer user funds via CPI without using a delegate"], // 42
  ["CpiGuardBurnBlocked", "CPI Guard is enabled, and a program attempted to burn user funds via CPI without using a delegate"], // 43
  ["CpiGuardCloseAccountBlocked", "CPI Guard is enabled, and a program attempted to close an account via CPI without returning lamports to owner"], // 44
  ["CpiGuardApproveBlocked", "CPI Guard is enabled, and a program attempted to approve a delegate via CPI"], // 45
  ["CpiGuardSetAuthorityBlocked", "CPI Guard is enabled, and a program attempted to add or replace an authority via CPI"], // 46
  ["CpiGuardOwnerChangeBlocked", "Account ownership cannot be changed while CPI Guard is enabled"], // 47
  ["ExtensionNotFound", "Extension not found in account data"], // 48
  ["NonConfidentialTransfersDisabled", "Non-confidential transfers disabled"], // 49
  ["ConfidentialTransferFeeAccountHasWithheldFee", "An account can only be closed if the confidential withheld fee is zero"], // 50
  ["InvalidExtensionCombination", "A mint or an account is initialized to an invalid combination of extensions"], // 51
  ["InvalidLengthForAlloc", "Extension allocation with overwrite must use the same length"], // 52
  ["AccountDecryption", "Failed to decrypt a confidential transfer account"], // 53
  ["ProofGeneration", "Failed to generate proof"], // 54
  ["InvalidProofInstructionOffset", "An invalid proof instruction offset was provided"], // 55
  ["HarvestToMintDisabled", "Harvest of withheld tokens to mint is disabled"], // 56
  ["SplitProofContextStateAccountsNotSupported", "Split proof context state accounts not supported for instruction"], // 57
  ["NotEnoughProofContextStateAccounts", "Not enough proof context state accounts provided"], // 58
  ["MalformedCiphertext", "Ciphertext is malformed"], // 59
  ["CiphertextArithmeticFailed", "Ciphertext arithmetic failed"], // 60
  ["PedersenCommitmentMismatch", "Pedersen commitment mismatch"], // 61
  ["RangeProofLengthMismatch", "Range proof length mismatch"], // 62
  ["IllegalBitLength", "Illegal transfer amount bit length"], // 63
  ["FeeCalculation", "Fee calculation failed"], // 64
  ["IllegalMintBurnConversion", "Withdraw / Deposit not allowed for confidential-mint-burn"], // 65
  ["InvalidScale", "Invalid scale for scaled ui amount"], // 66
  ["MintPaused", "Transferring, minting, and burning is paused on this mint"], // 67
  ["PendingBalanceNonZero", "Key rotation attempted while pending balance is not zero"], // 68
];

/** `SystemError`, in code order. */
const SYSTEM_ERRORS: [name: string, msg: string][] = [
  ["AccountAlreadyInUse", "an account with the same address already exists"],
  ["ResultWithNegativeLamports", "account does not have enough SOL to perform the operation"],
  ["InvalidProgramId", "cannot assign account to this program id"],
  ["InvalidAccountDataLength", "cannot allocate account data of this length"],
  ["MaxSeedLengthExceeded", "length of requested seed is too long"],
  ["AddressWithSeedMismatch", "provided address does not match addressed derived from seed"],
  ["NonceNoRecentBlockhashes", "advancing stored nonce requires a populated RecentBlockhashes sysvar"],
  ["NonceBlockhashNotExpired", "stored nonce is still in recent_blockhashes"],
  ["NonceUnexpectedBlockhashValue", "specified nonce does not match stored nonce"],
];

/** The programs whose custom errors are named here: their name and their errors by code. */
export const CALLED_PROGRAMS = new Map<string, { program: string; errors: [string, string][] }>([
  [TOKEN_PROGRAM_ID.toBase58(), { program: "SPL Token", errors: TOKEN_ERRORS.slice(0, 20) }],
  [TOKEN_2022_PROGRAM_ID.toBase58(), { program: "Token-2022", errors: TOKEN_ERRORS }],
  [SystemProgram.programId.toBase58(), { program: "System", errors: SYSTEM_ERRORS }],
]);
