"""File ▸ Import Patients…: a native file dialog, a preview, then an import with progress."""

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from sportacu_desktop.ui.actions import ActionId
from sportacu_desktop.ui.operations import TaskRunner

HEADER = "last_name,first_name,date_of_birth,sex,phone,city,state,postal_code,payer,member_id"
GOOD = [
    "Okafor,Adaeze,1993-06-12,F,207-555-0140,Portland,ME,04101,Harbor Health Plan,HHP-1",
    "Brennan,Liam,08/30/1979,M,,Falmouth,ME,04105,,",
    # Already registered in the clinic (same name and birth date as SA-000001).
    "Ruiz,Ana,1990-03-14,F,,,,,,",
    "Dubois,Zoë,2000-01-31,F,(207) 555-0142,Saco,ME,04072,,",
]
BAD = [
    "Okafor,Adaeze,1993-06-12,F,207-555-0140,Portland,ME,04101,,",
    "Brennan,Liam,31/08/1979,M,,Falmouth,ME,04105,,",
    ",Noor,1988-02-02,F,,,,,,",
    "Lee,Kim,1991-01-01,F,,Augusta,XX,4330,,",
]


def write_csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def choose_file(monkeypatch):
    """The native file dialog, answered with a path (or Cancel with None)."""
    asked = []

    def answer(path: Path | None):
        def fake(parent, caption, directory, filters):
            asked.append((caption, filters))
            return (str(path) if path else "", "")

        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake))

    answer.asked = asked
    return answer


def start_import(qtbot, window, runner):
    window.patient_actions.runner = runner
    action = window.registry[ActionId.IMPORT_PATIENTS]
    assert action in window.menuBar().actions()[0].menu().actions()
    action.trigger()


def wait_for_preview(qtbot, window):
    # Even inline, a result reaches the UI as a queued signal: on the next turn of the loop.
    actions = window.patient_actions
    qtbot.waitUntil(lambda: actions.import_preview is not None)
    qtbot.waitUntil(actions.import_preview.isVisible)
    return actions.import_preview


def wait_for_message(qtbot, window):
    actions = window.patient_actions
    qtbot.waitUntil(lambda: actions.message_box is not None)
    qtbot.waitUntil(actions.message_box.isVisible)
    return actions.message_box


def test_a_good_file_is_previewed_then_imported(
    qtbot, small_clinic, open_window, tmp_path, choose_file, inline_runner
):
    window = open_window(small_clinic)
    choose_file(write_csv(tmp_path, "export.csv", GOOD))
    start_import(qtbot, window, inline_runner)
    assert choose_file.asked == [("Import patients", "CSV files (*.csv);;All files (*)")]

    preview = wait_for_preview(qtbot, window)
    ready = preview.ready_table
    assert [ready.item(row, 1).text() for row in range(ready.rowCount())] == [
        "Okafor",
        "Brennan",
        "Dubois",
    ]
    assert ready.item(0, 0).text() == "2"  # file rows: the header is row 1
    assert ready.item(1, 3).text() == "08/30/1979"
    assert ready.item(0, 6).text() == "Harbor Health Plan"
    duplicates = preview.duplicates_table
    assert duplicates.rowCount() == 1
    assert duplicates.item(0, 0).text() == "4"
    assert "already registered as SA-000001" in duplicates.item(0, 1).text()
    assert preview.problems_table.rowCount() == 0
    assert preview.tabs.currentWidget() is ready
    assert preview.import_button.isEnabled()
    assert preview.import_button.text() == "&Import 3 patients"
    assert window.context.patients.count() == 5  # the preview wrote nothing

    preview.import_button.click()
    box = wait_for_message(qtbot, window)
    assert box.text() == "Imported 3 patients (SA-000006 – SA-000008). 1 duplicate skipped."
    assert window.context.patients.count() == 8
    assert window.count_label.text() == "8 patients"
    assert window.search_panel.summary.text() == "8 active patients"
    box.accept()


def test_a_file_with_bad_rows_lists_each_and_cannot_be_imported(
    qtbot, small_clinic, open_window, tmp_path, choose_file, inline_runner
):
    window = open_window(small_clinic)
    choose_file(write_csv(tmp_path, "bad.csv", BAD))
    start_import(qtbot, window, inline_runner)
    preview = wait_for_preview(qtbot, window)
    problems = preview.problems_table
    rows = {
        problems.item(row, 0).text(): problems.item(row, 1).text()
        for row in range(problems.rowCount())
    }
    assert set(rows) == {"3", "4", "5"}
    assert "is not a real calendar date" in rows["3"]
    assert "Enter the last name." in rows["4"]
    assert "two-letter US state code" in rows["5"] and "ZIP code has 5 digits" in rows["5"]
    assert preview.tabs.currentWidget() is problems
    assert not preview.import_button.isEnabled()
    assert "No patient has been imported" in preview.banner.text()
    preview.reject()
    assert window.context.patients.count() == 5


def test_an_unreadable_file_is_explained(
    qtbot, small_clinic, open_window, tmp_path, choose_file, inline_runner
):
    window = open_window(small_clinic)
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + "\nDubois,Zo\xeb,2000-01-31,F,,,,,,\n").encode("latin-1"))
    choose_file(path)
    start_import(qtbot, window, inline_runner)
    box = wait_for_message(qtbot, window)
    assert "not UTF-8 text" in box.text()
    assert box.icon() == QMessageBox.Icon.Critical
    assert window.patient_actions.import_preview is None
    box.accept()


def test_cancelling_the_file_dialog_does_nothing(qtbot, small_clinic, open_window, choose_file):
    window = open_window(small_clinic)
    choose_file(None)
    window.registry[ActionId.IMPORT_PATIENTS].trigger()
    assert window.patient_actions.import_preview is None
    assert window.patient_actions.message_box is None


def test_import_runs_off_the_ui_thread(qtbot, small_clinic, open_window, tmp_path, choose_file):
    window = open_window(small_clinic)
    rows = [f"Runner{n:03d},Pat,1990-01-{1 + n % 28:02d},U,,,,,," for n in range(120)]
    choose_file(write_csv(tmp_path, "many.csv", rows))
    start_import(qtbot, window, TaskRunner())
    preview = wait_for_preview(qtbot, window)
    assert preview.ready_table.rowCount() == 120
    preview.import_button.click()
    box = wait_for_message(qtbot, window)
    assert box.text().startswith("Imported 120 patients")
    assert window.context.patients.count() == 125
    box.accept()
