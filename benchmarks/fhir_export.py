"""How long the FHIR export of a big clinic takes, how large it is, and whether it is valid.

Exports an existing clinic (build one with ``sportacu demo --patients 5000 --db FILE``) to
a temporary file, prints wall and processor time, peak memory, size and resource count;
with ``--validate`` reads the file back entry by entry and parses every resource with
fhir.resources, as the tests do, checking that every reference resolves. Prints numbers;
asserts nothing but validity. Run:

    .venv/bin/python benchmarks/fhir_export.py --db FILE [--validate]
"""

import argparse
import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sportacu_desktop.services.context import Clinic, command_line_actor  # noqa: E402
from sportacu_desktop.services.fhir_export import FhirExport  # noqa: E402


def validate(path: Path) -> tuple[Counter, int, float]:
    """Every entry parsed; returns counts by type, dangling references, processor seconds."""
    from fhir.resources.R4B import get_fhir_model_class

    from tests.services.fhir_support import REQUIRED, STATUSES, codings, references

    started = time.process_time()
    urls: set[str] = set()
    referred: set[str] = set()
    counts: Counter = Counter()
    with path.open(encoding="utf-8") as bundle:
        bundle.readline()  # the Bundle's own fields; one entry per line follows
        for line in bundle:
            line = line.rstrip().rstrip(",")
            if line == "]}":
                break
            item = json.loads(line)
            found = item["resource"]
            kind = found["resourceType"]
            get_fhir_model_class(kind).model_validate(found)
            assert all(found.get(field) for field in REQUIRED[kind]), kind
            assert kind not in STATUSES or found["status"] in STATUSES[kind], kind
            assert all(c.get("system") for c in codings(found)), kind
            urls.add(item["fullUrl"])
            referred.update(references(found))
            counts[kind] += 1
    return counts, len(referred - urls), time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--validate", action="store_true")
    args = parser.parse_args()
    clinic = Clinic.open(args.db, create=False)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "clinic.json"
        wall, cpu = time.perf_counter(), time.process_time()
        result = FhirExport(clinic.session_factory, command_line_actor()).write(out)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{result.patients:,} patients, {result.resources:,} resources, "
            f"{result.size_bytes / 1e6:,.0f} MB in {wall:.1f} s ({cpu:.1f} s processor), "
            f"peak memory {peak_mb:.0f} MB"
        )
        if args.validate:
            counts, dangling, seconds = validate(out)
            print(f"valid: {sum(counts.values()):,} resources parsed in {seconds:.0f} s")
            print(f"dangling references: {dangling}; by type: {dict(counts)}")
    clinic.close()


if __name__ == "__main__":
    main()
