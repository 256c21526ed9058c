use anchor_lang::prelude::*;

#[error_code]
pub enum ExchangeError {
    #[msg("Only the market's admin may appoint the exchange's operator")]
    NotMarketAdmin,
    #[msg("Only the exchange's operator may book fills and liquidations")]
    NotOperator,
    #[msg("The market does not name this exchange's clearing PDA as its clearing authority")]
    NotClearingAuthority,
    #[msg("The operator must be a key (not the default address or the exchange's own PDA)")]
    InvalidOperator,
}
