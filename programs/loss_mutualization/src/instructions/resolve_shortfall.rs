use crate::controller::settle_position;
use crate::errors::LmError;
use crate::events::{emit_event, ShortfallResolved};
use crate::math::waterfall::{event_cap_left, insurance_draw, split_uncovered_loss};
use crate::math::SafeMath;
use crate::state::*;
use crate::token::{pay_out, CollateralMint};
use anchor_lang::prelude::*;
use anchor_lang::system_program;
use anchor_spl::token_interface::TokenInterface;

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct ResolveShortfallArgs {
    /// The bump of the record's address (`pda::shortfall_record_with_bump`): the program checks
    /// the one address instead of searching for it, so resolving costs the same every time.
    pub record_bump: u8,
}

/// Assigns a bankrupt position's loss to the waterfall in one step, and writes the loss
/// event's public record. **Anyone may send it**: every amount is fixed by on-chain state and
/// the caps, so no key decides who pays.
///
/// 1. Close the position out: its negative equity (the shortfall) leaves it.
/// 2. Tier two: the insurance fund pays the least of the shortfall, its balance, what is left
///    of this liquidation's per-event cap and the rolling-window allowance, by a real transfer
///    into the collateral vault.
/// 3. Tiers three and four, in O(1): the rest is clawed back from all at-risk profit through
///    the clawback index; what exceeds all at-risk profit haircuts all principal.
///
/// **Idempotent**: if the position is not bankrupt (someone resolved it first, or it never
/// was), it succeeds and changes nothing, so a client can put it in front of its own
/// instruction without ever failing because a keeper was faster.
///
/// Nothing that could change who pays can run between the bankruptcy and this instruction
/// (`Market::require_no_pending_loss`), so the loss is spread over the holdings exactly as they
/// stood when the position went bankrupt.
#[derive(Accounts)]
pub struct ResolveShortfall<'info> {
    /// Pays the record's rent only if the market's rent reserve cannot.
    #[account(mut)]
    pub resolver: Signer<'info>,
    #[account(
        mut,
        has_one = collateral_mint @ LmError::WrongMint,
        has_one = collateral_vault @ LmError::WrongVault,
        has_one = insurance_fund @ LmError::WrongInsuranceFund
    )]
    pub market: Box<Account<'info, Market>>,
    #[account(mut, has_one = market @ LmError::WrongMarket)]
    pub position: Box<Account<'info, UserPosition>>,
    /// CHECK: the record `["shortfall", position, position.shortfall_count]`, created here when
    /// the position is bankrupt (address checked in the handler). Left alone otherwise, so a
    /// transaction prepared before someone else resolved the position still succeeds.
    #[account(mut)]
    pub record: UncheckedAccount<'info>,
    #[account(mut)]
    pub insurance_fund: Box<Account<'info, InsuranceFund>>,
    /// CHECK: the fund's vault (its address is checked), a token account the fund's PDA owns.
    #[account(mut, address = insurance_fund.vault @ LmError::WrongVault)]
    pub insurance_vault: UncheckedAccount<'info>,
    /// CHECK: the market's vault (`has_one` on the market), a token account the market's PDA owns.
    #[account(mut)]
    pub collateral_vault: UncheckedAccount<'info>,
    /// CHECK: the market's collateral mint (`has_one` on the market); the token program checks it
    /// against the token accounts and its decimals (`token::CollateralMint`).
    pub collateral_mint: UncheckedAccount<'info>,
    #[account(address = market.collateral_token_program @ LmError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl<'info> ResolveShortfall<'info> {
    pub fn validate(&self) -> Result<()> {
        self.market.require_not_paused(PauseOp::Resolve)
    }

    pub fn handler(ctx: Context<Self>, args: ResolveShortfallArgs) -> Result<()> {
        let accounts = ctx.accounts;
        if accounts.position.status != PositionStatus::Bankrupt {
            return Ok(());
        }
        let now = Clock::get()?.unix_timestamp;
        // A bankrupt position is the liquidation in progress (there is at most one).
        require_keys_eq!(accounts.position.key(), accounts.market.pending_position, LmError::PendingLiquidationMismatch);
        require!(
            now >= accounts.market.liquidation_ends_at
                || accounts.resolver.key() == accounts.market.clearing_authority,
            LmError::LiquidationInProgress
        );
        let market = &mut accounts.market;
        let position = &mut accounts.position;
        // A bankrupt position holds no principal or profit: this only moves its snapshots.
        settle_position(market, position, false)?;
        let (shortfall, position_seq) = position.close_out_shortfall()?;
        crate::cu_mark!();
        let rent = create_record_account(
            &accounts.record,
            &market.to_account_info(),
            &accounts.resolver,
            &accounts.system_program,
            &position.key(),
            position_seq,
            args.record_bump,
        )?;

        crate::cu_mark!();
        // Tier two: the insurance fund, with its allowance and per-event cap as they stood at the
        // bankruptcy: nobody (the clearing authority resolving early, a Resolve pause, a late
        // keeper) can make the fund pay more or less by choosing when the loss is resolved. The
        // draw is booked now, against the allowance and cap as they stand now (never less than
        // then: nothing draws while a loss is pending), so refill time is neither lost nor spent
        // twice.
        let fund = &mut accounts.insurance_fund;
        let drawn_as_of = market.insurance_draw_time(fund.draw_allowance_updated_at, now);
        let allowance_then = fund.allowance_at(drawn_as_of)?;
        let allowance_now = fund.allowance_at(now)?;
        let cap_window = |at: i64| {
            event_cap_left(fund.max_draw_per_event, fund.draw_window_secs, position.event_cap.started_at, position.event_cap.drawn, at)
        };
        let (cap_then, cap) = (cap_window(drawn_as_of), cap_window(now));
        // A frozen insurance vault makes the transfer fail and the resolution with it, until it is
        // thawed: the mint's freeze authority can halt the market (as by freezing the collateral
        // vault), a documented trust assumption, but it cannot choose who pays a loss.
        let insurance_paid = insurance_draw(shortfall, fund.balance, cap_then.left.min(cap.left), allowance_then.amount);
        let vault_amount = pay_out(
            fund,
            &accounts.token_program,
            &CollateralMint::of(&accounts.collateral_mint, market),
            &accounts.insurance_vault,
            &accounts.collateral_vault,
            insurance_paid,
        )?;
        crate::cu_mark!();
        fund.balance = fund.balance.safe_sub(insurance_paid)?;
        fund.set_allowance(allowance_now, insurance_paid, now)?;
        fund.lifetime_drawn = fund.lifetime_drawn.safe_add(insurance_paid as u128)?;
        fund.retire_worthless_shares()?;
        fund.invariant()?;
        position.event_cap = EventCapWindow { started_at: cap.window_start, drawn: cap.drawn.safe_add(insurance_paid)? };

        crate::cu_mark!();
        // Tiers three and four: the indices.
        let uncovered = shortfall - insurance_paid;
        let at_risk_profit_before = market.profit_pool.total;
        let principal_before = market.principal_pool.total;
        let split = split_uncovered_loss(uncovered, at_risk_profit_before, principal_before)?;
        let clawback_index_before = market.profit_pool.index;
        let haircut_index_before = market.principal_pool.index;
        let clawed = market.profit_pool.absorb(split.clawback)?;
        let haircut = market.principal_pool.absorb(split.haircut)?;
        require!(clawed == split.clawback && haircut == split.haircut, LmError::ShortfallNotFullyAssigned);

        let seq = market.shortfall_seq;
        market.shortfall_seq = seq.safe_add(1)?;
        let were_halted = market.halts();
        market.pending_shortfall = market.pending_shortfall.safe_sub(shortfall)?;
        market.update_halts(were_halted, now);
        market.pending_position = Pubkey::default();
        market.pending_collateral = 0;
        market.liquidation_ends_at = 0;
        market.check_solvency(vault_amount)?;
        market.invariant()?;

        crate::cu_mark!();
        let record = ShortfallRecord {
            market: market.key(),
            seq,
            position: position.key(),
            owner: position.owner,
            position_seq,
            shortfall,
            insurance_paid,
            clawback: split.clawback,
            haircut: split.haircut,
            at_risk_profit_before,
            principal_before,
            clawback_index_before,
            clawback_index_after: market.profit_pool.index,
            haircut_index_before,
            haircut_index_after: market.principal_pool.index,
            resolver: accounts.resolver.key(),
            resolved_at: now,
            record_rent_from_reserve: rent.from_reserve,
            record_rent_from_resolver: rent.from_resolver,
            bump: args.record_bump,
        };
        record.invariant()?;
        record.try_serialize(&mut &mut accounts.record.try_borrow_mut_data()?[..])?;

        crate::cu_mark!();
        emit_event(ShortfallResolved {
            market: market.key(),
            record: accounts.record.key(),
            seq,
            position: position.balances(position.key()),
            owner: position.owner,
            position_seq,
            shortfall,
            insurance_paid,
            clawback: split.clawback,
            haircut: split.haircut,
            at_risk_profit_before,
            principal_before,
            clawback_index_before,
            clawback_index: market.profit_pool.index,
            haircut_index_before,
            haircut_index: market.principal_pool.index,
            fund_balance: fund.balance,
            total_shares: fund.total_shares,
            share_epoch: fund.share_epoch,
            draw_allowance: fund.draw_allowance,
            event_cap_drawn: position.event_cap.drawn,
            resolver: accounts.resolver.key(),
            record_rent_from_reserve: rent.from_reserve,
            record_rent_from_resolver: rent.from_resolver,
            totals: market.totals(),
        });
        crate::cu_mark!();
        Ok(())
    }
}

/// Where a record's rent came from.
struct RecordRent {
    from_reserve: u64,
    from_resolver: u64,
}

/// Checks the record's address (one hash with the given bump, no search) and creates the
/// account, owned by this program and rent-exempt. Its rent comes from the market's rent
/// reserve first (a direct lamport move once the account is this program's; the market is this
/// program's account too), the rest from the resolver. Lamports sent to the address beforehand
/// cannot block it: the account is topped up, allocated and assigned, never created with
/// `create_account`.
fn create_record_account<'info>(
    record: &UncheckedAccount<'info>,
    market: &AccountInfo<'info>,
    resolver: &Signer<'info>,
    system_program: &Program<'info, System>,
    position: &Pubkey,
    position_seq: u64,
    bump: u8,
) -> Result<RecordRent> {
    let seq_bytes = position_seq.to_le_bytes();
    let bump_bytes = [bump];
    let seeds: &[&[u8]] = &[SHORTFALL_SEED, position.as_ref(), &seq_bytes, &bump_bytes];
    let address = Pubkey::create_program_address(seeds, &crate::ID).map_err(|_| error!(LmError::InvalidRecordBump))?;
    require_keys_eq!(record.key(), address, LmError::WrongShortfallRecord);

    let rent = Rent::get()?;
    let space = 8 + ShortfallRecord::INIT_SPACE;
    let info = record.to_account_info();
    let needed = rent.minimum_balance(space).saturating_sub(info.lamports());
    let reserve = market.lamports().saturating_sub(rent.minimum_balance(market.data_len()));
    let from_reserve = needed.min(reserve);
    let from_resolver = needed - from_reserve;
    let system = system_program.key();
    if from_resolver > 0 {
        let accounts = system_program::Transfer { from: resolver.to_account_info(), to: info.clone() };
        system_program::transfer(CpiContext::new(system, accounts), from_resolver)?;
    }
    let signer: &[&[&[u8]]] = &[seeds];
    let accounts = system_program::Allocate { account_to_allocate: info.clone() };
    system_program::allocate(CpiContext::new_with_signer(system, accounts, signer), space as u64)?;
    let accounts = system_program::Assign { account_to_assign: info.clone() };
    system_program::assign(CpiContext::new_with_signer(system, accounts, signer), &crate::ID)?;
    // After the CPIs: the runtime checks at each CPI that the caller's accounts still balance,
    // and it sees only the accounts passed to the CPI, so a move between the market and the
    // record before them would read as unbalanced.
    if from_reserve > 0 {
        **market.try_borrow_mut_lamports()? -= from_reserve;
        **info.try_borrow_mut_lamports()? += from_reserve;
    }
    Ok(RecordRent { from_reserve, from_resolver })
}
