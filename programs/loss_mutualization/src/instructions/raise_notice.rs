use crate::errors::LmError;
use crate::events::{emit_event, NoticeRaised};
use crate::state::*;
use anchor_lang::prelude::*;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RaiseNoticeArgs {
    pub notice_secs: i64,
}

/// A longer notice period only gives users more time, so it applies at once (also to changes
/// already pending). A shorter one is a change like any other: it waits for the current period.
#[derive(Accounts)]
pub struct RaiseNotice<'info> {
    pub admin: Signer<'info>,
    #[account(mut, has_one = admin @ LmError::NotAdmin)]
    pub market: Box<Account<'info, Market>>,
}

impl RaiseNotice<'_> {
    pub fn validate(&self, args: &RaiseNoticeArgs) -> Result<()> {
        check_notice_range(args.notice_secs)?;
        require!(args.notice_secs > self.market.notice_secs, LmError::NoticeNotRaised);
        Ok(())
    }

    pub fn handler(ctx: Context<Self>, args: RaiseNoticeArgs) -> Result<()> {
        let market = &mut ctx.accounts.market;
        market.notice_secs = args.notice_secs;
        market.invariant()?;
        emit_event(NoticeRaised { market: market.key(), notice_secs: args.notice_secs });
        Ok(())
    }
}
