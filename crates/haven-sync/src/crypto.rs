//! Random tokens, their hashes, and Argon2id password hashing.
//!
//! Tokens are 256 random bits, base64url, with a short prefix naming their kind (so a leaked one is
//! recognisable). The server stores only SHA-256 of a token; a token is looked up by its hash.

use argon2::password_hash::{Output, ParamsString, PasswordHash, PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
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
    // Digits as any keyboard writes them (Arabic-Indic too) count as the digits they are.
    haven_i18n::ascii_digits(s).chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
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

/// Argon2id hashing, at most one hash per core at a time (each takes `m_kib` of memory, so
/// unbounded concurrency would be a memory-exhaustion lever), on threads of its own.
#[derive(Clone)]
pub struct PasswordHashing {
    argon: Arc<Argon2<'static>>,
    permits: Arc<Semaphore>,
    dummy_hash: Arc<String>,
    hashers: Arc<Hashers>,
}

type Job = Box<dyn FnOnce() + Send>;

/// One long-lived thread per core runs the hashes, each in Argon2 memory of its own that it
/// reuses ([`argon2_into`]). Allocating it per hash (19 MiB) left the service's RSS growing by
/// about 10 MiB per sign-in on glibc (measured: 35 → 134 MiB after 10 sign-ins, 293 MiB after
/// the soak bench's set-up); now it is allocated once per thread. The threads end when the last
/// `PasswordHashing` clone is dropped.
struct Hashers {
    jobs: std::sync::mpsc::Sender<Job>,
}

impl Hashers {
    fn start(n: usize) -> Hashers {
        let (tx, rx) = std::sync::mpsc::channel::<Job>();
        let rx = Arc::new(std::sync::Mutex::new(rx));
        for i in 0..n {
            let rx = rx.clone();
            let spawned = std::thread::Builder::new().name(format!("argon2-{i}")).spawn(move || loop {
                let job = match rx.lock() {
                    Ok(r) => r.recv(),
                    Err(_) => return,
                };
                match job {
                    // A panicking hash fails its own caller (its answer is dropped), not the
                    // thread.
                    Ok(job) => {
                        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                    }
                    Err(_) => return,
                }
            });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "cannot start a password-hashing thread");
            }
        }
        Hashers { jobs: tx }
    }

    /// Runs `f` holding `permit` until it is done: a caller that goes away (a dropped
    /// connection) does not free a slot while its hash still runs or waits.
    async fn run<T: Send + 'static>(
        &self,
        permit: tokio::sync::OwnedSemaphorePermit,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(f());
            drop(permit);
        });
        self.jobs.send(job).map_err(|_| anyhow::anyhow!("password hashing stopped"))?;
        rx.await.map_err(|_| anyhow::anyhow!("password hashing stopped"))
    }
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
            hashers: Arc::new(Hashers::start(cores)),
        })
    }

    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let permit = self.permits.clone().acquire_owned().await?;
        let argon = self.argon.clone();
        self.hashers.run(permit, move || hash_phc(&argon, password.as_bytes())).await?
    }

    /// Verifies `password` against `phc`, or against the dummy hash when `phc` is `None`
    /// (unknown account), so both paths take the same time. Returns false for `None`.
    pub async fn verify(&self, password: String, phc: Option<String>) -> anyhow::Result<bool> {
        let permit = self.permits.clone().acquire_owned().await?;
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| (*self.dummy_hash).clone());
        let ok = self.hashers.run(permit, move || verify_phc(password.as_bytes(), &phc)).await??;
        Ok(ok && known)
    }
}

thread_local! {
    /// This hashing thread's Argon2 memory, grown once to the largest hash it has computed.
    static BLOCKS: std::cell::RefCell<Vec<Block>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Argon2 of `password` and `salt` into `out`, in this thread's reused memory.
fn argon2_into(argon: &Argon2<'_>, password: &[u8], salt: &[u8], out: &mut [u8]) -> anyhow::Result<()> {
    BLOCKS.with(|blocks| {
        let mut blocks = blocks.borrow_mut();
        let need = argon.params().block_count();
        if blocks.len() < need {
            blocks.resize(need, Block::default());
        }
        argon
            .hash_password_into_with_memory(password, salt, out, &mut blocks[..need])
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
}

/// A new PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), as `PasswordHasher` writes it.
fn hash_phc(argon: &Argon2<'_>, password: &[u8]) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(argon, password, salt_bytes, &mut out)?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params()).map_err(|e| anyhow::anyhow!("argon2: {e}"))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| anyhow::anyhow!("argon2: {e}"))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches the PHC string `phc` (with the algorithm, version and cost it
/// names), compared in constant time.
fn verify_phc(password: &[u8], phc: &str) -> anyhow::Result<bool> {
    let parsed = PasswordHash::new(phc).map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Ok(false) };
    let bad = |e: argon2::password_hash::Error| anyhow::anyhow!("stored hash: {e}");
    let algorithm = Algorithm::try_from(parsed.algorithm).map_err(bad)?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|e| anyhow::anyhow!("stored hash: {e}"))?;
    let params = Params::try_from(&parsed).map_err(bad)?;
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params);
    let mut salt_buf = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buf).map_err(bad)?;
    let mut out = vec![0u8; expected.len()];
    argon2_into(&argon, password, salt_bytes, &mut out)?;
    // `Output`'s equality is constant-time.
    Ok(Output::new(&out).map_err(bad)? == expected)
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
        assert_eq!(normalise_code("ab-cd ١٢"), "ABCD12");
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

    /// The reused-memory hashing writes and reads the same PHC strings as the argon2 crate's
    /// own hasher, so hashes stored before it (and after) keep verifying, at any cost they name.
    #[test]
    fn phc_strings_agree_with_the_argon2_crate_both_ways() {
        use argon2::password_hash::PasswordVerifier;
        let ours = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(2048, 1, 1, None).expect("params"));
        let phc = hash_phc(&ours, b"violet-tundra").expect("hash");
        let parsed = PasswordHash::new(&phc).expect("parse");
        assert!(ours.verify_password(b"violet-tundra", &parsed).is_ok());
        assert!(ours.verify_password(b"violet-tundrA", &parsed).is_err());
        // Stored by the crate at another cost: ours reads the cost from the string.
        let theirs = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(4096, 2, 1, None).expect("params"));
        let stored = theirs.hash_password(b"cobalt-91", &SaltString::generate(&mut OsRng)).expect("hash").to_string();
        assert!(verify_phc(b"cobalt-91", &stored).expect("verify"));
        assert!(!verify_phc(b"cobalt-92", &stored).expect("verify"));
        // After the larger one, the smaller runs in the first blocks of the same memory.
        assert!(verify_phc(b"violet-tundra", &phc).expect("verify"));
        assert!(verify_phc(b"x", "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ").is_ok_and(|ok| !ok));
    }
}
