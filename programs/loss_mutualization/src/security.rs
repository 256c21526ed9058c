//! The program's security.txt, read from the deployed binary by explorers and
//! `query-security-txt`: who to tell about a vulnerability.
//!
//! **Whoever deploys the program answers for it**, so the contacts are the deployer's: replace
//! every `UNSET` value before deploying to a public cluster (docs/DEPLOY.md, step 1, checks that
//! none is left). Left out of a CPI client's build (`no-entrypoint`), which would otherwise carry
//! a second one.

#[cfg(not(feature = "no-entrypoint"))]
solana_security_txt::security_txt! {
    name: "loss_mutualization",
    project_url: "UNSET: the deployer's project page",
    contacts: "UNSET: the deployer's security contact, e.g. email:security@example.com",
    policy: "UNSET: the deployer's disclosure policy; this code's attack catalogue is docs/SECURITY.md",
    preferred_languages: "en",
    auditors: "None: unaudited"
}
