//! Health data around sync: legal documents, informed consent (signing, withdrawal with reauth,
//! what withdrawal stops), data downloads (CSV, FHIR, PDF; progress, expiry, restarts, events)
//! and clinicians' views of their patients.

use crate::common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

fn obs(id: &str, kind: &str, value: Value, unit: &str, at: &str) -> Value {
    json!({"id": oid(id), "kind": kind, "value": value, "unit": unit, "recorded_at": at})
}

async fn reauth(api: &Api, token: &str) {
    api.post("/v1/auth/reauth", json!({"password": PASSWORD}), Some(token)).await.expect(200);
}

/// Waits (up to 60 s) for an export to leave pending/running; returns the job.
async fn wait_export(api: &Api, token: &str, id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let j = api.get(&format!("/v1/me/exports/{id}"), Some(token)).await.expect(200);
        if j["status"] == "ready" || j["status"] == "failed" {
            return j;
        }
        assert!(Instant::now() < deadline, "export never finished: {j}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Downloads a file: (status, headers, bytes).
async fn download(api: &Api, token: &str, id: &str) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let r =
        api.http.get(format!("{}/v1/me/exports/{id}/file", api.base)).bearer_auth(token).send().await.expect("http");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    (status, headers, r.bytes().await.expect("body").to_vec())
}

async fn export(api: &Api, token: &str, format: &str) -> (Value, Vec<u8>, reqwest::header::HeaderMap) {
    let job = api.post("/v1/me/exports", json!({"format": format}), Some(token)).await.expect(202);
    assert_eq!(job["status"], "pending", "{job}");
    let id = job["id"].as_str().expect("id").to_owned();
    let done = wait_export(api, token, &id).await;
    assert_eq!(done["status"], "ready", "{done}");
    assert_eq!(done["progress"], 1.0);
    let (status, headers, bytes) = download(api, token, &id).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(done["size"].as_u64(), Some(bytes.len() as u64));
    (done, bytes, headers)
}

fn sample() -> Value {
    json!({"observations": [
        obs("a1", "heart_rate", json!(72), "bpm", "2026-11-20T08:00:00Z"),
        obs("a2", "blood_pressure", json!({"systolic": 120, "diastolic": 80}), "mmHg", "2026-11-20T08:01:00Z"),
        {"id": oid("a3"), "kind": "temperature", "value": 36.8, "unit": "°C", "recorded_at": "2026-11-20T08:02:00Z", "note": "µ-dose, Zoë said \"fine\", then slept"},
        {"id": oid("a4"), "kind": "symptom", "value": {"name": "=HYPERLINK(\"http://x\")", "severity": 4}, "unit": "severity", "recorded_at": "2026-11-21T09:00:00Z"},
        obs("a5", "steps", json!(8000), "steps", "2026-11-21T20:00:00Z"),
        {"id": oid("gone"), "kind": "weight", "value": 70.5, "unit": "kg", "recorded_at": "2026-11-21T07:00:00Z", "deleted": true},
    ]})
}

#[tokio::test]
async fn legal_documents_are_public_and_versioned() {
    let api = Api::start().await;
    let list = api.get("/v1/legal", None).await.expect(200);
    let slugs: Vec<&str> =
        list["documents"].as_array().expect("docs").iter().map(|d| d["slug"].as_str().expect("slug")).collect();
    assert_eq!(slugs, ["terms", "privacy", "consent", "about"]);
    for d in list["documents"].as_array().expect("docs") {
        assert!(d["version"].as_str().is_some_and(|v| !v.is_empty()), "{d}");
        assert!(d.get("body").is_none(), "the list has no bodies: {d}");
    }
    let consent = api.get("/v1/legal/consent", None).await.expect(200);
    assert!(consent["body"].as_str().expect("body").contains("withdraw"), "{consent}");
    assert_eq!(consent["title"], "Informed consent to data collection");
    api.get("/v1/legal/nope", None).await.error(404, "not_found");
    // A newer version of a document replaces the one shown.
    haven_sync::execute!(&api.state().db, sqlx::query("INSERT INTO legal_documents (slug, version, title, body, published_at) VALUES ('terms', '2027-01-01', 'Terms of use', 'New terms.', $1)")
        .bind(api.clock_now() + 1))
        .expect("insert");
    let terms = api.get("/v1/legal/terms", None).await.expect(200);
    assert_eq!(terms["version"], "2027-01-01");
    assert_eq!(terms["body"], "New terms.");
}

#[tokio::test]
async fn consent_gates_collection_and_withdrawal_keeps_data_readable() {
    let api = Api::start().await;
    let (dep, admin, _) = consenting_patient(&api, "first@consent.test").await;
    let t = api.invite(&admin, &dep, "pat@consent.test", "patient").await;
    api.accept_invite(&t, "pat@consent.test", "Pat").await;
    let pat = api.login_ok("pat@consent.test", PASSWORD).await.0;

    let me = api.get("/v1/me", Some(&pat)).await.expect(200);
    assert_eq!(me["consent"]["status"], "not_signed", "{me}");
    let current = me["consent"]["current_version"].as_str().expect("current").to_owned();
    // No consent, no data collection.
    let e = api.post("/v1/sync/push", sample(), Some(&pat)).await.error(403, "forbidden");
    assert!(e["error"]["message"].as_str().expect("msg").contains("consent"), "{e}");
    // Only the text in force can be signed.
    let e = api.post("/v1/me/consent", json!({"version": "1999-01-01"}), Some(&pat)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["version"].as_str().is_some(), "{e}");
    let c = api.post("/v1/me/consent", json!({"version": current}), Some(&pat)).await.expect(200);
    assert_eq!(c["status"], "signed");
    assert_eq!(c["version"], current.as_str());
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);

    // Withdrawing needs the password again (signing in counts for 10 minutes).
    api.clock.advance(11 * 60);
    api.post("/v1/me/consent/withdraw", json!({}), Some(&pat)).await.error(401, "reauth_required");
    reauth(&api, &pat).await;
    let c = api.post("/v1/me/consent/withdraw", json!({}), Some(&pat)).await.expect(200);
    assert_eq!(c["status"], "withdrawn");
    assert!(c["withdrawn_at"].as_str().is_some(), "{c}");
    api.post("/v1/me/consent/withdraw", json!({}), Some(&pat)).await.error(409, "conflict");
    let me = api.get("/v1/me", Some(&pat)).await.expect(200);
    assert_eq!(me["consent"]["status"], "withdrawn");

    // Every push of new data is refused; nothing of it is stored.
    let e = api
        .post(
            "/v1/sync/push",
            json!({"observations": [obs("late", "heart_rate", json!(80), "bpm", "2026-11-22T08:00:00Z")]}),
            Some(&pat),
        )
        .await
        .error(409, "consent_withdrawn");
    assert!(e["error"]["message"].as_str().expect("msg").contains("withdrawn"), "{e}");
    let page = api.get("/v1/sync/pull?limit=100", Some(&pat)).await.expect(200);
    let ids: Vec<&str> =
        page["observations"].as_array().expect("obs").iter().map(|o| o["id"].as_str().expect("id")).collect();
    assert_eq!(ids.len(), 6, "existing data stays readable: {ids:?}");
    assert!(!ids.contains(&"late"));
    // ... and exportable.
    reauth(&api, &pat).await;
    let (job, bytes, _) = export(&api, &pat, "csv").await;
    assert_eq!(job["rows"], 5, "{job}");
    assert!(String::from_utf8(bytes).expect("utf8").contains("36.8"));

    // The audit log has both.
    let audit = api.get("/v1/audit?limit=500", Some(&admin)).await.expect(200);
    let kinds: Vec<&str> =
        audit["events"].as_array().expect("events").iter().map(|e| e["kind"].as_str().expect("kind")).collect();
    assert!(kinds.contains(&"consent_signed") && kinds.contains(&"consent_withdrawn"), "{kinds:?}");

    // Signing again resumes collection.
    let c = api.post("/v1/me/consent", json!({"version": current}), Some(&pat)).await.expect(200);
    assert_eq!(c["status"], "signed");
    api.post(
        "/v1/sync/push",
        json!({"observations": [obs("late", "heart_rate", json!(80), "bpm", "2026-11-22T08:00:00Z")]}),
        Some(&pat),
    )
    .await
    .expect(200);
    // Clinicians and admins have no consent to give.
    api.post("/v1/me/consent", json!({"version": current}), Some(&admin)).await.error(403, "forbidden");
}

#[tokio::test]
async fn csv_export_has_every_observation_and_neutralises_formulas() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "csv@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    // Sensitive: the password again first (signing in counts for 10 minutes).
    api.clock.advance(11 * 60);
    api.post("/v1/me/exports", json!({"format": "csv"}), Some(&pat)).await.error(401, "reauth_required");
    reauth(&api, &pat).await;
    let e = api.post("/v1/me/exports", json!({"format": "xlsx"}), Some(&pat)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["format"].as_str().is_some(), "{e}");
    api.post("/v1/me/exports", json!({"format": "csv", "extra": 1}), Some(&pat)).await.error(400, "invalid_request");

    let (job, bytes, headers) = export(&api, &pat, "csv").await;
    assert_eq!(job["rows"], 5);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let cd = headers["content-disposition"].to_str().expect("cd");
    assert!(cd.starts_with("attachment; filename=\"haven-data-") && cd.ends_with(".csv\""), "{cd}");
    assert_eq!(headers["cache-control"], "no-store");
    // For Excel: a byte-order mark, and RFC 4180's CRLF after every record.
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let body = text.strip_prefix('\u{feff}').expect("a byte-order mark");
    assert!(body.ends_with("\r\n") && body.matches("\r\n").count() == 6 && !body.contains("\n\n"), "{body:?}");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        r.headers().expect("header").iter().collect::<Vec<_>>(),
        [
            "id",
            "recorded_at",
            "local_time",
            "time_zone",
            "kind",
            "value",
            "unit",
            "systolic",
            "diastolic",
            "symptom",
            "severity",
            "note"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    let ids: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    // Every live observation once, in time order; the deleted one is not there.
    assert_eq!(ids, ["a1", "a2", "a3", "a4", "a5"].map(oid));
    // Without a time zone in the request, the times are UTC and say so.
    assert_eq!((&rows[0][1], &rows[0][2], &rows[0][3]), ("2026-11-20T08:00:00Z", "2026-11-20 08:00", "UTC"));
    assert_eq!(&rows[1][5], "120/80");
    assert_eq!((&rows[1][7], &rows[1][8]), ("120", "80"));
    assert_eq!((&rows[2][5], &rows[2][6]), ("36.8", "°C"));
    assert_eq!(&rows[2][11], "µ-dose, Zoë said \"fine\", then slept", "quotes and commas survive the round trip");
    assert_eq!(&rows[3][9], "'=HYPERLINK(\"http://x\")", "a formula is neutralised");
    assert_eq!(&rows[3][10], "4");
}

/// A file longer than one page of reading (1000 rows), with many values recorded at the same
/// instant across the pages' edges and some deleted: every live value once, in (time, id)
/// order, in CSV and FHIR alike.
#[tokio::test]
async fn a_long_export_has_every_value_once_in_order_across_its_pages() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "long@export.test").await;
    let n = 2600;
    // Seven values share each minute; ids are not in time order.
    let id = |i: usize| format!("00000000-0000-4000-8000-{:012}", (i * 7919) % 100_000);
    let at = |i: usize| format!("2026-11-{:02}T{:02}:{:02}:00Z", 1 + i / 7 / 1440, (i / 7 / 60) % 24, (i / 7) % 60);
    for start in (0..n).step_by(1000) {
        let batch: Vec<Value> = (start..(start + 1000).min(n))
            .map(|i| json!({"id": id(i), "kind": "steps", "value": i, "unit": "steps", "recorded_at": at(i), "deleted": i % 13 == 0}))
            .collect();
        api.post("/v1/sync/push", json!({"observations": batch}), Some(&pat)).await.expect(200);
    }
    let mut expected: Vec<(String, String)> = (0..n).filter(|i| i % 13 != 0).map(|i| (at(i), id(i))).collect();
    expected.sort();
    let expected: Vec<String> = expected.into_iter().map(|(_, id)| id).collect();
    reauth(&api, &pat).await;
    let (job, bytes, _) = export(&api, &pat, "csv").await;
    assert_eq!(job["rows"], expected.len());
    let text = std::str::from_utf8(&bytes).expect("UTF-8");
    let mut r = csv::Reader::from_reader(text.strip_prefix('\u{feff}').expect("bom").as_bytes());
    let ids: Vec<String> = r.records().map(|x| x.expect("record")[0].to_owned()).collect();
    assert_eq!(ids, expected);
    let (_, bytes, _) = export(&api, &pat, "fhir").await;
    let bundle: Value = serde_json::from_slice(&bytes).expect("json");
    let ids: Vec<String> = bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["resource"]["resourceType"] == "Observation")
        .map(|e| e["resource"]["identifier"][0]["value"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(ids.len(), expected.len());
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn fhir_oxygen_saturation_carries_the_vital_signs_profile_code_too() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "spo2@export.test").await;
    let push = json!({"observations": [obs("s1", "oxygen_saturation", json!(97), "%", "2026-11-20T08:00:00Z")]});
    api.post("/v1/sync/push", push, Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let (_, bytes, _) = export(&api, &pat, "fhir").await;
    let b: Value = serde_json::from_slice(&bytes).expect("valid JSON");
    let codes: Vec<&str> = b["entry"][1]["resource"]["code"]["coding"]
        .as_array()
        .expect("coding")
        .iter()
        .map(|c| c["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["59408-5", "2708-6"], "the R4 oxygen saturation profile requires 2708-6");
}

/// Runs tests/fhir_validate.py (fhir.resources R4B models and the vital-signs profiles) on a
/// bundle; (passed, what it printed).
fn fhir_validate(bundle: &[u8]) -> (bool, String) {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("bundle.json");
    std::fs::write(&path, bundle).expect("write");
    let python = std::env::var("HAVEN_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir_validate.py");
    let out = std::process::Command::new(python).arg(script).arg(&path).output().expect("python");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[tokio::test]
async fn fhir_export_of_every_kind_validates_as_r4_with_the_vital_signs_profiles() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "validate@export.test").await;
    let at = "2026-11-20T17:33:00+05:30";
    let push = json!({"observations": [
        obs("v1", "heart_rate", json!(72), "bpm", at),
        obs("v2", "blood_pressure", json!({"systolic": 120, "diastolic": 80}), "mmHg", at),
        obs("v3", "weight", json!(70.5), "kg", at),
        obs("v4", "temperature", json!(36.8), "°C", at),
        obs("v5", "oxygen_saturation", json!(97), "%", at),
        obs("v6", "blood_glucose", json!(5.4), "mmol/L", at),
        obs("v7", "steps", json!(8000), "steps", at),
        {"id": oid("v8"), "kind": "symptom", "value": {"name": "Headache", "severity": 4}, "unit": "severity", "recorded_at": at, "note": "张伟 محمد"},
    ]});
    api.post("/v1/sync/push", push, Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let (_, bytes, _) = export(&api, &pat, "fhir").await;
    let (ok, report) = fhir_validate(&bytes);
    assert!(ok, "{report}");
    assert!(report.contains("9 entries, 5 checked against a vital-signs profile"), "{report}");
    // The time as recorded: its instant is stored in UTC, its offset kept.
    let b: Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(b["entry"][1]["resource"]["effectiveDateTime"], at);

    // The validator can fail: the same bundle without a vital sign's category, and with a unit
    // the profile does not allow, is refused with both reasons.
    let mut broken = b.clone();
    broken["entry"][1]["resource"].as_object_mut().expect("obs").remove("category");
    broken["entry"][3]["resource"]["valueQuantity"]["code"] = json!("lb");
    let (ok, report) = fhir_validate(&serde_json::to_vec(&broken).expect("json"));
    assert!(!ok, "{report}");
    assert!(report.contains("needs category vital-signs") && report.contains("not one of"), "{report}");
    // And a bundle R4 does not allow (an Observation without its required status, a value that is
    // not a number) fails the R4B models.
    let mut invalid = b;
    invalid["entry"][2]["resource"].as_object_mut().expect("obs").remove("status");
    invalid["entry"][3]["resource"]["valueQuantity"]["value"] = json!("seventy");
    let (ok, report) = fhir_validate(&serde_json::to_vec(&invalid).expect("json"));
    assert!(!ok && report.contains("not a valid R4B Bundle") && report.contains("status"), "{report}");
}

#[tokio::test]
async fn fhir_export_is_an_r4_bundle_with_loinc_codes() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "fhir@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let (_, bytes, headers) = export(&api, &pat, "fhir").await;
    assert_eq!(headers["content-type"], "application/fhir+json");
    let b: Value = serde_json::from_slice(&bytes).expect("valid JSON");
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");
    let entries = b["entry"].as_array().expect("entries");
    assert_eq!(entries.len(), 6, "the patient and five observations");
    assert_eq!(entries[0]["resource"]["resourceType"], "Patient");
    let subject = entries[0]["fullUrl"].as_str().expect("patient url");
    let o: Vec<&Value> = entries[1..].iter().map(|e| &e["resource"]).collect();
    for r in &o {
        assert_eq!(r["resourceType"], "Observation");
        assert_eq!(r["status"], "final");
        assert_eq!(r["subject"]["reference"], subject);
    }
    assert_eq!(o[0]["code"]["coding"][0]["code"], "8867-4");
    assert_eq!(o[0]["valueQuantity"]["code"], "/min");
    assert_eq!(o[0]["valueQuantity"]["value"], 72.0);
    assert_eq!(o[1]["code"]["coding"][0]["code"], "85354-9");
    assert_eq!(o[1]["component"][0]["code"]["coding"][0]["code"], "8480-6");
    assert_eq!(o[1]["component"][1]["valueQuantity"]["value"], 80.0);
    assert_eq!(o[2]["valueQuantity"]["code"], "Cel");
    assert_eq!(o[2]["note"][0]["text"], "µ-dose, Zoë said \"fine\", then slept");
    assert_eq!(o[2]["effectiveDateTime"], "2026-11-20T08:02:00Z");
    assert_eq!(o[3]["valueInteger"], 4);
    assert_eq!(o[4]["code"]["coding"][0]["code"], "55423-8");
    assert_eq!(o[4]["identifier"][0]["value"], oid("a5"));
}

#[tokio::test]
async fn pdf_export_renders_summary_charts_and_every_row() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "pdf@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let (_, bytes, headers) = export(&api, &pat, "pdf").await;
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("export.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).expect("utf8");
    for want in [
        "Pat Patient",
        "pdf@export.test",
        "Heart rate",
        "Blood pressure",
        "120/80",
        "36.8",
        "°C",
        "µ-dose, Zoë",
        "Steps",
        "8,000",
        "Page 1 of",
    ] {
        assert!(text.contains(want), "{want:?} missing from the PDF text:\n{text}");
    }
}

/// Words of a PDF page with where they are drawn: (text, x_min, x_max), from `pdftotext -bbox`.
fn words(path: &std::path::Path, page: u32) -> Vec<(String, f32, f32)> {
    let html = poppler("pdftotext", &["-bbox", "-f", &page.to_string(), "-l", &page.to_string()], path);
    let attr = |tag: &str, name: &str| -> f32 {
        let at = tag.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 2;
        tag[at..].split('"').next().and_then(|v| v.parse().ok()).expect("a number")
    };
    html.split("<word ")
        .skip(1)
        .map(|w| {
            let (tag, rest) = w.split_once('>').expect("a word tag");
            let text = rest.split("</word>").next().unwrap_or_default();
            let text: String = text
                .chars()
                .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
                .collect();
            (text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"), attr(tag, "xMin"), attr(tag, "xMax"))
        })
        .collect()
}

/// A PDF asked for in Arabic is written in Arabic: its words from the catalogue, its numbers in
/// Arabic-Indic digits, its pages mirrored (the title at the right margin, the page number at the
/// left); one asked for in Spanish is in Spanish. The download says its language.
#[tokio::test]
async fn a_pdf_is_written_in_the_language_it_was_asked_for_in() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "lang@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let dir = tempfile::tempdir().expect("tmp");
    let cases: [(&str, &[&str]); 3] = [
        (
            "ar",
            &[
                "تصدير البيانات الصحية",
                "المريض:",
                "معدل ضربات القلب",
                "ضغط الدم",
                "الملخص",
                "٧٢",
                "١٢٠ على ٨٠",
                "٣٦٫٨",
                "٨٬٠٠٠",
                "الصفحة ١ من",
                "µ-dose, Zoë",
            ],
        ),
        (
            "es",
            &[
                "exportación de datos de salud",
                "Paciente:",
                "Frecuencia cardiaca",
                "Presión arterial",
                "Resumen",
                "36,8",
                "120/80",
                "8000",
                "Página 1 de",
            ],
        ),
        ("en", &["health data export", "Patient:", "Heart rate", "Summary", "36.8", "8,000", "Page 1 of"]),
    ];
    for (lang, wanted) in cases {
        let headers = [("accept-language", lang)];
        let job = api
            .call_with(
                reqwest::Method::POST,
                "/v1/me/exports",
                Some(json!({"format": "pdf", "time_zone": "UTC"})),
                Some(&pat),
                &headers,
            )
            .await
            .expect(202);
        let id = job["id"].as_str().expect("id").to_owned();
        assert_eq!(wait_export(&api, &pat, &id).await["status"], "ready");
        // Downloaded without a language: the file is in the one it was asked for in.
        let (status, headers, bytes) = download(&api, &pat, &id).await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-language"], lang);
        let path = dir.path().join(format!("{lang}.pdf"));
        std::fs::write(&path, &bytes).expect("write");
        let strip = |t: String| -> String {
            let t: String = t
                .chars()
                .filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
                .collect();
            t.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
        };
        let raw = strip(poppler("pdftotext", &["-raw"], &path));
        let layout = strip(poppler("pdftotext", &["-layout"], &path));
        // Each wanted word is a word of the text with the same letters: poppler puts the words
        // of a right-to-left line in visual order, and the letters of a ligature (لا, لى) or a
        // letter and its mark (دّ) backwards within a right-to-left word. Numbers as written.
        // (A word of digits is compared as written: a number drawn backwards must fail.)
        let letters = |w: &str| {
            let mut c: Vec<char> = w.chars().collect();
            if c.iter().any(|c| c.is_alphabetic()) {
                c.sort_unstable();
            }
            c
        };
        let drawn: std::collections::HashSet<Vec<char>> =
            raw.split_whitespace().chain(layout.split_whitespace()).map(letters).collect();
        for want in wanted {
            let missing: Vec<&str> = want.split_whitespace().filter(|w| !drawn.contains(&letters(w))).collect();
            assert!(missing.is_empty(), "{lang}: {missing:?} of {want:?} missing:\n{raw}\n---\n{layout}");
        }
        if lang == "ar" {
            // Its first page, for a reader to see (docs/screenshots with HAVEN_SCREENSHOTS).
            std::fs::create_dir_all(screenshot_dir()).expect("screenshot dir");
            let status = std::process::Command::new("pdftoppm")
                .args(["-png", "-r", "80", "-singlefile"])
                .arg(&path)
                .arg(screenshot_dir().join("pdf-export-ar"))
                .status()
                .expect("pdftoppm (poppler-utils) must be installed");
            assert!(status.success());
        }
        // Where things are drawn (A4 is 595 pt wide; the margins are 42 pt).
        let front = words(&path, 1);
        let find = |w: &str| {
            let found = front.iter().find(|(t, _, _)| letters(t) == letters(w));
            found.unwrap_or_else(|| panic!("{lang}: {w:?} not on page 1: {front:?}")).clone()
        };
        let (title, page_word) = match lang {
            "ar" => ("تصدير", "الصفحة"),
            "es" => ("exportación", "Página"),
            _ => ("export", "Page"),
        };
        let (_, title_min, title_max) = find(title);
        let (_, page_min, page_max) = find(page_word);
        // The title's first word, "Haven", starts its line: at the right in Arabic.
        let (_, haven_min, haven_max) = find("Haven");
        if lang == "ar" {
            assert!(
                haven_max > 540.0 && title_max < haven_min,
                "{lang}: the title reads from the right ({haven_min}–{haven_max}, then {title_max})"
            );
            assert!(page_min < 120.0, "{lang}: the page number starts at the left ({page_min})");
        } else {
            assert!(
                haven_min < 60.0 && title_min > haven_max,
                "{lang}: the title reads from the left ({haven_min}, then {title_min})"
            );
            assert!(page_max > 480.0, "{lang}: the page number at the right ({page_max})");
        }
        // The document's properties: its title in its language, and the language itself.
        let info = poppler("pdfinfo", &[], &path);
        let title_line = info.lines().find(|l| l.starts_with("Title:")).unwrap_or_default();
        assert!(title_line.contains(title), "{lang}: {info}");
    }
}

/// Runs a poppler tool on a file; its standard output.
fn poppler(tool: &str, args: &[&str], path: &std::path::Path) -> String {
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(path)
        .args(if tool == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) must be installed: {e}"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf8")
}

/// Where page images go: `HAVEN_SCREENSHOTS` (relative to the workspace, e.g. docs/screenshots),
/// or else the target dir, so a test run leaves the tree as it was.
fn screenshot_dir() -> std::path::PathBuf {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    match std::env::var_os("HAVEN_SCREENSHOTS") {
        Some(d) => workspace.join(d),
        None => {
            let exe = std::env::current_exe().expect("test binary");
            exe.ancestors().nth(3).expect("<target>/<profile>/deps/<test>").join("screenshots")
        }
    }
}

/// What patients write, in the scripts the PDF must draw: (note, script).
const SCRIPTS: [(&str, &str); 12] = [
    ("Zoë ate cre\u{301}me bru\u{302}le\u{301}e", "Latin with combining marks"),
    ("Ελένη: πονοκέφαλος", "Greek"),
    ("Мария: головная боль", "Cyrillic"),
    ("محمد يشعر بصداع", "Arabic"),
    ("שלום כאב ראש חזק", "Hebrew"),
    ("सिरदर्द और थकान", "Devanagari"),
    ("ปวดหัวมาก", "Thai"),
    ("张伟头痛", "Chinese"),
    ("こんにちは、頭痛です", "Japanese"),
    ("두통이 있어요", "Korean"),
    ("Feeling 😀 then 🤒", "emoji"),
    ("BP 120/80 after مشي then rest", "Latin and Arabic in one line"),
];

#[tokio::test]
async fn pdf_draws_every_script_extractably_with_subset_fonts_in_the_patients_time_zone() {
    let api = Api::start().await;
    let name = "Zoë Ελένη Мария محمد 张伟";
    let email = "scripts@export.test";
    let (dep, admin) = api.admin(&format!("admin-{email}")).await;
    let t = api.invite(&admin, &dep, email, "patient").await;
    api.accept_invite(&t, email, name).await;
    let pat = api.login_ok(email, PASSWORD).await.0;
    sign_consent(&api, &pat).await;
    let mut obs: Vec<Value> = SCRIPTS
        .iter()
        .enumerate()
        .map(|(i, (note, _))| {
            json!({"id": oid(&format!("n{i}")), "kind": "heart_rate", "value": 60 + i, "unit": "bpm",
                   "recorded_at": format!("2026-11-20T08:{i:02}:00Z"), "note": note})
        })
        .collect();
    // The same instant sent with another offset: stored in UTC, shown once in the patient's zone.
    obs.push(
        json!({"id": oid("ist"), "kind": "weight", "value": 70, "unit": "kg", "recorded_at": "2026-11-20T14:03:00+05:30"}),
    );
    // Blood pressure whose separate minima (103 and 56) no single reading has.
    obs.push(json!({"id": oid("bp1"), "kind": "blood_pressure", "value": {"systolic": 103, "diastolic": 70}, "unit": "mmHg", "recorded_at": "2026-11-21T08:00:00Z"}));
    obs.push(json!({"id": oid("bp2"), "kind": "blood_pressure", "value": {"systolic": 140, "diastolic": 56}, "unit": "mmHg", "recorded_at": "2026-11-21T09:00:00Z"}));
    api.post("/v1/sync/push", json!({"observations": obs}), Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    api.post("/v1/me/exports", json!({"format": "pdf", "time_zone": "Mars/Olympus"}), Some(&pat))
        .await
        .error(422, "unprocessable");
    let job =
        api.post("/v1/me/exports", json!({"format": "pdf", "time_zone": "Asia/Kolkata"}), Some(&pat)).await.expect(202);
    assert_eq!(job["time_zone"], "Asia/Kolkata", "the job says which zone its file uses: {job}");
    let id = job["id"].as_str().expect("id").to_owned();
    let done = wait_export(&api, &pat, &id).await;
    assert_eq!((&done["status"], &done["time_zone"]), (&json!("ready"), &json!("Asia/Kolkata")));
    let (_, _, bytes) = download(&api, &pat, &id).await;
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("scripts.pdf");
    std::fs::write(&path, &bytes).expect("write");

    // Every name and note extracts as written, Arabic and Hebrew in logical order: in content
    // order (-raw) or as laid out (-layout), whose bidi heuristics differ (poppler orders a line's
    // words left to right in raw mode, and moves spaces at a change of direction in layout mode).
    // Poppler wraps right-to-left text in embedding marks (U+202B … U+202C); they are not text.
    let plain = |t: String| -> String {
        let t: String = t.chars().filter(|c| !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}')).collect();
        t.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>().join("\n")
    };
    let raw = plain(poppler("pdftotext", &["-raw"], &path));
    let layout = plain(poppler("pdftotext", &["-layout"], &path));
    let text = raw.clone();
    let decomposed = |s: &str| s.replace('é', "e\u{301}").replace('û', "u\u{302}");
    for (want, script) in std::iter::once((name, "the name")).chain(SCRIPTS.iter().copied()) {
        let found = [&raw, &layout].iter().any(|t| t.contains(want) || decomposed(t).contains(want));
        assert!(found, "{script}: {want:?} does not extract from the PDF:\n{raw}\n---\n{layout}");
    }
    // Times on the patient's clock, the zone named: 08:00Z is 13:30 in Kolkata, and the reading
    // sent as 14:03+05:30 is shown as 14:03.
    for want in ["Asia/Kolkata", "2026-11-20 13:30", "2026-11-20 14:03"] {
        assert!(text.contains(want), "{want:?} missing:\n{text}");
    }
    assert!(!text.contains("08:33") && !text.contains("2026-11-20 08:00"), "a time not in the patient's zone:\n{text}");
    // The summary shows readings as taken, not the separate minima.
    assert!(text.contains("103/70") && text.contains("140/56") && !text.contains("103/56"), "{text}");

    // Fonts: all embedded, all subsets (ABCDEF+Name).
    let fonts = poppler("pdffonts", &[], &path);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 5, "a face per script family expected:\n{fonts}");
    for row in &rows {
        let name = row.split_whitespace().next().unwrap_or_default();
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "not a subset: {row}\n{fonts}");
        assert_eq!((cols[n - 5], cols[n - 4]), ("yes", "yes"), "not embedded as a subset: {row}\n{fonts}");
    }
    assert!(bytes.len() < 60_000, "a one-page export of {} bytes", bytes.len());

    // Page images, for a reader to see (docs/screenshots with HAVEN_SCREENSHOTS).
    let out = screenshot_dir();
    std::fs::create_dir_all(&out).expect("screenshot dir");
    let status = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80"])
        .arg(&path)
        .arg(out.join("pdf-export"))
        .status()
        .expect("pdftoppm (poppler-utils) must be installed");
    assert!(status.success());
}

#[tokio::test]
async fn exports_are_private_expire_after_seven_days_and_are_limited() {
    let api = Api::start().await;
    let (dep, admin, pat) = consenting_patient(&api, "own@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    reauth(&api, &pat).await;
    let (first, _, _) = export(&api, &pat, "csv").await;
    let first = first["id"].as_str().expect("id").to_owned();
    // A newer file of the same format replaces the older one (one kept per format).
    let (job, _, _) = export(&api, &pat, "csv").await;
    let id = job["id"].as_str().expect("id").to_owned();
    assert!(job["expires_at"].as_str().is_some(), "{job}");
    assert_eq!(job["expired"], false);
    assert_eq!(api.get(&format!("/v1/me/exports/{first}"), Some(&pat)).await.expect(200)["expired"], true);
    assert_eq!(download(&api, &pat, &first).await.0, 410);
    let list = api.get("/v1/me/exports", Some(&pat)).await.expect(200);
    assert_eq!(list["exports"][0]["id"], id.as_str());

    // Another patient of the same deployment cannot see or fetch it.
    let t = api.invite(&admin, &dep, "other@export.test", "patient").await;
    api.accept_invite(&t, "other@export.test", "Other").await;
    let other = api.login_ok("other@export.test", PASSWORD).await.0;
    api.get(&format!("/v1/me/exports/{id}"), Some(&other)).await.error(404, "not_found");
    let (status, _, _) = download(&api, &other, &id).await;
    assert_eq!(status, 404);
    api.get("/v1/me/exports/not-a-uuid", Some(&pat)).await.error(404, "not_found");
    // Admins have no health data to download.
    reauth(&api, &admin).await;
    api.post("/v1/me/exports", json!({"format": "csv"}), Some(&admin)).await.error(403, "forbidden");

    // Seven days later the link is gone, and the file with it.
    api.clock.advance(7 * 86_400 + 1);
    let pat = api.login_ok("own@export.test", PASSWORD).await.0;
    let (status, _, body) = download(&api, &pat, &id).await;
    assert_eq!(status, 410, "{}", String::from_utf8_lossy(&body));
    let j = api.get(&format!("/v1/me/exports/{id}"), Some(&pat)).await.expect(200);
    assert_eq!(j["expired"], true);
    api.state().exports.wake();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left: i64 = haven_sync::fetch_one!(
            &api.state().db,
            sqlx::query_scalar("SELECT COUNT(*) FROM export_chunks WHERE export_id = $1").bind(&id)
        )
        .expect("count");
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "expired file chunks were not erased");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // At most three downloads in preparation at once (three jobs inserted as being built by a
    // worker whose lease holds for an hour, so this service's worker leaves them alone).
    reauth(&api, &pat).await;
    let mut tx = api.state().db.begin().await.expect("tx");
    for n in 0..3 {
        haven_sync::execute!(&mut tx, sqlx::query("INSERT INTO exports (id, user_id, format, status, created_at, attempts, lease_until) SELECT $1, user_id, 'csv', 'running', $2, 1, $3 FROM exports WHERE id = $4")
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(api.clock_now() + n)
            .bind(api.clock_now() + 3600)
            .bind(&id))
            .expect("insert");
    }
    tx.commit().await.expect("commit");
    api.post("/v1/me/exports", json!({"format": "csv"}), Some(&pat)).await.error(409, "conflict");
}

#[tokio::test]
async fn an_export_interrupted_by_a_crash_finishes_after_the_restart_and_the_next_one_is_announced() {
    let mut api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "crash@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    // A job the dead process had claimed: running, half-written.
    let user: String = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT id FROM users WHERE email = 'crash@export.test'")
    )
    .expect("user");
    let id = uuid::Uuid::now_v7().to_string();
    haven_sync::execute!(&api.state().db, sqlx::query("INSERT INTO exports (id, user_id, format, status, progress, attempts, created_at) VALUES ($1, $2, 'csv', 'running', 0.4, 1, $3)")
        .bind(&id)
        .bind(&user)
        .bind(api.clock_now()))
        .expect("insert");
    haven_sync::execute!(
        &api.state().db,
        sqlx::query("INSERT INTO export_chunks (export_id, seq, bytes) VALUES ($1, 0, $2)")
            .bind(&id)
            .bind(vec![0xDE_u8, 0xAD, 0xBE, 0xEF])
    )
    .expect("chunk");
    api.restart().await;

    // The restarted worker takes the job up again and writes it afresh.
    let job = wait_export(&api, &pat, &id).await;
    assert_eq!(job["status"], "ready", "{job}");
    assert_eq!(job["rows"], 5);
    assert_eq!(job["progress"], 1.0);
    let (_, _, bytes) = download(&api, &pat, &id).await;
    let text = String::from_utf8(bytes).expect("utf8: the stale half-written chunk is gone");
    assert!(text.starts_with("\u{feff}id,recorded_at,local_time,time_zone,kind"), "{text}");
    assert_eq!(text.lines().count(), 6, "{text}");

    // The session outlived the restart; the next export announces itself on the event stream.
    let mut events = api.http.get(format!("{}/v1/me/events", api.base)).bearer_auth(&pat).send().await.expect("events");
    assert_eq!(events.status(), 200);
    assert!(events.headers()["content-type"].to_str().expect("ct").starts_with("text/event-stream"));
    reauth(&api, &pat).await;
    let next = api.post("/v1/me/exports", json!({"format": "fhir"}), Some(&pat)).await.expect(202);
    let next_id = next["id"].as_str().expect("id").to_owned();
    let mut seen = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !seen.contains("event: export_ready") {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no export_ready event; got {seen:?}");
        match tokio::time::timeout(left, events.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            other => panic!("event stream ended: {other:?}; got {seen:?}"),
        }
    }
    assert!(seen.contains(&format!("\"id\":\"{next_id}\"")), "{seen}");
    assert!(seen.contains("\"status\":\"ready\""), "{seen}");
}

#[tokio::test]
async fn the_event_stream_ends_with_session_revoked_after_sign_out() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "sse@export.test").await;
    let mut events = api.http.get(format!("{}/v1/me/events", api.base)).bearer_auth(&pat).send().await.expect("events");
    assert_eq!(events.status(), 200);
    api.post("/v1/auth/logout", json!({}), Some(&pat)).await;
    let mut seen = String::new();
    // The session is checked every 15 s.
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "the stream did not end; got {seen:?}");
        match tokio::time::timeout(left, events.chunk()).await {
            Ok(Ok(Some(c))) => seen.push_str(&String::from_utf8_lossy(&c)),
            Ok(Ok(None)) => break,
            other => panic!("{other:?}"),
        }
    }
    assert!(seen.contains("event: session_revoked"), "{seen}");
    api.get("/v1/me/events", None).await.error(401, "unauthenticated");
}

/// A stopped service ends its event streams at once, so their clients reconnect to whichever
/// service answers next (a stream left open on the stopped one never hears of new downloads).
#[tokio::test]
async fn event_streams_end_when_the_service_stops() {
    let mut api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "stop@export.test").await;
    let mut events = api.http.get(format!("{}/v1/me/events", api.base)).bearer_auth(&pat).send().await.expect("events");
    assert_eq!(events.status(), 200);
    let stopped = Instant::now();
    api.restart().await;
    loop {
        match tokio::time::timeout(Duration::from_secs(5), events.chunk()).await {
            Ok(Ok(Some(_))) => continue,
            Ok(Ok(None)) | Ok(Err(_)) => break,
            Err(_) => panic!("the stream outlived the service that served it"),
        }
    }
    assert!(stopped.elapsed() < Duration::from_secs(5), "ended after {:?}", stopped.elapsed());
    // The restarted service serves a new stream.
    let again = api.http.get(format!("{}/v1/me/events", api.base)).bearer_auth(&pat).send().await.expect("events");
    assert_eq!(again.status(), 200);
}

#[tokio::test]
async fn clinicians_see_their_own_deployments_patients_only() {
    let api = Api::start().await;
    let (dep, admin, pat) = consenting_patient(&api, "p1@clin.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    let t = api.invite(&admin, &dep, "doc@clin.test", "clinician").await;
    api.accept_invite(&t, "doc@clin.test", "Dr Doc").await;
    let doc = sign_in_with_sms(&api, "doc@clin.test", "+447911000125").await;
    // A clinician of another deployment.
    let (dep2, admin2, _) = consenting_patient(&api, "p2@clin.test").await;
    let t = api.invite(&admin2, &dep2, "far@clin.test", "clinician").await;
    api.accept_invite(&t, "far@clin.test", "Dr Far").await;
    let far = sign_in_with_sms(&api, "far@clin.test", "+447911000126").await;

    let list = api.get("/v1/patients", Some(&doc)).await.expect(200);
    let patients = list["patients"].as_array().expect("patients");
    assert_eq!(patients.len(), 1, "{list}");
    assert_eq!(patients[0]["email"], "p1@clin.test");
    assert_eq!(patients[0]["consent"], "signed");
    assert_eq!(patients[0]["observations"], 5);
    assert_eq!(patients[0]["last_recorded_at"], "2026-11-21T20:00:00Z");
    let id = patients[0]["id"].as_str().expect("id").to_owned();

    let page = api.get(&format!("/v1/patients/{id}/observations?limit=100"), Some(&doc)).await.expect(200);
    assert_eq!(page["observations"].as_array().expect("obs").len(), 6);
    // Reading from the start by naming an early cursor is audited too; reading on from the
    // newest cursor is not.
    api.get(&format!("/v1/patients/{id}/observations?since=c0"), Some(&doc)).await.expect(200);
    let cursor = page["cursor"].as_str().expect("cursor").to_owned();
    api.get(&format!("/v1/patients/{id}/observations?since={cursor}"), Some(&doc)).await.expect(200);
    api.get(&format!("/v1/patients/{id}/observations"), Some(&far)).await.error(404, "not_found");
    let far_list = api.get("/v1/patients", Some(&far)).await.expect(200);
    assert!(far_list["patients"].as_array().expect("list").iter().all(|p| p["email"] != "p1@clin.test"));
    api.get("/v1/patients", Some(&pat)).await.error(403, "forbidden");
    api.get(&format!("/v1/patients/{id}/observations"), Some(&admin)).await.error(403, "forbidden");
    api.get("/v1/patients/x/observations", Some(&doc)).await.error(404, "not_found");
    api.get(&format!("/v1/patients/{id}/observations?limit=0"), Some(&doc)).await.error(422, "unprocessable");

    let audit = api.get("/v1/audit?limit=500", Some(&admin)).await.expect(200);
    let viewed: Vec<&Value> =
        audit["events"].as_array().expect("events").iter().filter(|e| e["kind"] == "patient_data_viewed").collect();
    assert_eq!(viewed.len(), 2, "{viewed:?}");
    assert_eq!(viewed[0]["user_id"], id.as_str());
}

#[tokio::test]
async fn a_second_service_on_the_same_database_is_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let config = haven_sync::config::Config::dev(format!("sqlite://{}", dir.path().join("one.db").display()));
    let clock = std::sync::Arc::new(haven_sync::clock::SystemClock);
    let first = haven_sync::start(config.clone(), clock.clone()).await.expect("first");
    let e = haven_sync::start(config.clone(), clock.clone()).await.err().expect("a second one must not start");
    assert!(e.to_string().contains("already using this database"), "{e}");
    first.stop().await;
    let again = haven_sync::start(config, clock).await.expect("once the first has stopped");
    again.stop().await;
}

/// The profile's time zone for downloads: saved as the time-zone database spells it, an unknown
/// one refused with the field named, "" back to none; a download without a zone uses it.
#[tokio::test]
async fn the_profile_time_zone_is_checked_spelt_canonically_and_used_by_downloads() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "zone@export.test").await;
    let me = api.put("/v1/me/settings", json!({"time_zone": "asia/kolkata"}), Some(&pat)).await.expect(200);
    assert_eq!(me["time_zone"], "Asia/Kolkata");
    let e =
        api.put("/v1/me/settings", json!({"time_zone": "Mars/Olympus"}), Some(&pat)).await.error(422, "unprocessable");
    assert!(e["error"]["fields"]["time_zone"].as_str().is_some_and(|m| m.contains("Europe/Berlin")), "{e}");
    assert_eq!(api.get("/v1/me", Some(&pat)).await.expect(200)["time_zone"], "Asia/Kolkata", "unchanged by a refusal");

    api.post(
        "/v1/sync/push",
        json!({"observations": [obs("z1", "heart_rate", json!(70), "bpm", "2026-11-20T08:00:00Z")]}),
        Some(&pat),
    )
    .await
    .expect(200);
    reauth(&api, &pat).await;
    let (_, bytes, _) = export(&api, &pat, "csv").await;
    let text = String::from_utf8(bytes).expect("utf8");
    assert!(text.contains("2026-11-20T08:00:00Z,2026-11-20 13:30,Asia/Kolkata,"), "{text}");

    let me = api.put("/v1/me/settings", json!({"time_zone": ""}), Some(&pat)).await.expect(200);
    assert!(me.get("time_zone").is_none(), "{me}");
}

/// A file waiting for download holds a patient's whole history: it is stored sealed under the
/// server key (no CSV, FHIR or PDF byte pattern is on disk, WAL included), the download is the
/// file, and a chunk changed on disk ends the download with an error instead of wrong bytes.
#[tokio::test]
async fn export_files_wait_for_download_sealed() {
    let api = Api::start().await;
    let (_, _, pat) = consenting_patient(&api, "sealed@export.test").await;
    api.post("/v1/sync/push", sample(), Some(&pat)).await.expect(200);
    let (_, csv, _) = export(&api, &pat, "csv").await;
    assert!(String::from_utf8_lossy(&csv).contains("id,recorded_at,local_time,time_zone,kind"));
    let (_, fhir, _) = export(&api, &pat, "fhir").await;
    assert!(String::from_utf8_lossy(&fhir).contains("{\"resourceType\":\"Bundle\""));
    let (pdf_job, pdf, _) = export(&api, &pat, "pdf").await;
    assert!(pdf.starts_with(b"%PDF-"));
    let raw = crate::admin::stored_bytes(&api).await;
    for (what, needle) in [
        ("the CSV", &b"id,recorded_at,local_time,time_zone,kind"[..]),
        ("the FHIR bundle", &b"{\"resourceType\":\"Bundle\""[..]),
        ("the PDF", &b"%PDF-"[..]),
    ] {
        assert!(!raw.windows(needle.len()).any(|w| w == needle), "{what} is stored in the clear");
    }
    // One byte of a stored chunk changed: the download breaks off rather than serving it.
    let id = pdf_job["id"].as_str().expect("id").to_owned();
    let mut chunk: Vec<u8> = haven_sync::fetch_one!(
        &api.state().db,
        sqlx::query_scalar("SELECT bytes FROM export_chunks WHERE export_id = $1 AND seq = 0").bind(&id)
    )
    .expect("chunk");
    chunk[40] ^= 1;
    haven_sync::execute!(
        &api.state().db,
        sqlx::query("UPDATE export_chunks SET bytes = $1 WHERE export_id = $2 AND seq = 0").bind(chunk).bind(&id)
    )
    .expect("tamper");
    // (The connection is cut before or after the headers, as the response is timed.)
    let served = match api.http.get(format!("{}/v1/me/exports/{id}/file", api.base)).bearer_auth(&pat).send().await {
        Ok(r) => r.bytes().await.ok(),
        Err(_) => None,
    };
    assert!(served.is_none(), "a tampered file was served: {served:?}");
}
