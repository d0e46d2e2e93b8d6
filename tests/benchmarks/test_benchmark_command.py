"""``python -m benchmarks`` keeps working: run on a tiny clinic, it prints its table and
writes one JSON line per budget line, each with a number or "not built yet".

No timing is asserted (speed belongs to the benchmark's own report); the run exists so
the benchmark cannot rot unnoticed as the app changes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hang_guard import HANG_GUARD_S

REPO = Path(__file__).resolve().parents[2]
EXPECTED = {
    "start: first window / bare PySide6 window",
    "sign-in to the main window (median)",
    "patient search per keystroke, Qt model (p95)",
    "open a patient's chart, view populated (median)",
    "longest UI stall, another workstation writing 3 s",
    "save a visit note (median)",
    "sign a visit note (median)",
    "one superbill, issued and stored (median)",
    "a day of 40 superbills",
    "one treatment summary PDF (median)",
    "ICD-10-CM search per keystroke (p95)",
    "FHIR export of one patient (median)",
    "peak memory, main window open",
    "database size per visit",
}


def test_a_quick_run_reports_every_line(tmp_path):
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--patients",
            "5",
            "--repeat",
            "1",
            "--json",
            str(out),
        ],
        cwd=REPO,
        # The clinic is built under the temporary folder: here, the test's own.
        env={**os.environ, "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=HANG_GUARD_S * 3,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = json.loads(out.read_text())
    assert {line["name"] for line in lines} >= EXPECTED
    for line in lines:
        assert set(line) == {"name", "value", "unit", "budget", "ok"}, line
        if line["value"] == "not built yet":
            assert line["ok"] is None, line
            continue
        assert isinstance(line["value"], int | float), line
        assert line["value"] >= 0, line
        assert line["ok"] is (None if line["budget"] is None else line["value"] <= line["budget"])
    # The console shows the same lines.
    for line in lines:
        assert line["name"] in result.stdout
    assert (tmp_path / "sportacu-bench" / "clinic-5.db").exists()
