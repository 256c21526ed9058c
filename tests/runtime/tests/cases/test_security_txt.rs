//! The deployed binary carries its security.txt (programs/loss_mutualization/src/security.rs),
//! in the format explorers and `query-security-txt` read, and the example exchange's binary,
//! which embeds the program as a CPI client, carries none of it.

use lm_runtime_tests::chain::{program_so, workspace_so};

const BEGIN: &[u8] = b"=======BEGIN SECURITY.TXT V1=======\0";
const END: &str = "=======END SECURITY.TXT V1=======";

/// The (key, value) pairs of the binary's security.txt, if it has one.
fn security_txt(binary: &[u8]) -> Option<Vec<(String, String)>> {
    let start = binary.windows(BEGIN.len()).position(|w| w == BEGIN)? + BEGIN.len();
    let mut fields = binary[start..].split(|b| *b == 0).map(|f| String::from_utf8_lossy(f).into_owned());
    let mut pairs = vec![];
    loop {
        let key = fields.next()?;
        if key == END {
            return Some(pairs);
        }
        pairs.push((key, fields.next()?));
    }
}

#[test]
fn the_program_binary_carries_its_security_txt() {
    let pairs = security_txt(&program_so()).expect("a security.txt in target/deploy/loss_mutualization.so");
    let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["name", "project_url", "contacts", "policy", "preferred_languages", "auditors"]);
    assert_eq!(pairs[0].1, "loss_mutualization");
    // The contacts are the deployer's to fill in: the committed values say so.
    assert!(pairs[1..4].iter().all(|(_, v)| v.starts_with("UNSET")), "{pairs:?}");
    assert_eq!(security_txt(&workspace_so("example_exchange")), None);
}
