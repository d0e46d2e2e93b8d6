"""A visit note saved as PDF from the app is written privately (0600) and whole."""

import os
import stat
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from sportacu_desktop.services.documents import IssuedDocument
from sportacu_desktop.ui.charting.printing import save_pdf

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def test_save_pdf_writes_a_private_file(qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    target = tmp_path / "note"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *args: (str(target), "PDF documents (*.pdf)")
    )
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    previous = os.umask(0o022)
    try:
        issued = IssuedDocument("VN-000001", "visit_note", datetime.now(UTC), b"%PDF-1.7 x")
        saved = save_pdf(parent, issued, "note.pdf")
    finally:
        os.umask(previous)
    assert saved == tmp_path / "note.pdf" and saved.read_bytes() == b"%PDF-1.7 x"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert opened and opened[0].toLocalFile() == str(saved)
