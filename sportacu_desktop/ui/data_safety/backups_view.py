"""Admin ▸ Backups…: where backups go, the backups there, Back Up Now and Restore."""

from datetime import datetime
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.permissions import Action
from sportacu_desktop.services.backup import (
    BackupCancelled,
    BackupResult,
    backup_folder,
    backup_to,
    set_backup_folder,
)
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.encryption import is_encrypted
from sportacu_desktop.services.errors import StorageError, WrongPassphrase
from sportacu_desktop.services.restore import BackupInfo, inspect_backup
from sportacu_desktop.ui.data_safety.blocking import Cancelled, run_blocking
from sportacu_desktop.ui.data_safety.passphrase import PassphraseDialog
from sportacu_desktop.ui.data_safety.start import backup_summary
from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner, show_error

# Patients and visits are read from this many of the newest backups (a quick check each).
INSPECTED = 8
COLUMNS = ("Taken", "File", "Size", "Patients", "Visits")


def backup_files(folder: Path) -> list[Path]:
    """Every backup-looking file in ``folder``, newest first."""
    try:
        files = [
            p
            for p in folder.iterdir()
            if p.suffix == ".db" and not p.name.startswith(".") and p.is_file()
        ]
    except OSError:
        return []
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024
    return ""


class BackupsWindow(QDialog):
    """Lists the backups in the clinic's backup folder and acts on them (admins only)."""

    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        safety,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("backupsWindow")
        self.setWindowTitle(f"Backups — {APP_NAME}")
        self._clinic = clinic
        self._actor = actor
        self._safety = safety
        self._runner = runner
        self.folder = backup_folder(clinic)
        self.last_result: BackupResult | None = None

        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.change_button = QPushButton("&Change…")
        self.change_button.setToolTip("Choose the folder (an external drive, say) for backups")
        self.change_button.clicked.connect(self.change_folder)
        self.change_button.setVisible(actor.may(Action.BACK_UP))
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Backups are saved in:"))
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.change_button)

        note = QLabel(
            "A backup is made at the first start of each day and whenever the app closes; "
            "7 daily, 4 weekly and 12 monthly backups are kept. Every backup is checked after "
            "it is written."
            + (" Backups are encrypted with the clinic's passphrase." if clinic.encrypted else "")
        )
        note.setWordWrap(True)

        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setHeaderLabels(list(COLUMNS))
        self.table.setAlternatingRowColors(True)
        self.table.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Backups in the folder, newest first")
        self.table.itemDoubleClicked.connect(lambda *_args: self.restore())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = buttons.addButton(
            "&Back Up Now", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button = buttons.addButton(
            "&Restore from a Backup…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(folder_row)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 24)
        self.refresh()

    # --- the list -----------------------------------------------------------------------

    def refresh(self) -> None:
        self.folder_label.setText(str(self.folder))
        self.table.clear()
        files = backup_files(self.folder)
        for path in files:
            stat = path.stat()
            taken = datetime.fromtimestamp(stat.st_mtime)
            item = QTreeWidgetItem(
                [f"{taken:%m/%d/%Y %H:%M}", path.name, size_text(stat.st_size), "", ""]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(1, str(path))
            for column in (2, 3, 4):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.table.addTopLevelItem(item)
        if files:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        self._read_contents(files[:INSPECTED])

    def _read_contents(self, files: list[Path]) -> None:
        passphrase = self._clinic.passphrase

        def work(_progress: Progress) -> dict[str, BackupInfo | str]:
            found: dict[str, BackupInfo | str] = {}
            for path in files:
                try:
                    found[str(path)] = inspect_backup(path, passphrase, thorough=False)
                except WrongPassphrase:
                    found[str(path)] = "other passphrase"
                except StorageError:
                    found[str(path)] = "unusable"
            return found

        BackgroundOp(self, work, self._show_contents, runner=self._runner).failure(
            lambda _exc: None  # the columns just stay empty
        ).run_in_background()

    def _show_contents(self, found: dict[str, BackupInfo | str]) -> None:
        if not shiboken6.isValid(self):
            return
        for row in range(self.table.topLevelItemCount()):
            item = self.table.topLevelItem(row)
            info = found.get(item.data(0, Qt.ItemDataRole.UserRole))
            if isinstance(info, BackupInfo):
                item.setText(3, f"{info.patients:,}")
                item.setText(4, f"{info.visits:,}")
            elif isinstance(info, str):
                item.setText(3, info)

    def selected_path(self) -> Path | None:
        item = self.table.currentItem()
        return Path(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None

    # --- folder -----------------------------------------------------------------------

    def change_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for Backups", str(self.folder))
        if not chosen:
            return
        try:
            self.folder = set_backup_folder(self._clinic, self._actor, chosen)
        except Exception as exc:
            show_error(self, exc)
            return
        self.refresh()

    # --- back up now ------------------------------------------------------------------

    def back_up_now(self) -> None:
        clinic, actor = self._clinic, self._actor
        # Not named like the automatic backups, so rotation never removes it.
        target = self.folder / f"sportacu-manual-{datetime.now():%Y%m%d-%H%M%S}.db"

        def work(progress: Progress) -> BackupResult:
            return backup_to(clinic, target, progress, actor=actor)

        self.backup_button.setEnabled(False)
        BackgroundOp(self, work, self._backed_up, runner=self._runner).failure(
            self._backup_failed
        ).cancelled(self._backup_cancelled).with_progress(
            "Backing up the clinic…"
        ).run_in_background()

    def _backed_up(self, result: BackupResult) -> None:
        self.last_result = result
        self.backup_button.setEnabled(True)
        self.refresh()
        self._say(
            f"Backup saved to {result.path} ({size_text(result.size)}, checked, "
            f"{result.seconds:.1f} s)."
        )

    def _backup_failed(self, exc: BaseException) -> None:
        self.backup_button.setEnabled(True)
        if isinstance(exc, BackupCancelled):
            return
        show_error(self, exc)

    def _backup_cancelled(self) -> None:
        self.backup_button.setEnabled(True)
        self._say("The backup was cancelled; nothing was left in the folder.")

    def _say(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, text, parent=self)
        box.setObjectName("backupsMessage")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- restore ----------------------------------------------------------------------

    def restore(self) -> None:
        start = self.selected_path() or self.folder
        chosen, _filter = QFileDialog.getOpenFileName(
            self,
            "Restore from a Backup",
            str(start),
            "SportAcu backups (*.db);;All files (*)",
        )
        if not chosen:
            return
        path = Path(chosen)
        passphrase = self._clinic.passphrase if is_encrypted(path) else None
        if is_encrypted(path) and passphrase is None:
            passphrase = self._ask_passphrase(path)
            if passphrase is None:
                return
        inspected = self._inspect(path, passphrase)
        if inspected is None:
            return
        # The passphrase that opened it: a backup made before a passphrase change has its own.
        info, passphrase = inspected
        if not self.confirm_restore(info):
            return
        # Run once this button's handler has returned: the restore closes this window.
        safety, actor = self._safety, self._actor
        QTimer.singleShot(0, safety, lambda: safety.restore(info, passphrase, actor))

    def _ask_passphrase(self, path: Path) -> str | None:
        dialog = PassphraseDialog(path, parent=self)
        dialog.setWindowTitle(f"Unlock the Backup — {APP_NAME}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase

    def _inspect(
        self, path: Path, passphrase: str | None
    ) -> tuple[BackupInfo, str | None] | None:
        for _attempt in range(3):
            try:
                info = run_blocking(
                    self,
                    f"Checking the backup {path.name}…",
                    lambda _progress, key=passphrase: inspect_backup(path, key),
                    runner=self._runner,
                )
                return info, passphrase
            except WrongPassphrase:
                # Made with another passphrase than the clinic's current one.
                passphrase = self._ask_passphrase(path)
                if passphrase is None:
                    return None
            except Cancelled:
                return None
            except Exception as exc:
                show_error(self, exc)
                return None
        return None

    def confirm_restore(self, info: BackupInfo) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            APP_NAME,
            "Replace the clinic's data with this backup?",
            parent=self,
        )
        box.setObjectName("confirmRestoreBox")
        summary = backup_summary(info.modified, info.patients, info.visits)
        text = (
            f"The backup {info.path.name} is from {summary}.\n\n"
            "Everything in the clinic database now is replaced by the backup's content: "
            "what was entered after the backup was made will no longer be in the clinic. "
            "A safety copy of the current database is kept beside it first.\n\n"
            "Everyone is signed out; sign in again once the restore is done."
        )
        if info.needs_upgrade:
            text += " The backup was made by an older version and is upgraded after restoring."
        box.setInformativeText(text)
        restore = box.addButton("Restore", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is restore
