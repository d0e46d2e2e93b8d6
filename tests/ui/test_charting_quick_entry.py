"""The one-line quick entries of the visit editor, read without Qt."""

import pytest

from sportacu_desktop.domain.catalog import muscles
from sportacu_desktop.ui.charting import quick_entry as qe


@pytest.mark.parametrize(
    ("line", "name", "side", "result"),
    [
        ("ober r +", "Ober test", "R", "positive"),
        ("Noble L neg", "Noble compression test", "L", "negative"),
        ("sls r -", "Single-leg squat", "R", "negative"),
        ("thomas", "Thomas test", "B", ""),
        ("windlass left ±", "Windlass test", "L", "equivocal"),
        ("Kemp test r +", "Kemp test", "R", "positive"),  # not in the library: kept as typed
    ],
)
def test_special_tests(line, name, side, result):
    entry = qe.parse_test(line)
    assert (entry["test_name"], entry["side"], entry["result"]) == (name, side, result)


@pytest.mark.parametrize(
    ("line", "muscle", "side", "needles", "twitch"),
    [
        ("tfl r 2 ltr", "Tensor fasciae latae", "R", "2", True),
        ("glut med r", "Gluteus medius", "R", "1", False),
        ("vl l 3", "Vastus lateralis", "L", "3", False),
        ("gastroc b 4 twitch", "Gastrocnemius", "B", "4", True),
        ("tp r", "Tibialis posterior", "R", "1", False),
        ("ql l 2", "Quadratus lumborum", "L", "2", False),
    ],
)
def test_dry_needling(line, muscle, side, needles, twitch):
    entry = qe.parse_dry_needling(line)
    assert (entry["muscle"], entry["side"], entry["needles"], entry["twitch_response"]) == (
        muscle,
        side,
        needles,
        twitch,
    )


def test_electro_pairs_read_hz_minutes_waveform_and_device():
    assert qe.parse_electro("GB31-R GB33-R 2/100 20m ITO ES-160") == {
        "point_a": "GB31-R",
        "point_b": "GB33-R",
        "waveform": "dense-disperse",
        "frequency_hz": "2/100",
        "intensity": "to tolerance",
        "minutes": "20",
        "device": "ITO ES-160",
    }
    pair = qe.parse_electro("st36 st37 c 4 25 2.5mA")
    assert (pair["point_a"], pair["waveform"], pair["frequency_hz"]) == ("ST36", "continuous", "4")
    assert (pair["minutes"], pair["intensity"]) == ("25", "2.5 mA")


def test_an_unknown_lead_names_the_point():
    with pytest.raises(qe.QuickEntryError, match="XX9"):
        qe.parse_electro("GB31-R XX9")
    with pytest.raises(qe.QuickEntryError, match="both leads"):
        qe.parse_electro("GB31-R")


def test_rom_and_muscle_tests():
    assert qe.parse_rom("hip ir 30 r") == {
        "joint": "Hip",
        "motion": "Internal rotation",
        "degrees": "30",
        "side": "R",
    }
    assert qe.parse_rom("ankle df 8 l")["motion"] == "Dorsiflexion"
    with pytest.raises(qe.QuickEntryError, match="degrees"):
        qe.parse_rom("hip ir")
    assert qe.parse_muscle_test("glut med 4 r") == {
        "muscle": "Gluteus medius",
        "grade": "4",
        "side": "R",
    }
    with pytest.raises(qe.QuickEntryError, match="grade"):
        qe.parse_muscle_test("glut med r")


def test_cupping_gua_sha_and_adverse_events():
    assert qe.parse_cupping("lateral thigh moving 4 8m") == {
        "kind": "cupping",
        "region": "Lateral thigh",
        "cup_type": "",
        "technique": "moving",
        "cups": "4",
        "minutes": "8",
        "marks": "",
    }
    gua_sha = qe.parse_cupping("gs calf 5m")
    assert (gua_sha["kind"], gua_sha["region"], gua_sha["minutes"]) == ("gua_sha", "Calf", "5")
    assert qe.parse_adverse_event("bruising mild pressure applied") == {
        "kind": "bruising",
        "severity": "mild",
        "action_taken": "pressure applied",
        "note": "",
    }
    with pytest.raises(qe.QuickEntryError, match="not a kind of adverse event"):
        qe.parse_adverse_event("headache mild")


def test_matching_prefers_word_prefixes_then_initials():
    names = muscles()
    assert qe.best_matches("glut med", names)[0] == "Gluteus medius"
    assert qe.best_matches("tfl", names)[0] == "Tensor fasciae latae"
    assert qe.best_matches("zzz", names) == []
