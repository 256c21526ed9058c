//! What `#[account]` gives a program account (discriminator, owner, Borsh layout, IDL), with a
//! writer that costs a fraction: Anchor's generated `try_serialize` writes each field straight
//! into the account, one variable-length copy per field (about 3.4k CU for a market and a
//! position together on the bytecode); this one serializes into a buffer and copies it in once
//! (about 1k). The layout and discriminator are exactly `#[account]`'s (`sha256("account:<Name>")`,
//! checked by `discriminators_are_anchors` below and by the IDL check), so clients see no change.

/// Implements the account traits for `$name` (which derives `AnchorSerialize`,
/// `AnchorDeserialize`, `Clone` and `InitSpace`) with its Anchor discriminator.
macro_rules! program_account {
    ($name:ident, $discriminator:expr) => {
        impl anchor_lang::Discriminator for $name {
            const DISCRIMINATOR: &'static [u8] = &$discriminator;
        }

        impl anchor_lang::Owner for $name {
            fn owner() -> Pubkey {
                crate::ID
            }
        }

        impl anchor_lang::AccountSerialize for $name {
            fn try_serialize<W: std::io::Write>(&self, writer: &mut W) -> anchor_lang::Result<()> {
                let mut buffer = Vec::with_capacity(8 + <$name as anchor_lang::Space>::INIT_SPACE);
                buffer.extend_from_slice(<$name as anchor_lang::Discriminator>::DISCRIMINATOR);
                AnchorSerialize::serialize(self, &mut buffer)
                    .map_err(|_| anchor_lang::error::ErrorCode::AccountDidNotSerialize)?;
                writer
                    .write_all(&buffer)
                    .map_err(|_| anchor_lang::error::ErrorCode::AccountDidNotSerialize.into())
            }
        }

        impl anchor_lang::AccountDeserialize for $name {
            fn try_deserialize(buf: &mut &[u8]) -> anchor_lang::Result<Self> {
                let discriminator = <$name as anchor_lang::Discriminator>::DISCRIMINATOR;
                if buf.len() < discriminator.len() {
                    return Err(anchor_lang::error::ErrorCode::AccountDiscriminatorNotFound.into());
                }
                if &buf[..discriminator.len()] != discriminator {
                    return Err(anchor_lang::error!(anchor_lang::error::ErrorCode::AccountDiscriminatorMismatch)
                        .with_account_name(stringify!($name)));
                }
                Self::try_deserialize_unchecked(buf)
            }

            fn try_deserialize_unchecked(buf: &mut &[u8]) -> anchor_lang::Result<Self> {
                let mut data: &[u8] = &buf[8..];
                AnchorDeserialize::deserialize(&mut data)
                    .map_err(|_| anchor_lang::error::ErrorCode::AccountDidNotDeserialize.into())
            }
        }
    };
}
pub(crate) use program_account;

#[cfg(test)]
mod tests {
    use super::super::*;
    use anchor_lang::Discriminator;

    /// Each discriminator is the one `#[account]` would give: the first 8 bytes of
    /// `sha256("account:<Name>")`.
    #[test]
    fn discriminators_are_anchors() {
        use sha2::{Digest, Sha256};
        for (name, discriminator) in [
            ("Market", Market::DISCRIMINATOR),
            ("UserPosition", UserPosition::DISCRIMINATOR),
            ("InsuranceFund", InsuranceFund::DISCRIMINATOR),
            ("InsuranceStake", InsuranceStake::DISCRIMINATOR),
            ("ShortfallRecord", ShortfallRecord::DISCRIMINATOR),
            ("PendingChange", PendingChange::DISCRIMINATOR),
        ] {
            let hash = Sha256::digest(format!("account:{name}").as_bytes());
            assert_eq!(&hash[..8], discriminator, "{name}");
        }
    }
}
