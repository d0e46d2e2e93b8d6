"""Opening the clinic at start: unlock an encrypted file, check it, restore it if damaged.

The start check (``services/integrity_start.py``) runs before any schema upgrade; a
damaged database is never opened for work. The user can restore the newest good backup,
choose a backup file, or quit.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.context import Clinic
from sportacu_desktop.services.encryption import database_location, is_encrypted
from sportacu_desktop.services.errors import PassphraseRequired, WrongPassphrase
from sportacu_desktop.services.integrity_start import StartCheck, open_checked
from sportacu_desktop.services.restore import RestoreResult, restore_from
from sportacu_desktop.services.setup import is_new_clinic
from sportacu_desktop.ui.data_safety.blocking import Cancelled, run_blocking
from sportacu_desktop.ui.data_safety.passphrase import WRONG_PASSPHRASE, PassphraseDialog
from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import TaskRunner, describe_error

log = logging.getLogger(__name__)

CHECKING = "Checking the clinic database…"
BACKUP_FILTER = "SportAcu backups (*.db);;All files (*)"
DAMAGED = "The clinic database is damaged and cannot be used."


def backup_summary(modified, patients: int, visits: int) -> str:
    return f"{modified:%m/%d/%Y %H:%M}, {plural(patients, 'patient')}, {plural(visits, 'visit')}"


class DamagedDatabaseBox(QMessageBox):
    """Says the database is damaged; offers the newest good backup, another file, or Quit."""

    def __init__(self, check: StartCheck, parent: QWidget | None = None):
        super().__init__(QMessageBox.Icon.Critical, APP_NAME, DAMAGED, parent=parent)
        self.setObjectName("damagedDatabaseBox")
        self.setInformativeText(check.message)
        self.restore_button = None
        backup = check.backup
        if backup is not None:
            summary = backup_summary(backup.modified, backup.patients, backup.visits)
            self.restore_button = self.addButton(
                f"Restore the Latest Good Backup ({summary})",
                QMessageBox.ButtonRole.AcceptRole,
            )
        self.choose_button = self.addButton(
            "Choose a Backup File…", QMessageBox.ButtonRole.ActionRole
        )
        self.quit_button = self.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.restore_button or self.choose_button)
        self.setEscapeButton(self.quit_button)


def ask_passphrase(path: Path, message: str = "", parent: QWidget | None = None) -> str | None:
    dialog = PassphraseDialog(path, message=message, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.passphrase


def show_cannot_open(exc: BaseException, url: str) -> None:
    failed = f"{APP_NAME} could not open the clinic database" + (f" at {url}" if url else "")
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        APP_NAME,
        describe_error(exc, failed=failed),
        QMessageBox.StandardButton.Close,
    )
    box.exec()


def _open(url: str, passphrase: str | None) -> tuple[Clinic | None, StartCheck]:
    clinic, check = open_checked(url, passphrase=passphrase)
    if clinic is not None:
        try:
            is_new_clinic(clinic)  # the first real query: fails on a locked or foreign file
        except BaseException:
            clinic.close()
            raise
    return clinic, check


def open_for_work(
    db: str | None,
    *,
    passphrase: str | None = None,
    runner: TaskRunner | None = None,
    parent: QWidget | None = None,
    quiet: bool = False,
    before_asking: Callable[[], None] = lambda: None,
) -> Clinic | None:
    """The clinic, unlocked and checked; None once the user was told why not, or quit.

    ``quiet``: no progress dialog while it opens (a window already on screen takes input
    meanwhile). ``before_asking`` runs before any question or problem is shown.
    """

    def asking() -> None:
        nonlocal quiet
        quiet = False  # once a question was asked, the window on screen is gone
        before_asking()

    try:
        url, path = database_location(db)
    except Exception as exc:
        asking()
        show_cannot_open(exc, db or "")
        return None
    message = ""
    while True:
        if path is not None and passphrase is None and is_encrypted(path):
            asking()
            passphrase = ask_passphrase(path, message, parent)
            if passphrase is None:
                return None
        try:
            clinic, check = run_blocking(
                parent,
                None if quiet else CHECKING,
                lambda _progress, key=passphrase: _open(url, key),
                runner=runner,
            )
        except (WrongPassphrase, PassphraseRequired):
            passphrase, message = None, WRONG_PASSPHRASE
            if path is None or not is_encrypted(path):
                asking()
                show_cannot_open(PassphraseRequired(), url)
                return None
            continue
        except Exception as exc:
            asking()
            show_cannot_open(exc, url)
            return None
        if clinic is not None:
            return clinic
        asking()
        log.error("start check failed: %s", check.message)
        restored = _offer_restore(url, check, passphrase, runner, parent)
        if restored is None:
            return None
        # The restored database is encrypted exactly when its backup was.
        passphrase = passphrase if restored.backup.encrypted else None
        _say_restored(restored, parent)


def _offer_restore(
    url: str,
    check: StartCheck,
    passphrase: str | None,
    runner: TaskRunner | None,
    parent: QWidget | None,
) -> RestoreResult | None:
    """Asks until a restore worked (its result) or the user quits (None)."""
    while True:
        box = DamagedDatabaseBox(check, parent)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None or clicked is box.quit_button:
            return None
        if clicked is box.restore_button and check.backup is not None:
            backup, key = check.backup.path, passphrase
        else:
            start = str(check.backup.path.parent) if check.backup else ""
            chosen, _filter = QFileDialog.getOpenFileName(
                parent, "Choose a Backup to Restore", start, BACKUP_FILTER
            )
            if not chosen:
                continue
            backup, key = Path(chosen), passphrase
            if is_encrypted(backup) and key is None:
                key = ask_passphrase(backup, "", parent)
                if key is None:
                    continue
        try:
            return run_blocking(
                parent,
                f"Restoring the backup {backup.name}…",
                lambda progress, b=backup, k=key: restore_from(
                    url, b, passphrase=k, current_passphrase=passphrase, progress=progress
                ),
                runner=runner,
                cancellable=True,
            )
        except Cancelled:
            continue
        except Exception as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, describe_error(exc))
            box.setInformativeText("Nothing was changed. Choose another backup, or quit.")
            box.exec()


def restored_text(result: RestoreResult) -> str:
    info = result.backup
    text = (
        f"The clinic was restored from {info.path.name} "
        f"({backup_summary(info.modified, info.patients, info.visits)})."
    )
    if result.safety_copy is not None:
        text += f" The database as it was before is kept at {result.safety_copy}."
    return text


def _say_restored(result: RestoreResult, parent: QWidget | None) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, restored_text(result), parent=parent)
    box.setObjectName("restoredBox")
    box.exec()
