//! Test and dev tooling for the loss_mutualization program: runs it natively inside the real
//! Solana runtime (solana-program-test's bank), with real SPL Token / Token-2022 programs.

// solana-program-test 3.x marks its API as "unstable" (deprecated) ahead of 4.0; it is the
// runtime harness this crate exists for.
#![allow(deprecated)]

pub mod env;
pub mod ix;
pub mod native;
pub mod sim;

pub use env::*;
pub use ix::MarketKeys;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
