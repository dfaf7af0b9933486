"""Validates a Haven FHIR export (a Bundle, read from the file given) with the fhir.resources R4B
models, then checks each Observation that declares an R4 vital-signs profile against that
profile's requirements (FHIR R4 §"Vital Signs": category vital-signs, the profile's LOINC code,
UCUM units, components for blood pressure). Prints every problem; exits 1 when there is one."""

import json
import sys

from fhir.resources.R4B.bundle import Bundle

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
BASE = "http://hl7.org/fhir/StructureDefinition/"
# profile -> (required LOINC code, allowed UCUM codes); bp's value is in its components.
PROFILES = {
    "heartrate": ("8867-4", {"/min"}),
    "bp": ("85354-9", None),
    "bodyweight": ("29463-7", {"kg", "g", "[lb_av]"}),
    "bodytemp": ("8310-5", {"Cel", "[degF]"}),
    "oxygensat": ("2708-6", {"%"}),
}
BP_COMPONENTS = {"8480-6", "8462-4"}


def codes(concept):
    return {(c.system, c.code) for c in (concept.coding or [])} if concept else set()


def check_quantity(q, allowed, where, problems):
    if q is None:
        problems.append(f"{where}: no valueQuantity")
    elif q.system != UCUM or q.code not in allowed or q.value is None:
        problems.append(f"{where}: quantity {q.value} {q.system} {q.code} is not one of {sorted(allowed)}")


def main(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    try:
        bundle = Bundle.parse_raw(raw)
    except ValueError as e:  # pydantic's ValidationError: what R4B does not allow
        print(f"not a valid R4B Bundle: {e}")
        return 1
    problems = []
    profiled = 0
    for i, entry in enumerate(bundle.entry or []):
        r = entry.resource
        if r.get_resource_type() != "Observation":
            continue
        where = f"entry {i} ({r.identifier[0].value if r.identifier else '?'})"
        if r.effectiveDateTime is None and r.effectivePeriod is None:
            problems.append(f"{where}: no effective time")
        for url in (r.meta.profile if r.meta and r.meta.profile else []):
            name = url.removeprefix(BASE)
            if name not in PROFILES:
                problems.append(f"{where}: unknown profile {url}")
                continue
            profiled += 1
            code, units = PROFILES[name]
            if not any((CATEGORY, "vital-signs") == c for cat in r.category or [] for c in codes(cat)):
                problems.append(f"{where}: {name} needs category vital-signs")
            if (LOINC, code) not in codes(r.code):
                problems.append(f"{where}: {name} needs LOINC {code}, has {sorted(codes(r.code))}")
            if r.subject is None or not r.subject.reference:
                problems.append(f"{where}: no subject")
            if name == "bp":
                seen = set()
                for comp in r.component or []:
                    for system, c in codes(comp.code):
                        if system == LOINC and c in BP_COMPONENTS:
                            seen.add(c)
                            check_quantity(comp.valueQuantity, {"mm[Hg]"}, f"{where} {c}", problems)
                if seen != BP_COMPONENTS:
                    problems.append(f"{where}: bp needs components {sorted(BP_COMPONENTS)}, has {sorted(seen)}")
            else:
                check_quantity(r.valueQuantity, units, where, problems)
    for p in problems:
        print(p)
    print(f"{len(bundle.entry or [])} entries, {profiled} checked against a vital-signs profile")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
