//! Test and dev tooling for the loss_mutualization program: runs its SBF bytecode in the real
//! Solana runtime (agave 4.3's loader, through LiteSVM) or, as a fast inner loop, the program
//! compiled for the host inside solana-program-test's bank; SPL Token / Token-2022 are real BPF.

// solana-program-test 3.x marks its API as "unstable" (deprecated) ahead of 4.0; it is the
// runtime harness this crate exists for.
#![allow(deprecated)]

pub mod chain;
pub mod cu_budget;
pub mod env;
pub mod governance;
pub mod ix;
pub mod memory;
pub mod native;
pub mod sim;

pub use env::*;
pub use chain::{Chain, Runtime};
pub use ix::MarketKeys;
pub use solana_keypair::Keypair;
pub use solana_signer::Signer;
