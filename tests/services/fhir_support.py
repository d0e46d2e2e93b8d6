"""Reading an exported Bundle back the way a receiving system would: every resource parsed
by a maintained FHIR model library (fhir.resources, R4B models: the same structure as R4
for every resource type the export writes)."""

import json
from collections import Counter
from pathlib import Path

from fhir.resources.R4B import get_fhir_model_class

# What R4 requires of each resource type the export writes (cardinality 1..*), checked
# by name as well so a library that lets one slip still fails here.
REQUIRED = {
    "Organization": (),
    "Practitioner": (),
    "PractitionerRole": (),
    "RelatedPerson": ("patient",),
    "Patient": (),
    "Coverage": ("status", "beneficiary", "payor"),
    "EpisodeOfCare": ("status", "patient"),
    "Condition": ("subject",),
    "Encounter": ("status", "class"),
    "Procedure": ("status", "subject"),
    "Observation": ("status", "code", "subject"),
    "AdverseEvent": ("actuality", "subject"),
    "Claim": (
        "status",
        "type",
        "use",
        "patient",
        "created",
        "provider",
        "priority",
        "insurance",
    ),
    "DocumentReference": ("status", "content"),
}

# R4's required status value sets: the model library checks types, not these codes.
STATUSES = {
    "Coverage": {"active", "cancelled", "draft", "entered-in-error"},
    "EpisodeOfCare": {
        "planned",
        "waitlist",
        "active",
        "onhold",
        "finished",
        "cancelled",
        "entered-in-error",
    },
    "Encounter": {
        "planned",
        "arrived",
        "triaged",
        "in-progress",
        "onleave",
        "finished",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    "Procedure": {
        "preparation",
        "in-progress",
        "not-done",
        "on-hold",
        "stopped",
        "completed",
        "entered-in-error",
        "unknown",
    },
    "Observation": {
        "registered",
        "preliminary",
        "final",
        "amended",
        "corrected",
        "cancelled",
        "entered-in-error",
        "unknown",
    },
    "Claim": {"active", "cancelled", "draft", "entered-in-error"},
    "DocumentReference": {"current", "superseded", "entered-in-error"},
}


def load_bundle(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def validate_bundle(bundle: dict) -> Counter:
    """Parse the Bundle and every resource in it; assert what R4 and the export promise.
    Returns how many resources of each type there were."""
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    get_fhir_model_class("Bundle").model_validate(bundle)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    assert len(full_urls) == len(bundle["entry"]), "every fullUrl is unique"
    counts: Counter = Counter()
    for item in bundle["entry"]:
        resource = item["resource"]
        kind = resource["resourceType"]
        assert kind in REQUIRED, f"unexpected resource type {kind}"
        get_fhir_model_class(kind).model_validate(resource)
        assert item["fullUrl"] == f"urn:uuid:{resource['id']}"
        for field in REQUIRED[kind]:
            assert resource.get(field), f"{kind} {resource['id']} lacks {field}"
        if kind in STATUSES:
            assert resource["status"] in STATUSES[kind], f"{kind}: status {resource['status']}"
        for reference in references(resource):
            assert reference in full_urls, f"{kind} refers to {reference}, not in the bundle"
        for code in codings(resource):
            assert code.get("system") and code.get("code"), f"{kind}: a code without system"
        counts[kind] += 1
    return counts


def references(value) -> list[str]:
    out = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "reference" and isinstance(inner, str):
                out.append(inner)
            else:
                out += references(inner)
    elif isinstance(value, list):
        for inner in value:
            out += references(inner)
    return out


def codings(value) -> list[dict]:
    """Every Coding (and coded Quantity): any object whose ``code`` is a string."""
    out = []
    if isinstance(value, dict):
        if isinstance(value.get("code"), str):
            out.append(value)
        for inner in value.values():
            out += codings(inner)
    elif isinstance(value, list):
        for inner in value:
            out += codings(inner)
    return out


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(bundle: dict, kind: str, system: str) -> set[str]:
    return {
        c["code"] for r in resources(bundle, kind) for c in codings(r) if c.get("system") == system
    }
