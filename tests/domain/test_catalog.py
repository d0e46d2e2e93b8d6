from collections import Counter

from sportacu_desktop.domain import catalog


def test_all_361_standard_points_with_who_meridian_counts():
    points = catalog.acupoints()
    standard = [p for p in points.values() if not p.extra]
    assert len(standard) == 361
    counts = Counter(p.meridian for p in standard)
    assert counts == {
        "LU": 11,
        "LI": 20,
        "ST": 45,
        "SP": 21,
        "HT": 9,
        "SI": 19,
        "BL": 67,
        "KI": 27,
        "PC": 9,
        "TE": 23,
        "GB": 44,
        "LR": 14,
        "GV": 28,
        "CV": 24,
    }
    assert points["EX-HN3"].pinyin == "Yintang"


def test_protocols_only_name_things_the_catalog_knows():
    points, tests = catalog.acupoints(), {name for _, name in catalog.special_tests()}
    assert len(catalog.protocols()) == 10
    for protocol in catalog.protocols():
        assert all(p["code"] in points for p in protocol["points"]), protocol["key"]
        assert all(m in catalog.muscles() for m in protocol["muscles"]), protocol["key"]
        assert all(t in tests for t in protocol["tests"]), protocol["key"]
        for codes in protocol["diagnoses"].values():
            assert all(code in catalog.icd_codes() for code in codes), protocol["key"]
