//! Test helpers for changes with notice: propose as the admin, wait out the notice, apply.

use crate::env::{TestEnv, TxOutcome, TxResult};
use crate::ix;
use loss_mutualization::math::notice::ChangeStatus;
use loss_mutualization::state::{Change, PendingChange};
use solana_signer::Signer;

impl TestEnv {
    pub async fn pending_change(&self, seq: u64) -> PendingChange {
        self.decode(&self.keys.change(seq)).await
    }

    /// Propose `change` as the admin; returns its sequence number.
    pub async fn propose(&mut self, change: Change) -> u64 {
        let seq = self.market().await.change_count;
        let (admin, k) = (self.admin.insecure_clone(), self.keys);
        self.send(&[ix::propose_change(&k, &admin.pubkey(), seq, change)], &[&admin]).await.expect("propose_change");
        seq
    }

    /// Open-exit seconds the change still has to wait (0 once its notice is served).
    pub async fn notice_remaining(&self, seq: u64) -> i64 {
        let (change, market, now) = (self.pending_change(seq).await, self.market().await, self.now().await);
        match change.status(&market, now) {
            ChangeStatus::InNotice { remaining_secs } => remaining_secs,
            _ => 0,
        }
    }

    /// Move the clock to the first second the change's notice is served (exits open).
    pub async fn serve_notice(&mut self, seq: u64) {
        let remaining = self.notice_remaining(seq).await;
        self.warp(remaining).await;
    }

    /// Apply the change, signed by `authority` (the admin, anyone, or the new admin).
    pub async fn apply_change_by(&mut self, authority: &crate::Keypair, seq: u64) -> TxResult {
        let (k, proposer) = (self.keys, self.pending_change(seq).await.proposer);
        self.send(&[ix::apply_change(&k, &authority.pubkey(), seq, &proposer)], &[authority]).await
    }

    /// The way a change of the rules is made: proposed, its notice served, applied.
    pub async fn enact(&mut self, change: Change) -> TxOutcome {
        let seq = self.propose(change).await;
        self.serve_notice(seq).await;
        let admin = self.admin.insecure_clone();
        self.apply_change_by(&admin, seq).await.expect("apply_change")
    }

    /// Raise the notice period (immediate).
    pub async fn raise_notice(&mut self, notice_secs: i64) {
        let (admin, k) = (self.admin.insecure_clone(), self.keys);
        self.send(&[ix::raise_notice(&k, &admin.pubkey(), notice_secs)], &[&admin]).await.expect("raise_notice");
    }
}
