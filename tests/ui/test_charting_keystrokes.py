"""The issue's full visit, keyboard only, with every keystroke counted.

Three special tests, 12 points, 4 dry-needled muscles, 2 EA pairs and cupping, from an
empty note (no template), signed. Keys go to whatever widget has the focus, as a real
keyboard's would, so the path below is exactly what a practitioner types. The count is
kept under a budget so a change that makes charting slower to type shows up here.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.charting_support import (
    CTRL,
    SHIFT,
    charting,
    demo_clinic_copy,
    patient_without,
)

KEYSTROKE_BUDGET = 450  # at 3 keys a second (a slow typist) that is 2.5 minutes

FULL_VISIT = [
    ("new visit", [("key", Qt.Key.Key_N, CTRL | SHIFT)]),
    ("pain", [("text", "4"), ("key", Qt.Key.Key_Tab)]),
    ("response", [("text", "Looser 3 days, tight after long run"), ("key", Qt.Key.Key_Tab)]),
    ("training", [("text", "48 km, long run 20 km easy")]),
    (
        "tests",
        [
            ("key", Qt.Key.Key_2, CTRL),
            ("line", "ober r +"),
            ("line", "noble r +"),
            ("line", "sls r -"),
        ],
    ),
    (
        "assessment",
        [
            ("key", Qt.Key.Key_3, CTRL),
            ("text", "R ITBS, improving"),
            ("key", Qt.Key.Key_Tab),
            ("text", "Weekly x3"),
        ],
    ),
    (
        "points",
        [
            ("key", Qt.Key.Key_4, CTRL),
            ("line", "GB30-R GB31-R GB33-R GB34-R ST36 SP6 BL40-R LI4 LR3 ST34-R SP9-R GB41-R"),
        ],
    ),
    (
        "dry needling",
        [
            ("key", Qt.Key.Key_5, CTRL),
            ("line", "tfl r 2 ltr"),
            ("line", "glut med r 2"),
            ("line", "vl r 2 ltr"),
            ("line", "glut min r 1"),
        ],
    ),
    (
        "electroacupuncture",
        [
            ("key", Qt.Key.Key_6, CTRL),
            ("line", "GB31-R GB33-R 2/100 20m ITO"),
            ("line", "GB34-R GB39-R 2/100 20m"),
        ],
    ),
    ("cupping", [("key", Qt.Key.Key_7, CTRL), ("line", "lateral thigh moving 4 8m")]),
    (
        "needle count",
        [
            ("key", Qt.Key.Key_9, CTRL),
            ("text", "24"),
            ("key", Qt.Key.Key_Tab),
            ("text", "24"),
        ],
    ),
    ("sign", [("key", Qt.Key.Key_Return, CTRL), ("confirm",)]),
]


class Keyboard:
    """Sends keys to the focused widget and counts them (a chord counts as one)."""

    def __init__(self, qtbot):
        self.qtbot = qtbot
        self.count = 0

    def target(self):
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has the keyboard focus"
        return widget

    def key(self, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.target(), key, modifiers)
        self.count += 1

    def text(self, text: str) -> None:
        self.qtbot.keyClicks(self.target(), text)
        self.count += len(text)

    def line(self, text: str) -> None:
        self.text(text)
        self.key(Qt.Key.Key_Return)


@pytest.fixture
def clinic(tmp_path):
    opened = demo_clinic_copy(tmp_path)
    yield opened
    opened.close()


def test_full_visit_by_keyboard_within_the_keystroke_budget(qtbot, clinic, open_window):
    main = open_window(clinic)
    patient_id = patient_without(clinic, "pacemaker_icd")
    main.open_patient(patient_id)
    keyboard = Keyboard(qtbot)
    window = None
    for _step, actions in FULL_VISIT:
        for action, *args in actions:
            if action == "confirm":
                box = window.sign_confirmation
                qtbot.waitUntil(lambda box=box: box.isVisible())
                box.activateWindow()
                qtbot.waitUntil(box.isActiveWindow)
                keyboard.key(Qt.Key.Key_Return)
            else:
                if window is not None and args[:2] == [Qt.Key.Key_Return, CTRL]:
                    # Signing needs the note's checks to have caught up with the typing.
                    qtbot.waitUntil(window.sign_button.isEnabled)
                getattr(keyboard, action)(*args)
        if window is None:
            qtbot.waitUntil(lambda: bool(main.charting.windows))
            window = next(iter(main.charting.windows.values()))
            window.activateWindow()
            qtbot.waitUntil(window.isActiveWindow)

    qtbot.waitUntil(lambda: window.note.signed)
    note = charting(clinic).get(window.note.id)
    c = note.content
    assert note.signed
    assert len(c.tests) == 3 and [t.result for t in c.tests] == ["positive", "positive", "negative"]
    assert len(c.points) == 12 and len(c.dry_needling) == 4
    assert len(c.electro) == 2 and len(c.cupping) == 1
    # 16 at the points, 7 dry needling, and GB39-R: an EA lead not in the points list.
    assert c.needles_in == c.needles_out == c.needles_placed == 24
    assert (c.pain_nrs, c.assessment, c.plan) == (4, "R ITBS, improving", "Weekly x3")
    assert keyboard.count <= KEYSTROKE_BUDGET, keyboard.count
