//! Second-factor cost per call (bench binary; `cargo xtask bench`).
//!
//! * TOTP verify: decrypt the stored secret (XChaCha20-Poly1305) and check a code over the ±1
//!   step window, as `POST /v1/auth/challenges/{id}/verify` does before its database write.
//! * SMS / recovery code check: the HMAC-SHA-256 of a typed code and its constant-time compare.

use haven_sync::keys::ServerKey;
use haven_sync::twostep;
use std::hint::black_box;
use std::time::Instant;

fn per_call(n: u32, mut f: impl FnMut(u32) -> bool) -> (f64, u32) {
    for i in 0..n / 10 {
        black_box(f(i));
    }
    let t = Instant::now();
    let mut hits = 0;
    for i in 0..n {
        hits += u32::from(black_box(f(i)));
    }
    (t.elapsed().as_secs_f64() * 1e9 / n as f64, hits)
}

fn main() {
    let key = ServerKey::random();
    let secret = b"12345678901234567890".to_vec();
    let blob = key.encrypt("user-1", &secret).expect("encrypt");
    let now = 2_000_000_000i64;
    let t = twostep::totp(secret.clone(), "bench@haven.test").expect("totp");
    let right = t.generate(now as u64).to_string();
    let n = 200_000;

    let (ns_right, hits) = per_call(n, |_| {
        twostep::totp_verify(&key, "user-1", "bench@haven.test", &blob, &right, now, 0).ok().flatten().is_some()
    });
    assert_eq!(hits, n, "the right code must verify every time");
    let (ns_wrong, hits) = per_call(n, |i| {
        let code = format!("{:06}", i % 1_000_000);
        twostep::totp_verify(&key, "user-1", "bench@haven.test", &blob, &code, now, 0).ok().flatten().is_some()
    });
    let (ns_check, _) = per_call(n, |_| twostep::totp_check(&t, &right, now, 0).is_some());
    let mac = key.code_mac("sms", "user-1", "123456");
    let (ns_mac, _) = per_call(n, |i| {
        let c = format!("{:06}", i % 1_000_000);
        let m = key.code_mac("sms", "user-1", &c);
        m == mac
    });
    println!("totp verify (decrypt + ±1 window), right code: {ns_right:.0} ns/call");
    println!(
        "totp verify (decrypt + ±1 window), wrong code: {ns_wrong:.0} ns/call ({hits} of {n} random codes matched)"
    );
    println!("totp window check alone:                      {ns_check:.0} ns/call");
    println!("sms/recovery code HMAC + compare:             {ns_mac:.0} ns/call");
}
