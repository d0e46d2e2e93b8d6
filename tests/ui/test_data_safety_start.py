"""Opening the clinic at start: the passphrase prompt and the damaged-database offer."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sportacu_desktop.services.backup import backup_to, default_backup_folder
from sportacu_desktop.services.context import Clinic, command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.storage.encryption import encrypt_file
from sportacu_desktop.ui.data_safety.passphrase import WRONG_PASSPHRASE, PassphraseDialog
from sportacu_desktop.ui.data_safety.start import DamagedDatabaseBox, open_for_work

PASSPHRASE = "harbor tide granite"


class Answers:
    """Acts on dialogs as they appear (also inside their own exec() loops), in order.

    A guard timer ends a stuck dialog's loop by rejecting it, so a broken flow fails the
    test instead of hanging it.
    """

    def __init__(self, steps):
        self.steps = list(steps)
        self.seen: list[str] = []
        self.poll = QTimer()
        self.poll.setInterval(10)
        self.poll.timeout.connect(self._step)
        self.guard = QTimer()
        self.guard.setSingleShot(True)
        self.guard.setInterval(15000)
        self.guard.timeout.connect(self._stuck)

    def __enter__(self):
        self.poll.start()
        self.guard.start()
        return self

    def __exit__(self, *exc):
        self.poll.stop()
        self.guard.stop()

    def _stuck(self):
        self.steps.clear()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and hasattr(widget, "reject"):
                widget.reject()

    def _step(self):
        if not self.steps:
            return
        kind, action = self.steps[0]
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                self.steps.pop(0)
                self.seen.append(type(widget).__name__)
                action(widget)
                return


def click(name: str):
    def act(box):
        getattr(box, name).click()

    return act


def note(texts: list[str]):
    """Keeps a message box's text, then closes it."""

    def act(box: QMessageBox) -> None:
        texts.append(box.text())
        box.done(0)

    return act


@pytest.fixture
def clinic_file(demo_template, tmp_path) -> Path:
    path = tmp_path / "clinic.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def encrypted_file(clinic_file) -> Path:
    copy = encrypt_file(clinic_file, PASSPHRASE)
    copy.unlink()
    return clinic_file


def test_the_right_passphrase_after_a_wrong_one_opens_the_clinic(qapp, encrypted_file):
    messages = []

    def wrong(dialog: PassphraseDialog):
        dialog.field.setText("not the passphrase")
        dialog.open_button.click()
        messages.append(dialog.message.text())
        assert dialog.isVisible() and dialog.field.text() == ""  # asked again
        dialog.field.setText(PASSPHRASE)
        dialog.open_button.click()

    with Answers([(PassphraseDialog, wrong)]) as answers:
        clinic = open_for_work(str(encrypted_file))
    assert answers.seen == ["PassphraseDialog"]
    assert messages == [WRONG_PASSPHRASE]
    assert clinic is not None
    try:
        assert clinic.encrypted
        assert PatientDirectory(clinic.session_factory, command_line_actor()).count() > 0
    finally:
        clinic.close()


def test_cancelling_the_passphrase_quits_without_opening(qapp, encrypted_file):
    with Answers([(PassphraseDialog, click("quit_button"))]) as answers:
        assert open_for_work(str(encrypted_file)) is None
    assert answers.seen == ["PassphraseDialog"]


def damage(path: Path) -> None:
    """Garbage over a page in the middle of the file, as a failing disk would leave."""
    size = path.stat().st_size
    offset = (size // 2) // 4096 * 4096
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xde\xad\xbe\xef" * 1024)


def test_a_damaged_database_offers_the_latest_good_backup_and_opens_it(qapp, clinic_file):
    clinic = Clinic.open(str(clinic_file))
    backup = backup_to(clinic, default_backup_folder(clinic_file) / "sportacu-good.db")
    patients = PatientDirectory(clinic.session_factory, command_line_actor()).count()
    clinic.close()
    damage(clinic_file)
    offered = []

    def restore(box: DamagedDatabaseBox):
        offered.append((box.text(), box.restore_button.text()))
        box.restore_button.click()

    restored = []
    with Answers(
        [
            (DamagedDatabaseBox, restore),
            (QMessageBox, note(restored)),
        ]
    ) as answers:
        reopened = open_for_work(str(clinic_file))
    assert answers.seen == ["DamagedDatabaseBox", "QMessageBox"]
    [(text, button)] = offered
    assert text.startswith("The clinic database is damaged")
    assert (
        button.startswith("Restore the Latest Good Backup (") and f"{patients} patients" in button
    )
    assert reopened is not None
    try:
        assert PatientDirectory(reopened.session_factory, command_line_actor()).count() == patients
    finally:
        reopened.close()
    assert backup.path.name in restored[0]
    safety = list(clinic_file.parent.glob("clinic.before-restore-*.db"))
    assert len(safety) == 1 and str(safety[0]) in restored[0]


def test_quitting_at_the_damaged_message_opens_nothing(qapp, clinic_file):
    damage(clinic_file)
    with Answers([(DamagedDatabaseBox, click("quit_button"))]) as answers:
        assert open_for_work(str(clinic_file)) is None
    assert answers.seen == ["DamagedDatabaseBox"]


def test_another_programs_database_is_refused_in_plain_words_and_left_alone(qapp, tmp_path):
    database = tmp_path / "pets.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE patient (pid TEXT PRIMARY KEY, species TEXT)")
    connection.commit()
    connection.close()
    before = database.read_bytes(), database.stat().st_mtime_ns
    texts: list[str] = []
    with Answers([(QMessageBox, note(texts))]) as answers:
        assert open_for_work(str(database)) is None
    assert answers.seen == ["QMessageBox"]
    assert "is not a SportAcu Desktop clinic database" in texts[0]
    assert "left unchanged" in texts[0]
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before
    assert [p.name for p in tmp_path.iterdir()] == ["pets.sqlite"]
