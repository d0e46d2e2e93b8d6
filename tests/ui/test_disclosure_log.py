"""Patient ▸ Disclosures: the open chart's log, its shortcut, and the accounting export."""

import csv
import io
import stat
from datetime import UTC, datetime

from pypdf import PdfReader
from PySide6.QtCore import Qt

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.disclosures import DisclosureRow, log_disclosure
from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.disclosures.log_model import DisclosureLogModel
from sportacu_desktop.ui.main_window import MainWindow

DESK = Actor("desk", "Dana Desk", frozenset({Role.FRONT_DESK}))


def log_some(clinic) -> None:
    with clinic.session_factory.begin() as session:
        for patient_id, recipient in ((1, "Jo Smith (PT)"), (1, "=cmd|' /C calc'!A0"), (2, "X")):
            log_disclosure(
                session,
                DESK,
                patient_id=patient_id,
                what="visit_note",
                recipient=recipient,
                purpose="Continuity of care",
                at=datetime(2026, 4, 2, 15, tzinfo=UTC),
            )


def test_the_log_model_passes_the_model_tester(qtmodeltester):
    model = DisclosureLogModel()
    row = DisclosureRow(
        1,
        1,
        datetime(2026, 4, 2, tzinfo=UTC),
        "desk",
        "Dana",
        "superbill",
        "Superbill",
        "Superbill SB-1",
        3,
        "Patient",
        "Insurance",
    )
    model.set_rows([row, row])
    qtmodeltester.check(model, force_py=True)
    assert model.index(1, 2).data() == "Patient"


def test_ctrl_shift_i_shows_only_the_open_patients_disclosures(
    qtbot, small_clinic, open_window, tmp_path
):
    log_some(small_clinic)
    window = open_window(small_clinic)
    action = window.registry[ActionId.DISCLOSURES]
    assert not action.isEnabled()  # no chart open
    window.open_patient(1)
    assert action.isEnabled()
    qtbot.keyClick(
        window,
        Qt.Key.Key_I,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: window.disclosures.dialog is not None)
    dialog = window.disclosures.dialog
    qtbot.waitUntil(dialog.isVisible)
    recipients = [dialog.model.row_at(r).recipient for r in range(dialog.model.rowCount())]
    assert recipients == ["Jo Smith (PT)", "=cmd|' /C calc'!A0"]
    assert {dialog.model.row_at(r).patient_id for r in range(dialog.model.rowCount())} == {1}
    dialog.grab().save(str(tmp_path / "log.png"))

    pdf = dialog.export_accounting(tmp_path / "accounting.pdf")
    assert pdf is not None and stat.S_IMODE(pdf.stat().st_mode) == 0o600
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert "Jo Smith (PT)" in text and " X " not in text
    path = dialog.export_accounting(tmp_path / "accounting.csv")
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert [r[2] for r in rows if r and r[2].startswith("'=")] == ["'=cmd|' /C calc'!A0"]
    assert "saved to" in dialog.message.text()

    # Another chart opened: the log on screen never stays under another patient's name.
    window.open_patient(2)
    qtbot.waitUntil(lambda: window.disclosures.dialog is None)


def test_a_mistyped_period_is_explained_and_nothing_is_written(qtbot, small_clinic, tmp_path):
    window = MainWindow(AppContext.create(small_clinic))
    qtbot.addWidget(window)
    window.open_patient(1)
    dialog = window.disclosures.show_log()
    dialog.start.setText("13/45/2020")
    assert dialog.export_accounting(tmp_path / "a.pdf") is None
    assert "MM/DD/YYYY" in dialog.message.text()
    assert not (tmp_path / "a.pdf").exists()
    dialog.reject()
