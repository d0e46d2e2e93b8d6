"""`sportacu icd` and `sportacu episodes` run for real in a subprocess."""

import json

import pytest

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("episodes") / "clinic.db"
    result = run("demo", "--db", str(path), "--patients", "6", "--seed", "3")
    assert result.returncode == 0, result.stderr
    return path


def test_icd_json_by_words_and_by_code():
    words = run("icd", "achilles tend", "--json")
    assert words.returncode == 0, words.stderr
    found = json.loads(words.stdout)
    assert found[0] == {
        "code": "M76.61",
        "description": "Achilles tendinitis, right leg",
        "billable": True,
        "running": True,
        "hint": "",
    }
    by_code = {m["code"]: m["billable"] for m in json.loads(run("icd", "M76.6", "--json").stdout)}
    assert by_code == {"M76.6": False, "M76.60": True, "M76.61": True, "M76.62": True}


def test_icd_text_marks_codes_that_cannot_be_billed():
    result = run("icd", "S86.011")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("S86.011  *") and "7th character" in lines[0]
    assert "not billable" in result.stderr


def test_icd_without_text_is_bad_usage():
    result = run("icd", " ")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == "sportacu: type a code or some words to search for"


def test_episodes_json_has_the_documented_fields(demo_db):
    charts = [
        p["chart_number"]
        for p in json.loads(run("patients", "--db", str(demo_db), "--json").stdout)
    ]
    seen = 0
    for chart in charts:
        result = run("episodes", "--db", str(demo_db), "--patient", chart, "--json")
        assert result.returncode == 0, result.stderr
        for episode in json.loads(result.stdout):
            seen += 1
            assert episode["status"] in ("open", "closed")
            assert episode["chronicity"] in ("acute", "subacute", "chronic", "maintenance")
            expected = episode["expected_sessions"]
            assert expected is None or (len(expected) == 2 and expected[0] < expected[1])
            assert isinstance(episode["sessions"], int) and isinstance(episode["reconsider"], bool)
            assert all(set(d) == {"code", "description"} for d in episode["diagnoses"])
            if episode["status"] == "closed":
                assert episode["next_visit"] is None
            else:
                assert len(episode["next_visit"]) == 10  # an ISO date
    assert seen > 0


def test_episodes_of_an_unknown_chart_is_bad_input(demo_db):
    result = run("episodes", "--db", str(demo_db), "--patient", "SA-999999")
    assert result.returncode == 2 and result.stdout == ""
    assert "No patient has chart number" in result.stderr
