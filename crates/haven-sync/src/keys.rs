//! The server key: one 32-byte secret from configuration, from which two keys are derived —
//! an HMAC key for short codes (SMS, recovery) and an XChaCha20-Poly1305 key for TOTP secrets.

use crate::db::Db;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::rngs::OsRng;
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct ServerKey {
    mac_key: [u8; 32],
    enc_key: [u8; 32],
}

impl std::fmt::Debug for ServerKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerKey(<redacted>)")
    }
}

fn derive(master: &[u8; 32], label: &str) -> [u8; 32] {
    let mut m = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    m.update(label.as_bytes());
    m.finalize().into_bytes().into()
}

impl ServerKey {
    pub fn from_master(master: &[u8; 32]) -> Self {
        ServerKey { mac_key: derive(master, "haven code mac v1"), enc_key: derive(master, "haven totp enc v1") }
    }

    pub fn random() -> Self {
        let mut m = [0u8; 32];
        OsRng.fill_bytes(&mut m);
        Self::from_master(&m)
    }

    /// Parses a base64 master key of exactly 32 bytes.
    pub fn from_base64(s: &str) -> anyhow::Result<Self> {
        let bytes = STANDARD.decode(s.trim()).map_err(|e| anyhow::anyhow!("secret key is not base64: {e}"))?;
        let master: [u8; 32] =
            bytes.try_into().map_err(|_| anyhow::anyhow!("secret key must be 32 bytes (44 base64 characters)"))?;
        Ok(Self::from_master(&master))
    }

    /// Reads the key file, creating it (mode 0600, random key) when `create` and it is missing.
    pub fn load_file(path: &Path, create: bool) -> anyhow::Result<Self> {
        match std::fs::read_to_string(path) {
            Ok(s) => Self::from_base64(&s).map_err(|e| anyhow::anyhow!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
                let mut m = [0u8; 32];
                OsRng.fill_bytes(&mut m);
                write_private(path, STANDARD.encode(m).as_bytes())?;
                tracing::warn!(path = %path.display(), "created a new server key file; back it up with the database");
                Ok(Self::from_master(&m))
            }
            Err(e) => Err(anyhow::anyhow!("cannot read secret key file {}: {e}", path.display())),
        }
    }

    /// A value only this key gives (an HMAC of a fixed label): kept in the database it serves.
    fn fingerprint(&self) -> Vec<u8> {
        self.code_mac("database", "haven", "key-check v1")
    }

    /// Refuses a database written under another key — a swapped or restored-from-elsewhere file,
    /// or a wrong key file: the service would read sealed bodies, codes and secrets as garbage
    /// and could serve another installation's data. A database seen for the first time (new, or
    /// from before this check) is claimed for this key once the key opens a value already sealed
    /// in it, if there is one (else a wrong key would claim it and lock the right one out);
    /// concurrent first starts claim it once.
    pub async fn check_database(&self, db: &Db, shown: &str) -> anyhow::Result<()> {
        let mine = self.fingerprint();
        let fail = |e: sqlx::Error| anyhow::anyhow!("cannot read database {shown}: {e}");
        let refuse = || {
            anyhow::anyhow!(
                "database {shown} was written with another server key: it is another installation's database, or the key is not the one it was made with (HAVEN_SECRET_KEY / --secret-key-file, kept beside the database by development delivery). Haven will not serve it."
            )
        };
        let claimed: Option<Vec<u8>> =
            crate::fetch_optional!(db, sqlx::query_scalar("SELECT value FROM key_check WHERE id = 1")).map_err(fail)?;
        if let Some(kept) = claimed {
            return if kept == mine { Ok(()) } else { Err(refuse()) };
        }
        // First seen: the key must open what is already sealed here before it claims it.
        let totp: Option<(String, Vec<u8>)> = crate::fetch_optional!(
            db,
            sqlx::query_as("SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL LIMIT 1")
        )
        .map_err(fail)?;
        if let Some((user, blob)) = totp {
            self.decrypt(&user, &blob).map_err(|_| refuse())?;
        }
        let message: Option<(String, Vec<u8>)> = crate::fetch_optional!(
            db,
            sqlx::query_as("SELECT to_addr, sealed FROM messages WHERE sealed IS NOT NULL ORDER BY id DESC LIMIT 1")
        )
        .map_err(fail)?;
        if let Some((to, sealed)) = message {
            crate::delivery::open_body(self, &to, None, Some(sealed)).map_err(|_| refuse())?;
        }
        crate::execute!(
            db,
            sqlx::query("INSERT INTO key_check (id, value) VALUES (1, $1) ON CONFLICT (id) DO NOTHING").bind(&mine)
        )
        .map_err(fail)?;
        let kept: Vec<u8> =
            crate::fetch_one!(db, sqlx::query_scalar("SELECT value FROM key_check WHERE id = 1")).map_err(fail)?;
        if kept != mine {
            return Err(refuse());
        }
        Ok(())
    }

    /// HMAC-SHA-256 of a code under the server key, bound to its purpose and owner.
    pub fn code_mac(&self, purpose: &str, owner: &str, code: &str) -> Vec<u8> {
        let mut m = <HmacSha256 as Mac>::new_from_slice(&self.mac_key).expect("HMAC takes any key length");
        for part in [purpose, owner, code] {
            m.update(&(part.len() as u32).to_be_bytes());
            m.update(part.as_bytes());
        }
        m.finalize().into_bytes().to_vec()
    }

    /// nonce (24 bytes) ‖ ciphertext, authenticated with `aad` (the owner's id).
    pub fn encrypt(&self, aad: &str, plaintext: &[u8]) -> anyhow::Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new((&self.enc_key).into());
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let ct = cipher
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: plaintext, aad: aad.as_bytes() })
            .map_err(|_| anyhow::anyhow!("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend(ct);
        Ok(out)
    }

    pub fn decrypt(&self, aad: &str, blob: &[u8]) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(blob.len() > 24, "ciphertext too short");
        let cipher = XChaCha20Poly1305::new((&self.enc_key).into());
        cipher
            .decrypt(XNonce::from_slice(&blob[..24]), Payload { msg: &blob[24..], aad: aad.as_bytes() })
            .map_err(|_| anyhow::anyhow!("cannot decrypt: wrong server key or tampered data"))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut f = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path)?;
    f.write_all(data)?;
    f.sync_all()?;
    Ok(())
}

#[cfg(not(unix))]
fn write_private(path: &Path, data: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, data)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_round_trips_and_is_bound_to_owner_and_key() {
        let k = ServerKey::random();
        let blob = k.encrypt("user-1", b"JBSWY3DPEHPK3PXP").expect("enc");
        assert_eq!(k.decrypt("user-1", &blob).expect("dec"), b"JBSWY3DPEHPK3PXP");
        assert!(k.decrypt("user-2", &blob).is_err(), "aad not checked");
        assert!(ServerKey::random().decrypt("user-1", &blob).is_err(), "other key decrypted");
        let mut tampered = blob.clone();
        *tampered.last_mut().expect("byte") ^= 1;
        assert!(k.decrypt("user-1", &tampered).is_err());
        assert_ne!(k.encrypt("user-1", b"x").expect("e"), k.encrypt("user-1", b"x").expect("e"), "nonce reused");
    }

    #[test]
    fn code_macs_are_keyed_and_separated() {
        let k = ServerKey::random();
        assert_eq!(k.code_mac("sms", "u1", "123456"), k.code_mac("sms", "u1", "123456"));
        assert_ne!(k.code_mac("sms", "u1", "123456"), k.code_mac("sms", "u2", "123456"));
        assert_ne!(k.code_mac("sms", "u1", "123456"), k.code_mac("recovery", "u1", "123456"));
        assert_ne!(k.code_mac("sms", "u1", "123456"), ServerKey::random().code_mac("sms", "u1", "123456"));
        assert!(ServerKey::from_base64("c2hvcnQ=").is_err());
    }

    #[test]
    fn key_file_is_created_private_and_reread() {
        let dir = tempfile::tempdir().expect("tmp");
        let p = dir.path().join("k");
        let a = ServerKey::load_file(&p, true).expect("create");
        let b = ServerKey::load_file(&p, false).expect("read");
        assert_eq!(a.code_mac("x", "y", "z"), b.code_mac("x", "y", "z"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o600);
        }
        assert!(ServerKey::load_file(&dir.path().join("missing"), false).is_err());
    }
}
