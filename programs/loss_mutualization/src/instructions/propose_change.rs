use crate::errors::LmError;
use crate::events::{emit_event, ChangeProposed};
use crate::math::notice::notice_for_proposal;
use crate::math::SafeMath;
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct ProposeChangeArgs {
    pub change: Change,
}

/// The admin proposes a change of the rules or of who holds power. Nothing changes now: the
/// change is a public account from this moment and applies only after the notice period
/// (`apply_change`), so every user can see it and leave first.
#[derive(Accounts)]
pub struct ProposeChange<'info> {
    #[account(mut)]
    pub admin: Signer<'info>,
    #[account(
        mut,
        has_one = admin @ LmError::NotAdmin,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    #[account(
        init,
        payer = admin,
        space = 8 + PendingChange::INIT_SPACE,
        seeds = [CHANGE_SEED, market.key().as_ref(), &market.change_count.to_le_bytes()],
        bump
    )]
    pub pending_change: Box<Account<'info, PendingChange>>,
    pub system_program: Program<'info, System>,
}

impl ProposeChange<'_> {
    pub fn validate(&self, args: &ProposeChangeArgs) -> Result<()> {
        args.change.validate(&self.market, &self.insurance_fund)
    }

    pub fn handler(ctx: Context<Self>, args: ProposeChangeArgs) -> Result<()> {
        let now = Clock::get()?.unix_timestamp;
        let accounts = ctx.accounts;
        let market = &mut accounts.market;
        let seq = market.change_count;
        market.change_count = seq.safe_add(1)?;
        let pending = PendingChange {
            market: market.key(),
            seq,
            proposer: accounts.admin.key(),
            proposed_at: now,
            notice_secs: notice_for_proposal(market.notice_secs, now, market.old_maturity_ends_at),
            exit_halted_at_proposal: market.exit_halt.total(now),
            change: args.change,
            bump: ctx.bumps.pending_change,
        };
        emit_event(ChangeProposed {
            market: market.key(),
            pending_change: accounts.pending_change.key(),
            seq,
            proposer: pending.proposer,
            proposed_at: now,
            notice_secs: pending.notice_secs,
            change: args.change,
        });
        accounts.pending_change.set_inner(pending);
        Ok(())
    }
}
