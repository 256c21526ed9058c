//! One file per instruction, each in one shape: its Args, its own Accounts struct, `validate()`
//! (run by `#[access_control]` before the handler) and `handler()`. Where instructions take the
//! same accounts, the list is written once, in a macro kept in a file named after it that
//! declares each instruction's struct: `collateral_transfer_accounts!` (deposit, withdraw),
//! `insurance_deposit_accounts!` (fund_insurance; stake lists them with its own),
//! `owned_stake_accounts!` (request_unstake, cancel_unstake), `decide_change_accounts!`
//! (apply_change, cancel_change). Not Anchor's composite accounts: a nested struct cost about
//! 1k CU more per instruction (measured: deposit 10,160 -> 11,489).
pub mod apply_change;
pub mod apply_pnl;
pub mod cancel_change;
pub mod cancel_unstake;
pub mod decide_change;
pub mod collateral_transfer;
pub mod deposit;
pub mod fund_insurance;
pub mod initialize_market;
pub mod insurance_deposit;
pub mod open_position;
pub mod propose_change;
pub mod raise_notice;
pub mod release_profit;
pub mod request_unstake;
pub mod resolve_shortfall;
pub mod set_margin;
pub mod set_pause;
pub mod settle;
pub mod stake;
pub mod sweep_dust;
pub mod unstake;
pub mod owned_stake;
pub mod withdraw;

pub use apply_change::*;
pub use apply_pnl::*;
pub use cancel_change::*;
pub use cancel_unstake::*;
pub use deposit::*;
pub use fund_insurance::*;
pub use initialize_market::*;
pub use insurance_deposit::*;
pub use open_position::*;
pub use propose_change::*;
pub use raise_notice::*;
pub use request_unstake::*;
pub use resolve_shortfall::*;
pub use set_margin::*;
pub use set_pause::*;
pub use settle::*;
pub use release_profit::*;
pub use stake::*;
pub use sweep_dust::*;
pub use unstake::*;
pub use withdraw::*;
