use anchor_lang::prelude::*;

pub const EXCHANGE_SEED: &[u8] = b"exchange";
/// The PDA that signs as the market's clearing authority; it holds no data (a system account),
/// so it can also pay a loss record's rent when the market's rent reserve runs short.
pub const CLEARING_SEED: &[u8] = b"clearing";

/// One exchange per market: `["exchange", market]`.
#[account]
#[derive(InitSpace)]
pub struct Exchange {
    pub market: Pubkey,
    /// The key that books fills and liquidations (a matching engine, a risk keeper).
    pub operator: Pubkey,
    pub bump: u8,
    pub clearing_bump: u8,
}

impl Exchange {
    /// The clearing PDA of `market`, which the market must name as its clearing authority.
    pub fn clearing_authority(market: &Pubkey) -> (Pubkey, u8) {
        Pubkey::find_program_address(&[CLEARING_SEED, market.as_ref()], &crate::ID)
    }

    /// An operator is a key that can sign: not the default address, not the clearing PDA.
    pub fn check_operator(operator: &Pubkey, market: &Pubkey) -> Result<()> {
        require!(
            *operator != Pubkey::default() && *operator != Self::clearing_authority(market).0,
            crate::errors::ExchangeError::InvalidOperator
        );
        Ok(())
    }
}
