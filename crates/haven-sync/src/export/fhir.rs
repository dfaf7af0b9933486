//! FHIR R4 JSON: a `collection` Bundle with the patient and one Observation per recorded value,
//! coded with LOINC and UCUM where a code exists (symptoms are free text with their severity).
//! Written entry by entry, so memory stays flat in the row count.

use super::{ChunkSink, ExportRow, Owner, RowWriter};
use haven_api::{Coding, ObservationValue};
use haven_i18n::Lang;
use serde_json::{json, Value};
use std::io::{self, Write};

const LOINC: &str = "http://loinc.org";
const UCUM: &str = "http://unitsofmeasure.org";
const CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";

fn category(code: &str) -> Value {
    json!([{"coding": [{"system": CATEGORY, "code": code}]}])
}

fn quantity(v: f64, c: &Coding) -> Value {
    json!({"value": v, "unit": c.unit, "system": UCUM, "code": c.ucum})
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

pub struct FhirWriter {
    sink: ChunkSink,
    subject: String,
}

impl FhirWriter {
    pub fn new(mut sink: ChunkSink, owner: &Owner, generated_at: &str) -> io::Result<FhirWriter> {
        let subject = format!("urn:uuid:{}", owner.user_id);
        let patient = json!({
            "fullUrl": subject,
            "resource": {
                "resourceType": "Patient",
                "identifier": [{"system": "urn:haven:user", "value": owner.user_id}],
                "name": [{"text": owner.name}],
                "telecom": [{"system": "email", "value": owner.email}],
            }
        });
        write!(
            sink,
            "{{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":{},\"entry\":[",
            serde_json::to_string(generated_at)?
        )?;
        serde_json::to_writer(&mut sink, &patient)?;
        Ok(FhirWriter { sink, subject })
    }

    /// One Observation resource.
    pub fn observation(&self, r: &ExportRow) -> Value {
        let mut o = json!({
            "resourceType": "Observation",
            "identifier": [{"system": "urn:haven:observation", "value": r.id}],
            "status": "final",
            "subject": {"reference": self.subject},
            "effectiveDateTime": r.as_recorded(),
        });
        match (&r.value, r.kind.coding()) {
            (ObservationValue::BloodPressure(bp), Some(c)) => {
                o["category"] = category(c.category);
                o["code"] = json!({"coding": [{"system": LOINC, "code": c.loinc, "display": c.display}], "text": r.kind.name().render(Lang::En)});
                o["component"] = json!([
                    {"code": {"coding": [{"system": LOINC, "code": "8480-6", "display": "Systolic blood pressure"}]}, "valueQuantity": quantity(bp.systolic, &c)},
                    {"code": {"coding": [{"system": LOINC, "code": "8462-4", "display": "Diastolic blood pressure"}]}, "valueQuantity": quantity(bp.diastolic, &c)},
                ]);
            }
            (ObservationValue::Number(v), Some(c)) => {
                o["category"] = category(c.category);
                let mut coding = vec![json!({"system": LOINC, "code": c.loinc, "display": c.display})];
                coding.extend(
                    r.kind
                        .profile_code()
                        .map(|(code, display)| json!({"system": LOINC, "code": code, "display": display})),
                );
                o["code"] = json!({"coding": coding, "text": r.kind.name().render(Lang::En)});
                o["valueQuantity"] = quantity(*v, &c);
            }
            (ObservationValue::Symptom(s), _) => {
                o["category"] = category("survey");
                o["code"] = json!({"text": format!("Symptom: {}", s.name)});
                o["valueInteger"] = json!(s.severity as i64);
            }
            // Validation on push makes these impossible; keep the value rather than drop it.
            (other, _) => {
                o["code"] = json!({"text": r.kind.as_str()});
                o["valueString"] = json!(serde_json::to_string(other).unwrap_or_default());
            }
        }
        if let Some(n) = &r.note {
            o["note"] = json!([{"text": n}]);
        }
        if let Some(p) = r.kind.vital_signs_profile() {
            o["meta"] = json!({"profile": [p]});
        }
        let mut entry = json!({"resource": o});
        if is_uuid(&r.id) {
            entry["fullUrl"] = json!(format!("urn:uuid:{}", r.id));
        }
        entry
    }
}

impl RowWriter for FhirWriter {
    fn row(&mut self, r: &ExportRow) -> io::Result<()> {
        let e = self.observation(r);
        self.sink.write_all(b",")?;
        serde_json::to_writer(&mut self.sink, &e)?;
        Ok(())
    }

    fn sink(&self) -> &ChunkSink {
        &self.sink
    }

    fn finish(mut self: Box<Self>) -> io::Result<ChunkSink> {
        self.sink.write_all(b"]}")?;
        Ok(self.sink)
    }
}
