//! Instruction builders for every program instruction, from Anchor's generated client types.

use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{system_program, InstructionData, ToAccountMetas};
use loss_mutualization::accounts as acc;
use loss_mutualization::instruction as data;
use loss_mutualization::instructions::*;
use loss_mutualization::state::{pda, Change};

/// The fixed accounts of one market.
#[derive(Clone, Copy, Debug)]
pub struct MarketKeys {
    pub market: Pubkey,
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub collateral_vault: Pubkey,
    pub insurance_fund: Pubkey,
    pub insurance_vault: Pubkey,
}

impl MarketKeys {
    /// The market `creator` (its first admin) makes for `mint` under `market_id`.
    pub fn new(mint: Pubkey, creator: &Pubkey, market_id: u64, token_program: Pubkey) -> Self {
        let market = pda::market(&mint, creator, market_id);
        Self {
            market,
            mint,
            token_program,
            collateral_vault: pda::collateral_vault(&market),
            insurance_fund: pda::insurance_fund(&market),
            insurance_vault: pda::insurance_vault(&market),
        }
    }

    pub fn position(&self, owner: &Pubkey) -> Pubkey {
        pda::position(&self.market, owner)
    }

    /// The `position_seq`-th shortfall record of `owner`'s position.
    pub fn record(&self, owner: &Pubkey, position_seq: u64) -> Pubkey {
        pda::shortfall_record(&self.position(owner), position_seq)
    }

    /// The market's `seq`-th proposed change.
    pub fn change(&self, seq: u64) -> Pubkey {
        pda::pending_change(&self.market, seq)
    }

    pub fn stake(&self, staker: &Pubkey) -> Pubkey {
        pda::stake(&self.insurance_fund, staker)
    }
}

fn build(accounts: impl ToAccountMetas, args: impl InstructionData) -> Instruction {
    Instruction { program_id: loss_mutualization::ID, accounts: accounts.to_account_metas(None), data: args.data() }
}

pub fn initialize_market(k: &MarketKeys, admin: &Pubkey, args: InitializeMarketArgs) -> Instruction {
    build(
        acc::InitializeMarket {
            admin: *admin,
            collateral_mint: k.mint,
            market: k.market,
            collateral_vault: k.collateral_vault,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            token_program: k.token_program,
            system_program: system_program::ID,
        },
        data::InitializeMarket { args },
    )
}

pub fn set_pause(k: &MarketKeys, authority: &Pubkey, paused: u32) -> Instruction {
    build(acc::SetPause { authority: *authority, market: k.market }, data::SetPause { args: SetPauseArgs { paused } })
}

/// Propose the market's `seq`-th change (`seq` is `Market::change_count` now).
pub fn propose_change(k: &MarketKeys, admin: &Pubkey, seq: u64, change: Change) -> Instruction {
    build(
        acc::ProposeChange {
            admin: *admin,
            market: k.market,
            insurance_fund: k.insurance_fund,
            pending_change: k.change(seq),
            system_program: system_program::ID,
        },
        data::ProposeChange { args: ProposeChangeArgs { change } },
    )
}

/// The accounts of apply_change and cancel_change (one list: `decide_change_accounts!`).
fn decide_change(k: &MarketKeys, authority: &Pubkey, seq: u64, proposer: &Pubkey) -> acc::ApplyChange {
    acc::ApplyChange {
        authority: *authority,
        market: k.market,
        insurance_fund: k.insurance_fund,
        pending_change: k.change(seq),
        proposer: *proposer,
    }
}

pub fn apply_change(k: &MarketKeys, authority: &Pubkey, seq: u64, proposer: &Pubkey) -> Instruction {
    build(decide_change(k, authority, seq, proposer), data::ApplyChange {})
}

pub fn cancel_change(k: &MarketKeys, admin: &Pubkey, seq: u64, proposer: &Pubkey) -> Instruction {
    build(decide_change(k, admin, seq, proposer), data::CancelChange {})
}

pub fn raise_notice(k: &MarketKeys, admin: &Pubkey, notice_secs: i64) -> Instruction {
    build(acc::RaiseNotice { admin: *admin, market: k.market }, data::RaiseNotice { args: RaiseNoticeArgs { notice_secs } })
}

pub fn open_position(k: &MarketKeys, owner: &Pubkey) -> Instruction {
    build(
        acc::OpenPosition {
            owner: *owner,
            market: k.market,
            position: k.position(owner),
            system_program: system_program::ID,
        },
        data::OpenPosition {},
    )
}

/// The accounts of deposit and withdraw (one list: `collateral_transfer_accounts!`).
fn collateral_transfer(k: &MarketKeys, owner: &Pubkey, owner_token_account: &Pubkey) -> acc::Deposit {
    acc::Deposit {
        owner: *owner,
        market: k.market,
        position: k.position(owner),
        collateral_mint: k.mint,
        collateral_vault: k.collateral_vault,
        owner_token_account: *owner_token_account,
        token_program: k.token_program,
    }
}

pub fn deposit(k: &MarketKeys, owner: &Pubkey, token_account: &Pubkey, amount: u64) -> Instruction {
    build(collateral_transfer(k, owner, token_account), data::Deposit { args: DepositArgs { amount } })
}

pub fn withdraw(k: &MarketKeys, owner: &Pubkey, token_account: &Pubkey, amount: u64) -> Instruction {
    build(collateral_transfer(k, owner, token_account), data::Withdraw { args: WithdrawArgs { amount } })
}

pub fn apply_pnl(k: &MarketKeys, clearing: &Pubkey, winner: &Pubkey, loser: &Pubkey, amount: u64) -> Instruction {
    build(
        acc::ApplyPnl {
            clearing_authority: *clearing,
            market: k.market,
            winner: k.position(winner),
            loser: k.position(loser),
        },
        data::ApplyPnl { args: ApplyPnlArgs { amount } },
    )
}

pub fn set_margin(k: &MarketKeys, clearing: &Pubkey, owner: &Pubkey, locked_margin: u64) -> Instruction {
    build(
        acc::SetMargin { clearing_authority: *clearing, market: k.market, position: k.position(owner) },
        data::SetMargin { args: SetMarginArgs { locked_margin } },
    )
}

/// `settle` with the market writable, as a client sends it when the wallet has a charge due
/// (and always allowed).
pub fn settle(k: &MarketKeys, owner: &Pubkey) -> Instruction {
    let mut ix = settle_market_read_only(k, owner);
    ix.accounts[1].is_writable = true;
    ix
}

/// `settle` as the IDL describes it: the market read-only, which suffices when nothing is
/// charged (`MarketNotWritable` otherwise).
pub fn settle_market_read_only(k: &MarketKeys, owner: &Pubkey) -> Instruction {
    build(acc::Settle { owner: *owner, market: k.market, position: k.position(owner) }, data::Settle {})
}

pub fn release_profit(k: &MarketKeys, owner: &Pubkey) -> Instruction {
    build(
        acc::ReleaseProfit { owner: *owner, market: k.market, position: k.position(owner) },
        data::ReleaseProfit {},
    )
}

/// Resolve `bankrupt_owner`'s pending loss (record + insurance draw + clawback / haircut),
/// sent by anyone. `position_seq` is the position's `shortfall_count` when it went bankrupt.
pub fn resolve_shortfall(k: &MarketKeys, resolver: &Pubkey, bankrupt_owner: &Pubkey, position_seq: u64) -> Instruction {
    let (record, record_bump) = pda::shortfall_record_with_bump(&k.position(bankrupt_owner), position_seq);
    build(
        acc::ResolveShortfall {
            resolver: *resolver,
            market: k.market,
            position: k.position(bankrupt_owner),
            record,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            collateral_vault: k.collateral_vault,
            collateral_mint: k.mint,
            token_program: k.token_program,
            system_program: system_program::ID,
        },
        data::ResolveShortfall { args: ResolveShortfallArgs { record_bump } },
    )
}

pub fn sweep_dust(k: &MarketKeys) -> Instruction {
    build(
        acc::SweepDust {
            market: k.market,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            collateral_vault: k.collateral_vault,
            collateral_mint: k.mint,
            token_program: k.token_program,
        },
        data::SweepDust {},
    )
}

/// The accounts of fund_insurance (`insurance_deposit_accounts!`; stake lists them first).
fn insurance_deposit(k: &MarketKeys, payer: &Pubkey, payer_token_account: &Pubkey) -> acc::FundInsurance {
    acc::FundInsurance {
        payer: *payer,
        market: k.market,
        insurance_fund: k.insurance_fund,
        insurance_vault: k.insurance_vault,
        collateral_mint: k.mint,
        payer_token_account: *payer_token_account,
        token_program: k.token_program,
    }
}

pub fn fund_insurance(k: &MarketKeys, funder: &Pubkey, token_account: &Pubkey, amount: u64) -> Instruction {
    build(
        insurance_deposit(k, funder, token_account),
        data::FundInsurance { args: InsuranceDepositArgs { amount } },
    )
}

pub fn stake(k: &MarketKeys, staker: &Pubkey, token_account: &Pubkey, amount: u64) -> Instruction {
    build(
        acc::Stake {
            payer: *staker,
            market: k.market,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            collateral_mint: k.mint,
            payer_token_account: *token_account,
            token_program: k.token_program,
            stake: k.stake(staker),
            system_program: system_program::ID,
        },
        data::Stake { args: InsuranceDepositArgs { amount } },
    )
}

/// The accounts of request_unstake and cancel_unstake (one list: `owned_stake_accounts!`).
fn owned_stake(k: &MarketKeys, staker: &Pubkey) -> acc::RequestUnstake {
    acc::RequestUnstake {
        staker: *staker,
        market: k.market,
        insurance_fund: k.insurance_fund,
        stake: k.stake(staker),
    }
}

pub fn request_unstake(k: &MarketKeys, staker: &Pubkey, shares: u128) -> Instruction {
    build(owned_stake(k, staker), data::RequestUnstake { args: RequestUnstakeArgs { shares } })
}

pub fn cancel_unstake(k: &MarketKeys, staker: &Pubkey) -> Instruction {
    build(owned_stake(k, staker), data::CancelUnstake {})
}

pub fn unstake(k: &MarketKeys, staker: &Pubkey, token_account: &Pubkey) -> Instruction {
    build(
        acc::Unstake {
            staker: *staker,
            market: k.market,
            insurance_fund: k.insurance_fund,
            insurance_vault: k.insurance_vault,
            stake: k.stake(staker),
            collateral_mint: k.mint,
            staker_token_account: *token_account,
            token_program: k.token_program,
        },
        data::Unstake {},
    )
}

/// The same instruction with account `index` replaced by `key` (for substitution attacks).
pub fn with_account(mut instruction: Instruction, index: usize, key: Pubkey) -> Instruction {
    instruction.accounts[index].pubkey = key;
    instruction
}

/// The same instruction with account `index` no longer marked as a signer.
pub fn unsigned(mut instruction: Instruction, index: usize) -> Instruction {
    instruction.accounts[index].is_signer = false;
    instruction
}
