"""What every FHIR resource of an export shares: stable ids, code systems, small builders.

Ids are name-based UUIDs (version 5) of the clinic's identity and the row's table and id,
so exporting the same data twice gives the same file, and a resource keeps its id from
one export to the next.
"""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

# Standard systems (checked: shared/reference/README.md).
NPI = "http://hl7.org/fhir/sid/us-npi"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
LOINC = "http://loinc.org"
NUCC_TAXONOMY = "http://nucc.org/provider-taxonomy"
UCUM = "http://unitsofmeasure.org"
EIN = "urn:oid:2.16.840.1.113883.4.4"  # IRS employer identification numbers
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
OBSERVATION_CATEGORY = TERMINOLOGY + "observation-category"

# The product's own code systems, for what no standard codes: acupuncture points (WHO
# codes), outcome instruments without a LOINC code, treatment kinds, document kinds.
LOCAL = "urn:sportacu-desktop:fhir:CodeSystem:"
ACUPOINT = LOCAL + "acupuncture-point"
INSTRUMENT = LOCAL + "outcome-instrument"
TREATMENT = LOCAL + "treatment"
DOCUMENT_KIND = LOCAL + "document-kind"
CARE_ROLE = LOCAL + "care-team-role"
MUSCLE = LOCAL + "muscle"
BODY_REGION = LOCAL + "body-region"
EVENT_KIND = LOCAL + "adverse-event"

# LOINC codes confirmed for what the clinic records; anything else uses INSTRUMENT.
LOINC_PAIN_NRS = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
LOINC_RESTING_HR = ("40443-4", "Heart rate --resting")
LOINC_SLEEP_HOURS = ("93832-4", "Sleep duration")
LOINC_HRV_SDNN = ("80404-7", "R-R interval.standard deviation (Heart rate variability)")


class ClinicIds:
    """``urn:uuid:`` names for the rows of one clinic."""

    def __init__(self, clinic_identity: str):
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:sportacu-desktop:{clinic_identity}")
        # The patient, provider and visit of a batch are referred to many times each.
        self._known: dict[tuple[str, object], str] = {}

    def uuid(self, kind: str, key: object) -> str:
        known = self._known.get((kind, key))
        if known is None:
            if len(self._known) > 50_000:
                self._known.clear()
            known = self._known[(kind, key)] = str(uuid.uuid5(self.namespace, f"{kind}/{key}"))
        return known

    def ref(self, kind: str, key: object) -> dict:
        return {"reference": "urn:uuid:" + self.uuid(kind, key)}

    def chart_system(self) -> str:
        """The system of the clinic's own chart numbers: one per clinic."""
        return "urn:uuid:" + self.uuid("identifier", "chart-number")


def entry(ids: ClinicIds, kind: str, key: object, resource: dict) -> dict:
    """A Bundle entry: the resource with its id and its ``urn:uuid:`` fullUrl."""
    resource_id = ids.uuid(kind, key)
    ordered = {"resourceType": resource["resourceType"], "id": resource_id, **resource}
    return {"fullUrl": "urn:uuid:" + resource_id, "resource": ordered}


def coding(system: str, code: str, display: str = "") -> dict:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(system: str, code: str, display: str = "", text: str = "") -> dict:
    out: dict = {"coding": [coding(system, code, display)]}
    if text or display:
        out["text"] = text or display
    return out


def category(code: str, display: str) -> list[dict]:
    return [concept(OBSERVATION_CATEGORY, code, display)]


def local_code(text: str) -> str:
    """A code for a local system from a label: lower case, words joined by hyphens."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split()) or "unknown"


def when(value: date | datetime | None) -> str | None:
    """A FHIR date or dateTime; stored datetimes are UTC (SQLite keeps them naive)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return value.isoformat()


def money(cents: int) -> dict:
    return {"value": Decimal(cents).scaleb(-2), "currency": "USD"}


def json_default(value: object):
    """Decimals are written as numbers. A float's shortest repr of a two-decimal amount
    below 10**13 reads back as exactly those digits, so the text is the exact amount."""
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def telecom(phone: str = "", email: str = "", fax: str = "") -> list[dict]:
    out = []
    if phone:
        out.append({"system": "phone", "value": phone})
    if fax:
        out.append({"system": "fax", "value": fax})
    if email:
        out.append({"system": "email", "value": email})
    return out


def prune(value):
    """Drop empty strings, lists, dicts and Nones: FHIR forbids empty elements."""
    if type(value) is dict:
        out = {}
        for key, inner in value.items():
            if type(inner) in _CONTAINERS:
                inner = prune(inner)
            if inner is not None and inner != "" and inner != [] and inner != {}:
                out[key] = inner
        return out
    if type(value) is list:
        items = []
        for inner in value:
            if type(inner) in _CONTAINERS:
                inner = prune(inner)
            if inner is not None and inner != "" and inner != [] and inner != {}:
                items.append(inner)
        return items
    return value


_CONTAINERS = (dict, list)
