"""Unsaved changes, possible duplicates and edits from another workstation: nothing lost."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sportacu_desktop.domain.enums import Role
from sportacu_desktop.domain.patients import PatientInput
from sportacu_desktop.services.context import Actor
from sportacu_desktop.services.patient_records import PatientRecords
from sportacu_desktop.ui.patients import form_dialog
from sportacu_desktop.ui.patients.duplicate_dialog import DuplicateDialog
from sportacu_desktop.ui.patients.form_dialog import UnsavedChoice
from sportacu_desktop.ui.patients.stale_dialog import StaleChoice, StaleEditDialog
from tests.ui.dialog_script import answer_next
from tests.ui.patient_form_support import (
    activate,
    field,
    focused,
    open_edit_form,
    open_new_form,
    save,
)

OTHER_DESK = Actor("desk2", "Front desk 2", frozenset({Role.FRONT_DESK}))


def open_ana(qtbot, window, clinic):
    ana = window.context.patients.search_ids("Ana Ruiz")[0]
    window.open_patient(ana)
    return ana


# --- unsaved changes -------------------------------------------------------------------


@pytest.fixture
def answers(monkeypatch):
    """Scripted answers to "Discard changes?", recording each time it was asked."""
    asked: list[str] = []
    queue: list[UnsavedChoice] = []

    def ask(parent, who):
        asked.append(who)
        return queue.pop(0)

    monkeypatch.setattr(form_dialog, "ask_unsaved_changes", ask)
    return asked, queue


def test_esc_without_changes_closes_without_asking(qtbot, small_clinic, open_window, answers):
    asked, _queue = answers
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert asked == []


def test_esc_with_changes_asks_and_keep_editing_keeps_everything(
    qtbot, small_clinic, open_window, answers
):
    asked, queue = answers
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    qtbot.keyClicks(focused(), "Nora")
    queue.append(UnsavedChoice.KEEP_EDITING)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert asked == ["Nora"]
    assert dialog.isVisible()
    assert field(dialog, "first_name").text() == "Nora"

    queue.append(UnsavedChoice.DISCARD)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    assert window.context.patients.count() == 5


def test_save_from_the_prompt_saves_or_stays_open_with_the_errors(
    qtbot, small_clinic, open_window, answers
):
    _asked, queue = answers
    window = open_window(small_clinic)
    dialog = open_new_form(qtbot, window)
    qtbot.keyClicks(focused(), "Nora")
    queue.append(UnsavedChoice.SAVE)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    # No last name, no birth date: not saved, not closed, and the reasons are shown.
    assert dialog.isVisible()
    assert dialog.error_text("last_name") == "Enter the last name."
    assert dialog.error_text("date_of_birth") == "Enter the date of birth."

    field(dialog, "last_name").setText("Quinn")
    field(dialog, "date_of_birth").setText("02/29/1996")
    queue.append(UnsavedChoice.SAVE)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    assert window.header_panel.name_label.text() == "Nora Quinn"


def test_the_real_prompt_offers_save_discard_and_keep_editing(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    open_ana(qtbot, window, small_clinic)
    dialog = open_edit_form(qtbot, window)
    field(dialog, "city").setText("Bangor")

    def keep_editing(box: QMessageBox):
        assert box.text() == "Discard changes?"
        assert "Ana Ruiz" in box.informativeText()
        texts = {button.text().replace("&", "") for button in box.buttons()}
        assert texts == {"Save", "Discard", "Keep Editing"}
        # Enter as well as Esc keeps the user in the form, never saves or discards.
        assert box.defaultButton() is box.escapeButton()
        assert box.defaultButton().text().replace("&", "") == "Keep Editing"
        box.escapeButton().click()

    answered = answer_next(QMessageBox, keep_editing)
    qtbot.keyClick(focused() or dialog, Qt.Key.Key_Escape)
    assert len(answered) == 1
    assert dialog.isVisible()

    def discard(box: QMessageBox):
        box.button(QMessageBox.StandardButton.Discard).click()

    answer_next(QMessageBox, discard)
    dialog.reject()
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    ana = window.patient_actions.services.records.get(window.header_panel.patient_id)
    assert ana.details.city == ""


# --- duplicates ------------------------------------------------------------------------


def register_ana_again(qtbot, window):
    dialog = open_new_form(qtbot, window)
    field(dialog, "first_name").setText("Ana")
    field(dialog, "last_name").setText("Ruiz")
    field(dialog, "date_of_birth").setText("03/14/1990")
    field(dialog, "email").setText("ana.r@example.com")
    return dialog


def test_duplicate_offers_to_open_the_existing_chart(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = register_ana_again(qtbot, window)

    def open_existing(duplicate: DuplicateDialog):
        assert duplicate.table.rowCount() == 1
        assert duplicate.table.item(0, 0).text() == "SA-000001"
        assert duplicate.table.item(0, 1).text() == "Ruiz, Ana"
        duplicate.open_button.click()

    answered = answer_next(DuplicateDialog, open_existing)
    save(qtbot, dialog)
    assert isinstance(answered[0], DuplicateDialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    assert window.context.patients.count() == 5
    assert window.header_panel.header.chart_number == "SA-000001"


def test_duplicate_can_be_created_anyway_or_left(qtbot, small_clinic, open_window):
    window = open_window(small_clinic)
    dialog = register_ana_again(qtbot, window)

    answer_next(DuplicateDialog, lambda duplicate: duplicate.back_button.click())
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert window.context.patients.count() == 5
    assert field(dialog, "email").text() == "ana.r@example.com"

    activate(qtbot, dialog)
    answer_next(DuplicateDialog, lambda duplicate: duplicate.create_button.click())
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    assert window.context.patients.count() == 6
    assert window.header_panel.header.chart_number == "SA-000006"


# --- another workstation ---------------------------------------------------------------


def change_on_other_desk(clinic, patient_id: int, **changes) -> None:
    records = PatientRecords(clinic.session_factory, OTHER_DESK)
    current = records.get(patient_id)
    values = {**vars(current.details), **changes}
    records.update(patient_id, PatientInput(**values), current.version)


@pytest.mark.parametrize("choice", [StaleChoice.KEEP_MINE, StaleChoice.USE_THEIRS])
def test_a_stale_edit_shows_both_versions_and_overwrites_nothing(
    qtbot, small_clinic, open_window, choice
):
    window = open_window(small_clinic)
    ana_id = open_ana(qtbot, window, small_clinic)
    dialog = open_edit_form(qtbot, window)
    field(dialog, "email").setText("ana@example.com")
    field(dialog, "city").setText("Portland")
    change_on_other_desk(small_clinic, ana_id, phone="(207) 555-0199", city="South Portland")

    shown = {}

    def compare(stale: StaleEditDialog):
        shown["rows"] = {
            stale.table.item(row, 0).text(): [
                stale.table.item(row, column).text() for column in (1, 2, 3)
            ]
            for row in range(stale.table.rowCount())
        }
        button = stale.keep_button if choice is StaleChoice.KEEP_MINE else stale.theirs_button
        button.click()

    answer_next(StaleEditDialog, compare)
    save(qtbot, dialog)
    assert shown["rows"] == {
        "Phone": ["(207) 555-0101", "(207) 555-0199", "They"],
        "Email": ["ana@example.com", "—", "You"],
        "City": ["Portland", "South Portland", "Both"],
    }
    # Nothing of mine was written, nothing of theirs was lost.
    stored = window.patient_actions.services.records.get(ana_id)
    assert (stored.details.phone, stored.details.email) == ("(207) 555-0199", "")
    assert dialog.isVisible()
    assert field(dialog, "phone").text() == "(207) 555-0199"
    if choice is StaleChoice.KEEP_MINE:
        assert field(dialog, "email").text() == "ana@example.com"
        assert field(dialog, "city").text() == "Portland"
        assert "with your changes on top" in dialog.banner.text()
    else:
        assert field(dialog, "email").text() == ""
        assert field(dialog, "city").text() == "South Portland"
        assert not dialog.is_dirty()

    activate(qtbot, dialog)
    save(qtbot, dialog)
    qtbot.waitUntil(lambda: window.patient_actions.form_dialog is None)
    stored = window.patient_actions.services.records.get(ana_id)
    assert stored.details.phone == "(207) 555-0199"
    expected = ("ana@example.com", "Portland")
    if choice is StaleChoice.USE_THEIRS:
        expected = ("", "South Portland")
    assert (stored.details.email, stored.details.city) == expected
