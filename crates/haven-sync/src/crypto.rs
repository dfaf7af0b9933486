//! Random tokens, their hashes, and Argon2id password hashing.
//!
//! Tokens are 256 random bits, base64url, with a short prefix naming their kind (so a leaked one is
//! recognisable). The server stores only SHA-256 of a token; a token is looked up by its hash.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use tokio::sync::Semaphore;

pub fn random_token(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A short human-typable code (Crockford base32, no I/L/O/U), `len` characters.
pub fn random_code(len: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 1];
    while out.len() < len {
        OsRng.fill_bytes(&mut buf);
        // 256 is a multiple of 32: no modulo bias.
        out.push(ALPHABET[(buf[0] % 32) as usize] as char);
    }
    out
}

/// Canonical form of a typed code: upper case, separators and spaces removed.
pub fn normalise_code(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

#[derive(Debug, Clone, Copy)]
pub struct Argon2Params {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for Argon2Params {
    /// OWASP's Argon2id baseline: m = 19 MiB, t = 2, p = 1.
    fn default() -> Self {
        Argon2Params { m_kib: 19 * 1024, t: 2, p: 1 }
    }
}

/// Argon2id hashing on the blocking pool, at most one hash per core at a time (each takes
/// `m_kib` of memory, so unbounded concurrency would be a memory-exhaustion lever).
#[derive(Clone)]
pub struct PasswordHashing {
    argon: Arc<Argon2<'static>>,
    permits: Arc<Semaphore>,
    dummy_hash: Arc<String>,
}

impl PasswordHashing {
    pub fn new(p: Argon2Params) -> anyhow::Result<Self> {
        let params = Params::new(p.m_kib, p.t, p.p, None).map_err(|e| anyhow::anyhow!("argon2 params: {e}"))?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        // A real hash of a random secret: verifying against it costs exactly what a real
        // verification costs, which is what unknown-email logins do.
        let dummy = argon
            .hash_password(random_token("").as_bytes(), &salt)
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))?
            .to_string();
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Ok(PasswordHashing {
            argon: Arc::new(argon),
            permits: Arc::new(Semaphore::new(cores)),
            dummy_hash: Arc::new(dummy),
        })
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await?;
        let argon = self.argon.clone();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| anyhow::anyhow!("argon2: {e}"))
        })
        .await?
    }

    /// Verifies `password` against `phc`, or against the dummy hash when `phc` is `None`
    /// (unknown account), so both paths take the same time. Returns false for `None`.
    pub async fn verify(&self, password: String, phc: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await?;
        let argon = self.argon.clone();
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| (*self.dummy_hash).clone());
        let ok = tokio::task::spawn_blocking(move || {
            let parsed = PasswordHash::new(&phc).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
            Ok::<bool, anyhow::Error>(argon.verify_password(password.as_bytes(), &parsed).is_ok())
        })
        .await??;
        Ok(ok && known)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_prefixed() {
        let a = random_token("hva_");
        let b = random_token("hva_");
        assert_ne!(a, b);
        assert!(a.starts_with("hva_"));
        assert_eq!(a.len(), 4 + 43); // 32 bytes base64url, no padding
        assert_eq!(hash_token(&a).len(), 32);
        assert_ne!(hash_token(&a), hash_token(&b));
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet() {
        let c = random_code(10);
        assert_eq!(c.len(), 10);
        assert!(c.chars().all(|ch| ch.is_ascii_digit() || (ch.is_ascii_uppercase() && !"ILOU".contains(ch))));
        assert_eq!(normalise_code("ab-cd 12"), "ABCD12");
    }

    #[tokio::test]
    async fn argon2_round_trip_and_dummy_never_matches() {
        let h = PasswordHashing::new(Argon2Params { m_kib: 1024, t: 1, p: 1 }).expect("params");
        let phc = h.hash("correct horse battery staple".into()).await.expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(h.verify("correct horse battery staple".into(), Some(phc.clone())).await.expect("verify"));
        assert!(!h.verify("wrong".into(), Some(phc)).await.expect("verify"));
        assert!(!h.verify("anything".into(), None).await.expect("verify"));
    }
}
