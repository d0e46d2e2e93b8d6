"""ICD-10-CM search over the shipped index: code and word queries, leaves only, hints."""

import pytest

from sportacu_desktop.services import icd


def codes(text: str) -> list[str]:
    return [m.code for m in icd.search(text)]


def test_words_find_running_injuries_first():
    found = codes("achilles")
    assert found[:2] == ["M76.61", "M76.62"]  # the clinic's running list comes first
    assert "M76.60" in found and "S86.011" in found


def test_word_prefixes_in_any_order():
    assert codes("plantar fasc")[0] == "M72.2"
    assert codes("fasc plantar")[0] == "M72.2"
    assert "M84.361A" in codes("stress fracture tib")


def test_running_group_names_are_searchable():
    # "Shin splints" is not an ICD-10-CM term: the clinic's list maps it to S86.89-.
    assert codes("shin spl")[:2] == ["S86.891A", "S86.891D"]


@pytest.mark.parametrize("typed", ["M76.6", "m766", "M76.6 "])
def test_code_prefix_finds_the_code_and_its_children(typed):
    found = codes(typed)
    assert set(found) == {"M76.6", "M76.60", "M76.61", "M76.62"}


def test_every_result_says_whether_it_is_billable():
    by_code = {m.code: m for m in icd.search("M76.6")}
    assert by_code["M76.61"].billable and not by_code["M76.6"].billable
    assert by_code["M76.6"].hint == "Choose the side: right, left or unspecified."
    assert by_code["M76.61"].as_json() == {
        "code": "M76.61",
        "description": "Achilles tendinitis, right leg",
        "billable": True,
        "running": True,
        "hint": "",
    }


def test_parent_says_why_not_and_lists_its_children():
    detail = icd.detail("S86.011")
    assert detail.problem.startswith("S86.011 is a category, not a billable code")
    assert "7th character" in detail.problem and "A: initial encounter" in detail.problem
    assert [c.code for c in detail.children] == ["S86.011A", "S86.011D", "S86.011S"]
    assert all(c.billable for c in detail.children)
    assert detail.children[0].description == "Strain of right Achilles tendon, initial encounter"


def test_leaves_only_on_a_claim():
    assert icd.icd_problem("M76.61") is None
    assert icd.icd_problem("S86.011A") is None
    assert "category" in icd.icd_problem("M76.6")
    assert "range of codes" in icd.icd_problem("M70-M79")
    assert icd.icd_problem("Q99.999") == "Q99.999 is not an ICD-10-CM code."


def test_too_short_or_empty_text():
    assert codes("s") == []
    assert len(icd.search("")) == icd.SEARCH_LIMIT  # the running list, to browse
    assert all(m.entry.running for m in icd.search(""))


def test_the_shipped_index_is_the_full_release():
    import sqlite3

    from sportacu_desktop.storage.icd_index import INDEX_FILE, SCHEMA_VERSION

    with sqlite3.connect(f"{INDEX_FILE.as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        billable = db.execute("SELECT count(*) FROM code WHERE billable = 1").fetchone()[0]
        running = db.execute("SELECT count(*) FROM code WHERE running = 1").fetchone()[0]
    assert billable > 70_000  # every billable ICD-10-CM code of the release
    assert running >= 60  # the clinic's running-injury list, all found in the release
