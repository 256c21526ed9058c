use crate::errors::LmError;
use crate::events::{emit_event, MarketInitialized};
use crate::math::halt::HaltClock;
use crate::math::LossPool;
use crate::state::*;
use crate::token::check_collateral_mint;
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct InitializeMarketArgs {
    pub market_id: u64,
    pub risk_authority: Pubkey,
    pub clearing_authority: Pubkey,
    pub params: MarketParams,
}

#[derive(Accounts)]
#[instruction(args: InitializeMarketArgs)]
pub struct InitializeMarket<'info> {
    /// Pays for the accounts and becomes the admin. The market's address is keyed by this key
    /// (`["market", mint, admin, market_id]`): nobody else can take the address a user derives
    /// from the operator's key, mint and id.
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(mint::token_program = token_program)]
    pub collateral_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(
        init,
        payer = admin,
        space = 8 + Market::INIT_SPACE,
        seeds = [MARKET_SEED, collateral_mint.key().as_ref(), admin.key().as_ref(), &args.market_id.to_le_bytes()],
        bump
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(
        init,
        payer = admin,
        seeds = [COLLATERAL_VAULT_SEED, market.key().as_ref()],
        bump,
        token::mint = collateral_mint,
        token::authority = market,
        token::token_program = token_program
    )]
    pub collateral_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(
        init,
        payer = admin,
        space = 8 + InsuranceFund::INIT_SPACE,
        seeds = [INSURANCE_FUND_SEED, market.key().as_ref()],
        bump
    )]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(
        init,
        payer = admin,
        seeds = [INSURANCE_VAULT_SEED, market.key().as_ref()],
        bump,
        token::mint = collateral_mint,
        token::authority = insurance_fund,
        token::token_program = token_program
    )]
    pub insurance_vault: Box<InterfaceAccount<'info, TokenAccount>>,
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl InitializeMarket<'_> {
    pub fn validate(&self, args: &InitializeMarketArgs) -> Result<()> {
        args.params.validate()?;
        require!(args.risk_authority != Pubkey::default(), LmError::DefaultAuthority);
        require!(args.clearing_authority != Pubkey::default(), LmError::DefaultAuthority);
        check_collateral_mint(&self.collateral_mint.to_account_info())
    }

    pub fn handler(ctx: Context<Self>, args: InitializeMarketArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market_key = accounts.market.key();

        let market = &mut accounts.market;
        market.set_inner(Market {
            market_id: args.market_id,
            creator: accounts.admin.key(),
            admin: accounts.admin.key(),
            risk_authority: args.risk_authority,
            clearing_authority: args.clearing_authority,
            collateral_mint: accounts.collateral_mint.key(),
            collateral_token_program: accounts.token_program.key(),
            collateral_decimals: accounts.collateral_mint.decimals,
            collateral_vault: accounts.collateral_vault.key(),
            insurance_fund: accounts.insurance_fund.key(),
            paused: 0,
            profit_maturity_secs: args.params.profit_maturity_secs,
            liquidation_window_secs: args.params.liquidation_window_secs,
            max_shortfall_bps: args.params.max_shortfall_bps,
            notice_secs: args.params.notice_secs,
            change_count: 0,
            profit_pool: LossPool::new(),
            principal_pool: LossPool::new(),
            pending_shortfall: 0,
            pending_position: Pubkey::default(),
            pending_collateral: 0,
            liquidation_ends_at: 0,
            dust_pending: 0,
            shortfall_seq: 0,
            unstake_halt: HaltClock::default(),
            exit_halt: HaltClock::default(),
            exits_reopened_at: 0,
            exit_halted_at_reopen: 0,
            old_maturity_ends_at: 0,
            position_count: 0,
            bump: ctx.bumps.market,
            vault_bump: ctx.bumps.collateral_vault,
        });
        market.invariant()?;

        let fund = &mut accounts.insurance_fund;
        fund.set_inner(InsuranceFund {
            market: market_key,
            vault: accounts.insurance_vault.key(),
            balance: 0,
            total_shares: 0,
            max_draw_per_event: args.params.max_draw_per_event,
            draw_window_cap: args.params.draw_window_cap,
            draw_window_secs: args.params.draw_window_secs,
            draw_allowance: args.params.draw_window_cap,
            draw_allowance_updated_at: now,
            draw_refill_remainder: 0,
            unstake_delay_secs: args.params.unstake_delay_secs,
            unstake_window_secs: args.params.unstake_window_secs,
            lifetime_staked: 0,
            lifetime_donated: 0,
            lifetime_drawn: 0,
            lifetime_unstaked: 0,
            lifetime_dust_received: 0,
            share_epoch: 0,
            bump: ctx.bumps.insurance_fund,
            vault_bump: ctx.bumps.insurance_vault,
        });
        fund.invariant()?;

        emit_event(MarketInitialized {
            market: market_key,
            market_id: args.market_id,
            creator: accounts.admin.key(),
            admin: accounts.admin.key(),
            risk_authority: args.risk_authority,
            clearing_authority: args.clearing_authority,
            collateral_mint: accounts.collateral_mint.key(),
            collateral_vault: accounts.collateral_vault.key(),
            insurance_fund: accounts.insurance_fund.key(),
            insurance_vault: accounts.insurance_vault.key(),
            profit_maturity_secs: args.params.profit_maturity_secs,
            max_draw_per_event: args.params.max_draw_per_event,
            draw_window_cap: args.params.draw_window_cap,
            draw_window_secs: args.params.draw_window_secs,
            unstake_delay_secs: args.params.unstake_delay_secs,
            unstake_window_secs: args.params.unstake_window_secs,
            liquidation_window_secs: args.params.liquidation_window_secs,
            max_shortfall_bps: args.params.max_shortfall_bps,
            notice_secs: args.params.notice_secs,
        });
        Ok(())
    }
}
