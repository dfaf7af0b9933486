//! Health observations: the kinds (each with its unit, name, bounds and LOINC/UCUM coding,
//! defined here once), the values, and the rules a value must meet. The service checks pushes
//! and the app checks capture with the same [`check_observation`]; its sentences are [`Msg`]s,
//! rendered in the reader's language by whoever shows them.

use haven_i18n::{msg, Arg, Lang, Msg};
use serde::{Deserialize, Serialize};

/// What an observation measures. The order of [`Kind::ALL`] is the order people see them in
/// (the capture form, the charts, the PDF summary).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    HeartRate,
    BloodPressure,
    Weight,
    Temperature,
    OxygenSaturation,
    BloodGlucose,
    Steps,
    Symptom,
}

/// How a kind is coded in FHIR: a LOINC code and its display, the observation category, and the
/// UCUM unit code with the unit as shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coding {
    pub loinc: &'static str,
    pub display: &'static str,
    pub category: &'static str,
    pub ucum: &'static str,
    pub unit: &'static str,
}

/// Systolic and diastolic blood pressure limits (mmHg), and a symptom's severity scale.
pub const SYSTOLIC: (f64, f64) = (50.0, 300.0);
pub const DIASTOLIC: (f64, f64) = (20.0, 200.0);
pub const SEVERITY: (f64, f64) = (0.0, 10.0);

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::HeartRate,
        Kind::BloodPressure,
        Kind::Weight,
        Kind::Temperature,
        Kind::OxygenSaturation,
        Kind::BloodGlucose,
        Kind::Steps,
        Kind::Symptom,
    ];

    /// The wire name (`heart_rate`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::HeartRate => "heart_rate",
            Kind::BloodPressure => "blood_pressure",
            Kind::Weight => "weight",
            Kind::Temperature => "temperature",
            Kind::OxygenSaturation => "oxygen_saturation",
            Kind::BloodGlucose => "blood_glucose",
            Kind::Steps => "steps",
            Kind::Symptom => "symptom",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The unit every observation of this kind is recorded in.
    pub fn unit(self) -> &'static str {
        match self {
            Kind::HeartRate => "bpm",
            Kind::BloodPressure => "mmHg",
            Kind::Weight => "kg",
            Kind::Temperature => "°C",
            Kind::OxygenSaturation => "%",
            Kind::BloodGlucose => "mmol/L",
            Kind::Steps => "steps",
            Kind::Symptom => "severity",
        }
    }

    /// The kind's name for people ("Heart rate"), to render in the reader's language.
    pub fn name(self) -> Msg {
        match self {
            Kind::HeartRate => msg!("domain-kind-heart-rate"),
            Kind::BloodPressure => msg!("domain-kind-blood-pressure"),
            Kind::Weight => msg!("domain-kind-weight"),
            Kind::Temperature => msg!("domain-kind-temperature"),
            Kind::OxygenSaturation => msg!("domain-kind-oxygen-saturation"),
            Kind::BloodGlucose => msg!("domain-kind-blood-glucose"),
            Kind::Steps => msg!("domain-kind-steps"),
            Kind::Symptom => msg!("domain-kind-symptom"),
        }
    }

    /// The unit as people read it beside a value, in their language: the recorded unit's
    /// symbol where it has one (`mmHg`, `kg`), words where it is a word (`steps`, `severity`).
    pub fn unit_name(self) -> Msg {
        match self {
            Kind::HeartRate => msg!("domain-unit-heart-rate"),
            Kind::BloodPressure => msg!("domain-unit-blood-pressure"),
            Kind::Weight => msg!("domain-unit-weight"),
            Kind::Temperature => msg!("domain-unit-temperature"),
            Kind::OxygenSaturation => msg!("domain-unit-oxygen-saturation"),
            Kind::BloodGlucose => msg!("domain-unit-blood-glucose"),
            Kind::Steps => msg!("domain-unit-steps"),
            Kind::Symptom => msg!("domain-unit-symptom"),
        }
    }

    /// Physiological bounds of a kind measured by one number (None for blood pressure and
    /// symptoms, which have [`SYSTOLIC`], [`DIASTOLIC`] and [`SEVERITY`]).
    pub fn bounds(self) -> Option<(f64, f64)> {
        Some(match self {
            Kind::HeartRate => (20.0, 300.0),
            Kind::Weight => (1.0, 500.0),
            Kind::Temperature => (25.0, 45.0),
            Kind::OxygenSaturation => (50.0, 100.0),
            Kind::BloodGlucose => (0.5, 50.0),
            Kind::Steps => (0.0, 200_000.0),
            Kind::BloodPressure | Kind::Symptom => return None,
        })
    }

    /// The smallest range a chart's axis spans for this kind, so that a change too small to
    /// matter (0.6 kg of weight, 2 bpm) does not fill the chart's height.
    pub fn chart_span(self) -> f64 {
        match self {
            Kind::HeartRate => 20.0,
            Kind::BloodPressure => 40.0,
            Kind::Weight => 5.0,
            Kind::Temperature => 2.0,
            Kind::OxygenSaturation => 10.0,
            Kind::BloodGlucose => 4.0,
            Kind::Steps => 2000.0,
            Kind::Symptom => 10.0,
        }
    }

    /// The names of a chart's lines when it draws more than one (in the order of
    /// [`ObservationValue::numbers`]); empty when the kind's one line is the kind itself.
    pub fn line_names(self) -> Vec<Msg> {
        match self {
            Kind::BloodPressure => vec![msg!("domain-line-systolic"), msg!("domain-line-diastolic")],
            _ => Vec::new(),
        }
    }

    /// The range of values a chart's axis can show: the kind's bounds, or its scales'.
    pub fn scale(self) -> (f64, f64) {
        match self {
            Kind::BloodPressure => (DIASTOLIC.0, SYSTOLIC.1),
            Kind::Symptom => SEVERITY,
            k => k.bounds().unwrap_or((0.0, 0.0)),
        }
    }

    /// Whether values are counted in whole numbers.
    pub fn whole(self) -> bool {
        matches!(self, Kind::Steps | Kind::Symptom)
    }

    /// A second LOINC code the FHIR R4 vital-signs profile requires beside the more specific
    /// [`Kind::coding`] one: oxygen saturation is 59408-5 (by pulse oximetry) and also 2708-6.
    pub fn profile_code(self) -> Option<(&'static str, &'static str)> {
        match self {
            Kind::OxygenSaturation => Some(("2708-6", "Oxygen saturation in Arterial blood")),
            _ => None,
        }
    }

    /// The FHIR R4 vital-signs profile an observation of this kind conforms to (declared in its
    /// `meta.profile`); None for kinds outside the vital signs.
    pub fn vital_signs_profile(self) -> Option<&'static str> {
        match self {
            Kind::HeartRate => Some("http://hl7.org/fhir/StructureDefinition/heartrate"),
            Kind::BloodPressure => Some("http://hl7.org/fhir/StructureDefinition/bp"),
            Kind::Weight => Some("http://hl7.org/fhir/StructureDefinition/bodyweight"),
            Kind::Temperature => Some("http://hl7.org/fhir/StructureDefinition/bodytemp"),
            Kind::OxygenSaturation => Some("http://hl7.org/fhir/StructureDefinition/oxygensat"),
            Kind::BloodGlucose | Kind::Steps | Kind::Symptom => None,
        }
    }

    /// The FHIR coding (None for symptoms: free text with a severity).
    pub fn coding(self) -> Option<Coding> {
        let c = |loinc, display, category, ucum, unit| Some(Coding { loinc, display, category, ucum, unit });
        match self {
            Kind::HeartRate => c("8867-4", "Heart rate", "vital-signs", "/min", "beats/minute"),
            Kind::BloodPressure => {
                c("85354-9", "Blood pressure panel with all children optional", "vital-signs", "mm[Hg]", "mmHg")
            }
            Kind::Weight => c("29463-7", "Body weight", "vital-signs", "kg", "kg"),
            Kind::Temperature => c("8310-5", "Body temperature", "vital-signs", "Cel", "°C"),
            Kind::OxygenSaturation => {
                c("59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "vital-signs", "%", "%")
            }
            Kind::BloodGlucose => c("15074-8", "Glucose [Moles/volume] in Blood", "laboratory", "mmol/L", "mmol/L"),
            Kind::Steps => {
                c("55423-8", "Number of steps in unspecified time Pedometer", "activity", "{steps}", "steps")
            }
            Kind::Symptom => None,
        }
    }
}

/// An observation's value: a number, a blood pressure pair, or a symptom with its severity.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ObservationValue {
    Number(f64),
    BloodPressure(BloodPressure),
    Symptom(Symptom),
}

impl ObservationValue {
    /// The numbers a chart draws: the value, systolic and diastolic, or the severity.
    pub fn numbers(&self) -> Vec<f64> {
        match self {
            ObservationValue::Number(v) => vec![*v],
            ObservationValue::BloodPressure(bp) => vec![bp.systolic, bp.diastolic],
            ObservationValue::Symptom(s) => vec![s.severity],
        }
    }

    /// The value as a person reads it in `lang`, without its unit, each number with every
    /// decimal it was recorded with: `72`, `120/80`, `Headache (4/10)`; `١٢٠ على ٨٠` in Arabic.
    pub fn shown(&self, lang: Lang) -> String {
        match self {
            ObservationValue::Number(v) => lang.exact(*v),
            ObservationValue::BloodPressure(bp) => {
                blood_pressure(lang, &lang.exact(bp.systolic), &lang.exact(bp.diastolic))
            }
            ObservationValue::Symptom(s) => lang.tr_args(
                "domain-value-symptom",
                &[("name", Arg::Str(s.name.clone())), ("severity", Arg::Str(lang.exact(s.severity)))],
            ),
        }
    }

    /// The value as plain data, without its unit, the same in every language (a CSV cell):
    /// `72`, `120/80`, `Headache (4/10)`.
    pub fn display(&self) -> String {
        match self {
            ObservationValue::Number(v) => format!("{v}"),
            ObservationValue::BloodPressure(bp) => format!("{}/{}", bp.systolic, bp.diastolic),
            ObservationValue::Symptom(s) => format!("{} ({}/10)", s.name, s.severity),
        }
    }
}

/// A blood-pressure reading as `lang` writes one, from its two numbers already written:
/// `120/80`, `١٢٠ على ٨٠`.
pub fn blood_pressure(lang: Lang, systolic: &str, diastolic: &str) -> String {
    lang.tr_args(
        "domain-value-blood-pressure",
        &[("systolic", Arg::Str(systolic.to_owned())), ("diastolic", Arg::Str(diastolic.to_owned()))],
    )
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BloodPressure {
    pub systolic: f64,
    pub diastolic: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Symptom {
    pub name: String,
    pub severity: f64,
}

/// One health observation, as the app records it. `id` is the client's (a UUID), so a push can be
/// repeated without duplicates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Observation {
    pub id: String,
    pub kind: Kind,
    pub value: ObservationValue,
    pub unit: String,
    pub recorded_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deleted: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn within(v: f64, (lo, hi): (f64, f64)) -> bool {
    v.is_finite() && (lo..=hi).contains(&v)
}

/// How far ahead of the checker's clock `recorded_at` may be (device clocks drift).
pub const FUTURE_SLACK_S: i64 = 5 * 60;

/// The time rule, given the checker's clock: an RFC 3339 time, not in the future (beyond
/// [`FUTURE_SLACK_S`]), not before 1900. The service checks pushes with it, and the app checks a
/// value it records or moves, so it never queues one the service will refuse. Answers the time in
/// unix milliseconds, or the sentence to show.
pub fn check_recorded_at(recorded_at: &str, now_s: i64) -> Result<i64, Msg> {
    let at = crate::rfc3339::parse(recorded_at).ok_or_else(|| msg!("domain-recorded-at-format"))?;
    if at.unix_timestamp() > now_s + FUTURE_SLACK_S {
        return Err(msg!("domain-recorded-at-future"));
    }
    if at.year() < 1900 {
        return Err(msg!("domain-recorded-at-before-1900"));
    }
    Ok((at.unix_timestamp_nanos() / 1_000_000) as i64)
}

/// An observation's id as the contract has it: a UUID in its hyphenated lowercase form, the one
/// way of writing each (so one observation cannot arrive under two spellings).
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(&b),
        })
}

/// The longest note, and the length of a symptom's name, in characters.
pub const NOTE_MAX: usize = 1000;
pub const SYMPTOM_NAME: (usize, usize) = (1, 100);

/// "Blood pressure must be 50–300 mmHg systolic and 20–200 diastolic."
fn blood_pressure_range() -> Msg {
    let (s, d) = (SYSTOLIC, DIASTOLIC);
    msg!("domain-blood-pressure-range", sys_low = s.0, sys_high = s.1, dia_low = d.0, dia_high = d.1)
}

/// Everything about an observation that needs no clock: id, unit, value bounds, note. Answers
/// the sentence to show when it is not acceptable. (The service also checks the time.)
pub fn check_observation(o: &Observation) -> Result<(), Msg> {
    if !is_uuid(&o.id) {
        return Err(msg!("domain-id-not-uuid"));
    }
    if o.note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
        return Err(msg!("domain-note-too-long", max = NOTE_MAX));
    }
    // PostgreSQL cannot store it; the app refuses it when the value is made, as the service does.
    if o.note.as_ref().is_some_and(|n| n.contains('\0')) {
        return Err(msg!("domain-note-nul"));
    }
    // The kind by its wire name: the sentences name it as the contract does (`heart_rate`), and
    // a translation may say it in words.
    let (kind, unit) = (o.kind.as_str(), o.kind.unit());
    if o.unit != unit {
        return Err(msg!("domain-unit-wrong", kind = kind, unit = unit, given = format!("{:?}", o.unit)));
    }
    match (o.kind, &o.value) {
        (Kind::BloodPressure, ObservationValue::BloodPressure(bp)) => {
            if !within(bp.systolic, SYSTOLIC) || !within(bp.diastolic, DIASTOLIC) {
                return Err(blood_pressure_range());
            }
            if bp.diastolic >= bp.systolic {
                return Err(msg!("domain-blood-pressure-order"));
            }
        }
        (Kind::Symptom, ObservationValue::Symptom(s)) => {
            let name = s.name.trim();
            if name.is_empty() || name.chars().count() > SYMPTOM_NAME.1 {
                return Err(msg!("domain-symptom-name", min = SYMPTOM_NAME.0, max = SYMPTOM_NAME.1));
            }
            if name.chars().any(crate::hidden_control) {
                return Err(msg!("domain-symptom-name-characters"));
            }
            if !within(s.severity, SEVERITY) || s.severity.fract() != 0.0 {
                return Err(msg!("domain-severity-range", low = SEVERITY.0, high = SEVERITY.1));
            }
        }
        (k, ObservationValue::Number(v)) if k.bounds().is_some() => {
            let (lo, hi) = k.bounds().unwrap_or((0.0, 0.0));
            if !within(*v, (lo, hi)) {
                return Err(msg!("domain-value-range", kind = kind, low = lo, high = hi, unit = unit));
            }
            if k.whole() && v.fract() != 0.0 {
                return Err(msg!("domain-steps-whole"));
            }
        }
        _ => return Err(msg!("domain-value-does-not-fit", kind = kind)),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_wire_name_a_unit_and_a_name() {
        for k in Kind::ALL {
            assert_eq!(serde_json::to_value(k).expect("serialize"), k.as_str());
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert!(!k.unit().is_empty());
            for lang in haven_i18n::Lang::ALL {
                let name = k.name().render(lang);
                assert!(!name.is_empty() && !name.starts_with("domain-"), "{k:?} in {lang:?}: {name}");
            }
            // Every kind has limits: its own bounds, or the blood pressure / severity scales.
            assert!(k.bounds().is_some() || matches!(k, Kind::BloodPressure | Kind::Symptom), "{k:?}");
            // Every coded kind's shown unit is the unit it is recorded in (°C, kg, %, …).
            if let Some(c) = k.coding() {
                assert!(c.unit == k.unit() || k == Kind::HeartRate, "{k:?}: {} vs {}", c.unit, k.unit());
            }
        }
        assert_eq!(Kind::parse("mood"), None);
        let mut sorted = Kind::ALL;
        sorted.sort();
        assert_eq!(sorted, Kind::ALL, "the display order is the declaration order");
    }

    #[test]
    fn a_symptom_name_cannot_turn_its_severity_around() {
        let symptom = |name: &str| Observation {
            id: "0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47".into(),
            kind: Kind::Symptom,
            value: ObservationValue::Symptom(Symptom { name: name.into(), severity: 3.0 }),
            unit: Kind::Symptom.unit().into(),
            recorded_at: "2026-11-24T08:30:00Z".into(),
            note: None,
            deleted: false,
        };
        assert_eq!(check_observation(&symptom("Headache")), Ok(()));
        // U+202E would show "Headache (3/10)" as "Headache (01/3)".
        let refused = check_observation(&symptom("Headache\u{202E}")).expect_err("refused");
        assert_eq!(refused.id, "domain-symptom-name-characters");
        assert!(check_observation(&symptom("صداع \u{200F}")).is_ok());
        // A note may break lines, but not hold U+0000 (PostgreSQL cannot store it).
        let noted = |note: &str| Observation { note: Some(note.into()), ..symptom("Headache") };
        assert_eq!(check_observation(&noted("slept\nbadly")), Ok(()));
        assert_eq!(check_observation(&noted("a\u{0}b")).expect_err("refused").id, "domain-note-nul");
    }

    #[test]
    fn an_unknown_kind_is_not_an_observation() {
        let bad = r#"{"id":"a","kind":"mood","value":1,"unit":"x","recorded_at":"2026-11-24T08:30:00Z"}"#;
        assert!(serde_json::from_str::<Observation>(bad).is_err());
    }
}
