use super::insurance_deposit::*;
use crate::events::{emit_event, InsuranceFunded};
use crate::math::SafeMath;
use crate::state::PauseOp;
use anchor_lang::prelude::*;

insurance_deposit_accounts!(
    /// Anyone may add tokens to the insurance fund; they raise the value of every share.
    FundInsurance
);

impl FundInsurance<'_> {
    pub fn validate(&self, args: &InsuranceDepositArgs) -> Result<()> {
        self.validate_amount(PauseOp::FundInsurance, args)
    }

    pub fn handler(ctx: Context<Self>, args: InsuranceDepositArgs) -> Result<()> {
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
