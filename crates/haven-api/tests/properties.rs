//! Properties of the rules the app and the service share: observation values and their bounds,
//! observation ids, and RFC 3339 times. Each holds for every input proptest tries, not only for
//! the examples the unit tests name.

use haven_api::rfc3339;
use haven_api::{
    check_observation, check_recorded_at, is_uuid, BloodPressure, Kind, Observation, ObservationValue, Symptom,
};
use proptest::prelude::*;

const ID: &str = "0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47";

fn obs(kind: Kind, value: ObservationValue) -> Observation {
    Observation {
        id: ID.into(),
        kind,
        value,
        unit: kind.unit().into(),
        recorded_at: "2026-11-24T08:30:00Z".into(),
        note: None,
        deleted: false,
    }
}

fn numeric_kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(Kind::ALL.into_iter().filter(|k| k.bounds().is_some()).collect::<Vec<_>>())
}

/// Any f64 at all, with the edges and the non-finite values well represented.
fn any_number() -> impl Strategy<Value = f64> {
    prop_oneof![any::<f64>(), -1e6..1e6f64, Just(f64::NAN), Just(f64::INFINITY), Just(f64::NEG_INFINITY), Just(-0.0),]
}

proptest! {
    // No regression files: a failing case is printed, and a test run leaves the tree clean.
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    /// A number is accepted exactly when it is finite, within its kind's bounds (ends included),
    /// and whole where the kind counts (steps); the refusal names the kind.
    #[test]
    fn a_number_is_accepted_exactly_within_its_kinds_bounds(kind in numeric_kind(), v in any_number()) {
        let (lo, hi) = kind.bounds().expect("bounds");
        let ok = v.is_finite() && v >= lo && v <= hi && (!kind.whole() || v.fract() == 0.0);
        let r = check_observation(&obs(kind, ObservationValue::Number(v)));
        prop_assert_eq!(r.is_ok(), ok, "{:?} {} → {:?}", kind, v, r);
    }

    /// The bounds themselves, and a number just past them.
    #[test]
    fn the_ends_are_in_and_one_step_past_them_is_out(kind in numeric_kind()) {
        let (lo, hi) = kind.bounds().expect("bounds");
        for v in [lo, hi] {
            prop_assert!(check_observation(&obs(kind, ObservationValue::Number(v))).is_ok());
        }
        for v in [lo - 1.0, hi + 1.0, f64::from_bits(hi.to_bits() + 1)] {
            prop_assert!(check_observation(&obs(kind, ObservationValue::Number(v))).is_err(), "{:?} {}", kind, v);
        }
    }

    /// Blood pressure: both within their scales and diastolic below systolic.
    #[test]
    fn blood_pressure_needs_both_scales_and_order(systolic in any_number(), diastolic in any_number()) {
        let ok = systolic.is_finite() && diastolic.is_finite()
            && (50.0..=300.0).contains(&systolic) && (20.0..=200.0).contains(&diastolic) && diastolic < systolic;
        let r = check_observation(&obs(Kind::BloodPressure, ObservationValue::BloodPressure(BloodPressure { systolic, diastolic })));
        prop_assert_eq!(r.is_ok(), ok);
    }

    /// A symptom: a name of 1–100 characters once trimmed, none of them hidden (a line or
    /// paragraph separator inside it), a whole severity 0–10.
    #[test]
    fn a_symptom_needs_a_name_and_a_whole_severity(name in "\\PC{0,120}", severity in any_number()) {
        let n = name.trim().chars().count();
        let hidden = name.trim().chars().any(haven_api::hidden_control);
        let ok = (1..=100).contains(&n) && !hidden && severity.is_finite() && (0.0..=10.0).contains(&severity) && severity.fract() == 0.0;
        let r = check_observation(&obs(Kind::Symptom, ObservationValue::Symptom(Symptom { name, severity })));
        prop_assert_eq!(r.is_ok(), ok);
    }

    /// A value of another kind's shape, or a unit other than the kind's, is refused.
    #[test]
    fn a_value_must_fit_its_kind_and_unit(kind in proptest::sample::select(Kind::ALL.to_vec()), unit in "[a-z%°/ ]{0,6}") {
        let value = match kind {
            Kind::BloodPressure => ObservationValue::Number(120.0),
            _ => ObservationValue::BloodPressure(BloodPressure { systolic: 120.0, diastolic: 80.0 }),
        };
        prop_assert!(check_observation(&obs(kind, value)).is_err());
        let mut o = obs(kind, ObservationValue::Number(kind.bounds().map_or(5.0, |b| b.0)));
        o.unit = unit.clone();
        if unit != kind.unit() {
            prop_assert!(check_observation(&o).is_err());
        }
    }

    /// Ids: exactly the lowercase hyphenated UUIDs.
    #[test]
    fn an_id_is_a_lowercase_uuid(bytes in any::<[u8; 16]>(), at in 0usize..37, c in prop_oneof![Just('-'), Just('g'), Just('A'), proptest::char::range('0', 'f'), any::<char>()]) {
        let u = uuid::Uuid::from_bytes(bytes);
        prop_assert!(is_uuid(&u.hyphenated().to_string()));
        prop_assert!(!is_uuid(&u.simple().to_string()));
        prop_assert!(!is_uuid(&u.braced().to_string()));
        let upper = u.hyphenated().to_string().to_uppercase();
        prop_assert_eq!(is_uuid(&upper), upper == u.hyphenated().to_string());
        // One character changed, added or cut anywhere: it agrees with the uuid crate's reading
        // plus the one form.
        let canonical = u.hyphenated().to_string();
        let mut chars: Vec<char> = canonical.chars().collect();
        for s in [
            { let mut v = chars.clone(); if at < v.len() { v[at] = c; } v.into_iter().collect::<String>() },
            { let mut v = chars.clone(); v.insert(at.min(v.len()), c); v.into_iter().collect::<String>() },
            { if at < chars.len() { chars.remove(at); } chars.iter().collect::<String>() },
        ] {
            let parsed = uuid::Uuid::try_parse(&s).ok().map(|u| u.hyphenated().to_string());
            prop_assert_eq!(is_uuid(&s), parsed.as_deref() == Some(s.as_str()), "{:?}", s);
        }
    }

    /// Any instant written with any offset reads back as the same instant and offset; written
    /// in UTC it reads back too.
    #[test]
    fn rfc3339_times_round_trip(ms in -2_208_988_800_000i64..4_102_444_800_000, offset_min in -(23 * 60 + 59)..=(23 * 60 + 59)) {
        let written = rfc3339::format_ms_at(ms, offset_min);
        prop_assert_eq!(rfc3339::parse_ms(&written), Some(ms), "{}", written);
        prop_assert_eq!(rfc3339::offset_min(&written), Some(offset_min), "{}", written);
        prop_assert_eq!(rfc3339::parse_ms(&rfc3339::format_ms(ms)), Some(ms));
    }

    /// Reading never panics, and what it accepts it can write again as the same instant.
    #[test]
    fn reading_any_text_as_a_time_never_panics(s in "\\PC{0,40}|[0-9T:.+Zz-]{10,40}") {
        if let Some(ms) = rfc3339::parse_ms(&s) {
            prop_assert_eq!(rfc3339::parse_ms(&rfc3339::format_ms(ms)), Some(ms));
        }
        let now = 1_795_540_000;
        if let Ok(ms) = check_recorded_at(&s, now) {
            prop_assert!(ms / 1000 <= now + haven_api::FUTURE_SLACK_S);
        }
    }

    /// The time rule: accepted exactly from 1900 to five minutes past the checker's clock.
    #[test]
    fn recorded_at_is_accepted_from_1900_to_five_minutes_ahead(s in -2_300_000_000i64..2_000_000_000, now in 1_700_000_000i64..1_900_000_000) {
        let r = check_recorded_at(&rfc3339::format_s(s), now);
        let ok = s >= -2_208_988_800 && s <= now + haven_api::FUTURE_SLACK_S;
        prop_assert_eq!(r.is_ok(), ok, "{} at {} → {:?}", s, now, r);
    }
}
