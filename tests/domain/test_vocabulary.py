"""One display word per stored value, the same on every screen and paper that shows it."""

import pytest

from sportacu_desktop.domain.enums import CuppingKind, Modality, Side


@pytest.mark.parametrize("enum", [Side, Modality, CuppingKind])
def test_every_value_has_one_distinct_label(enum):
    labels = [member.label for member in enum]
    assert all(label and label[0].isupper() for label in labels)
    assert len(set(labels)) == len(labels)


def test_sides_read_the_clinical_words():
    assert [Side.label_of(code) for code in "LRBM"] == ["Left", "Right", "Bilateral", "Midline"]
    # A code no release wrote is shown as stored rather than hidden.
    assert Side.label_of("X") == "X"
