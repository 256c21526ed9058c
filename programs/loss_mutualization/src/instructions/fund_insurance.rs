use super::insurance_deposit::{InsuranceDeposit, InsuranceDepositArgs};
use crate::events::{emit_event, InsuranceFunded};
use crate::math::SafeMath;
use anchor_lang::prelude::*;

/// Anyone may add tokens to the insurance fund; they raise the value of every share.
pub struct FundInsurance;

impl FundInsurance {
    pub fn handler(ctx: Context<InsuranceDeposit>, args: InsuranceDepositArgs) -> Result<()> {
        let accounts = ctx.accounts;
        accounts.pay_in(args.amount)?;
        let fund = &mut accounts.insurance_fund;
        fund.lifetime_donated = fund.lifetime_donated.safe_add(args.amount as u128)?;
        emit_event(InsuranceFunded {
            market: accounts.market.key(),
            funder: accounts.payer.key(),
            amount: args.amount,
            fund_balance: fund.balance,
        });
        Ok(())
    }
}
