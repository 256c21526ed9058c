pub mod book_fill;
pub mod initialize_exchange;
pub mod liquidate;
pub mod set_operator;

pub use book_fill::*;
pub use initialize_exchange::*;
pub use liquidate::*;
pub use set_operator::*;
