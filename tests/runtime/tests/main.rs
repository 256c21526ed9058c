//! Runtime tests: the program in a real bank, wallet-signed transactions, real SPL tokens.
mod cases;
