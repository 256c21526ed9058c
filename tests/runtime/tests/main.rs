//! Runtime tests: the program in a real bank, wallet-signed transactions, real SPL tokens.
// solana-program-test 3.x flags its API as "unstable" (deprecated) ahead of 4.0.
#![allow(deprecated)]
mod cases;
