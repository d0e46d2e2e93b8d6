"""Starting the app: a clear message for a bad database, first run, then the main window."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from sportacu_desktop import APP_NAME, __version__
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.demo import DEMO_PASSWORD
from sportacu_desktop.services.setup import practice_name
from sportacu_desktop.ui.first_run import FirstRunDialog
from sportacu_desktop.ui.launch import EXIT_CANNOT_OPEN, EXIT_OK, run_gui
from sportacu_desktop.ui.main_window import MainWindow
from sportacu_desktop.ui.session.login_dialog import SignInDialog
from sportacu_desktop.ui.session.owner_dialog import OwnerSetupDialog


class Script:
    """Acts on windows as they appear while run_gui's event loop runs, like a user would.

    A guard timer ends the loop with a distinct code if the script gets stuck, so a broken
    flow fails the test instead of hanging it.
    """

    STUCK = 99

    def __init__(self, steps):
        self._steps = list(steps)
        self._poll = QTimer()
        self._poll.setInterval(10)
        self._poll.timeout.connect(self._step)
        self._guard = QTimer()
        self._guard.setSingleShot(True)
        self._guard.setInterval(15000)
        self._guard.timeout.connect(lambda: QApplication.instance().exit(self.STUCK))
        self.seen: list[str] = []

    def __enter__(self):
        self._poll.start()
        self._guard.start()
        return self

    def __exit__(self, *exc):
        self._poll.stop()
        self._guard.stop()

    def _step(self):
        if not self._steps:
            return
        kind, action = self._steps[0]
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                self._steps.pop(0)
                self.seen.append(kind.__name__)
                action(widget)
                return


@pytest.fixture
def shown_messages(monkeypatch):
    shown = []

    def record(box):
        shown.append(box.text())
        return QMessageBox.StandardButton.Close

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown


def test_a_file_that_is_not_a_database_gets_a_clear_message(qapp, tmp_path, shown_messages):
    bad = tmp_path / "clinic.db"
    bad.write_bytes(b"these are not the records you are looking for\n" * 200)
    assert run_gui(str(bad)) == EXIT_CANNOT_OPEN
    # Never worked on: the start check calls it damaged and offers a backup or Quit.
    assert shown_messages == ["The clinic database is damaged and cannot be used."]


def test_an_unknown_problem_still_reads_as_a_sentence(qapp, tmp_path, shown_messages):
    assert run_gui("nosuchdriver://clinic") == EXIT_CANNOT_OPEN
    assert shown_messages == [
        f"{APP_NAME} could not open the clinic database at nosuchdriver://clinic."
    ]


def sign_in(dialog: SignInDialog) -> None:
    dialog.username.setText("dwhitcomb")
    dialog.password.setText(DEMO_PASSWORD)
    dialog.sign_in_button.click()


def test_opens_an_existing_clinic_at_sign_in_then_the_main_window(qapp, demo_clinic):
    demo_clinic.close()
    icon_sizes: list[set[int]] = []

    def look_and_close(window: MainWindow):
        icon_sizes.append({size.width() for size in window.windowIcon().availableSizes()})
        window.close()

    steps = [(SignInDialog, sign_in), (MainWindow, look_and_close)]
    with Script(steps) as script:
        code = run_gui(demo_clinic.url)
    assert code == EXIT_OK
    assert script.seen == ["SignInDialog", "MainWindow"]
    # The app's own drawing, in the sizes a task bar and a launcher ask for.
    assert {16, 32, 48, 256} <= icon_sizes[0]
    assert (qapp.applicationName(), qapp.applicationVersion()) == (APP_NAME, __version__)
    assert qapp.organizationName() == "SportAcu"


def test_first_run_then_main_window(qapp, sqlite_url):
    def start_empty(dialog: FirstRunDialog):
        dialog.empty_choice.setChecked(True)
        dialog.clinic_name.setText("Harbor Sports Acupuncture")
        dialog.continue_button.click()

    def create_owner(dialog: OwnerSetupDialog):
        dialog.display_name.setText("Harriet Boyd")
        dialog.username.setText("hboyd")
        dialog.form.fields["password"].setText("granite harbor tide")
        dialog.form.fields["confirm"].setText("granite harbor tide")
        dialog.create_button.click()

    def check_and_close(window: MainWindow):
        assert window.clinic_label.text() == "Harbor Sports Acupuncture"
        window.close()

    steps = [
        (FirstRunDialog, start_empty),
        (OwnerSetupDialog, create_owner),
        (MainWindow, check_and_close),
    ]
    with Script(steps) as script:
        code = run_gui(sqlite_url)
    assert code == EXIT_OK
    assert script.seen == ["FirstRunDialog", "OwnerSetupDialog", "MainWindow"]
    clinic = Clinic.open(sqlite_url)
    assert practice_name(clinic) == "Harbor Sports Acupuncture"
    clinic.close()


def test_quitting_the_first_run_dialog_quits_the_app(qapp, sqlite_url):
    with Script([(FirstRunDialog, lambda dialog: dialog.reject())]) as script:
        assert run_gui(sqlite_url) == EXIT_OK
    assert script.seen == ["FirstRunDialog"]
