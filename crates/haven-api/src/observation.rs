//! Health observations: the kinds (each with its unit, label, bounds and LOINC/UCUM coding,
//! defined here once), the values, and the rules a value must meet. The service checks pushes
//! and the app checks capture with the same [`check_observation`].

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

    /// The kind's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Kind::HeartRate => "Heart rate",
            Kind::BloodPressure => "Blood pressure",
            Kind::Weight => "Weight",
            Kind::Temperature => "Temperature",
            Kind::OxygenSaturation => "Oxygen saturation",
            Kind::BloodGlucose => "Blood glucose",
            Kind::Steps => "Steps",
            Kind::Symptom => "Symptom",
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
    pub fn line_names(self) -> &'static [&'static str] {
        match self {
            Kind::BloodPressure => &["Upper (systolic)", "Lower (diastolic)"],
            _ => &[],
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

    /// The value as a person reads it, without its unit: `72`, `120/80`, `Headache (4/10)`.
    pub fn display(&self) -> String {
        match self {
            ObservationValue::Number(v) => format!("{v}"),
            ObservationValue::BloodPressure(bp) => format!("{}/{}", bp.systolic, bp.diastolic),
            ObservationValue::Symptom(s) => format!("{} ({}/10)", s.name, s.severity),
        }
    }
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
/// unix milliseconds.
pub fn check_recorded_at(recorded_at: &str, now_s: i64) -> Result<i64, String> {
    let at = crate::rfc3339::parse(recorded_at)
        .ok_or_else(|| "recorded_at must be an RFC 3339 time, e.g. 2026-11-24T08:30:00Z.".to_owned())?;
    if at.unix_timestamp() > now_s + FUTURE_SLACK_S {
        return Err("That time is in the future.".into());
    }
    if at.year() < 1900 {
        return Err("That time is before 1900.".into());
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

/// Everything about an observation that needs no clock: id, unit, value bounds, note. Answers
/// the sentence to show when it is not acceptable. (The service also checks the time.)
pub fn check_observation(o: &Observation) -> Result<(), String> {
    if !is_uuid(&o.id) {
        return Err("The id must be a UUID written in lowercase, like 0192f1c4-7b8e-7d3a-9f00-5e2b6c1d8a47.".into());
    }
    if o.note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err("The note is longer than 1000 characters.".into());
    }
    let (kind, unit) = (o.kind.as_str(), o.kind.unit());
    if o.unit != unit {
        return Err(format!("{kind} is measured in {unit}, not {:?}.", o.unit));
    }
    match (o.kind, &o.value) {
        (Kind::BloodPressure, ObservationValue::BloodPressure(bp)) => {
            if !within(bp.systolic, SYSTOLIC) || !within(bp.diastolic, DIASTOLIC) {
                return Err("Blood pressure must be 50–300 mmHg systolic and 20–200 diastolic.".into());
            }
            if bp.diastolic >= bp.systolic {
                return Err("Diastolic pressure must be lower than systolic.".into());
            }
        }
        (Kind::Symptom, ObservationValue::Symptom(s)) => {
            let name = s.name.trim();
            if name.is_empty() || name.chars().count() > 100 {
                return Err("A symptom needs a name of 1–100 characters.".into());
            }
            if !within(s.severity, SEVERITY) || s.severity.fract() != 0.0 {
                return Err("Severity is a whole number from 0 to 10.".into());
            }
        }
        (k, ObservationValue::Number(v)) if k.bounds().is_some() => {
            let (lo, hi) = k.bounds().unwrap_or((0.0, 0.0));
            if !within(*v, (lo, hi)) {
                return Err(format!("{kind} must be between {lo} and {hi} {unit}."));
            }
            if k.whole() && v.fract() != 0.0 {
                return Err("Steps are a whole number.".into());
            }
        }
        _ => return Err(format!("That value does not fit {kind}.")),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_one_wire_name_a_unit_and_a_label() {
        for k in Kind::ALL {
            assert_eq!(serde_json::to_value(k).expect("serialize"), k.as_str());
            assert_eq!(Kind::parse(k.as_str()), Some(k));
            assert!(!k.unit().is_empty() && !k.label().is_empty());
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
    fn an_unknown_kind_is_not_an_observation() {
        let bad = r#"{"id":"a","kind":"mood","value":1,"unit":"x","recorded_at":"2026-11-24T08:30:00Z"}"#;
        assert!(serde_json::from_str::<Observation>(bad).is_err());
    }
}
