"""Printing an issued PDF: a print preview of its pages when QtPdf is installed, else Save PDF.

The note is printed from the stored PDF (the document of record, with its number), never
re-rendered from the screen. QtPdf ships in the PySide6-Pdf wheel (in PySide6-Addons
before 6.12); without it the PDF is saved where the user chooses and opened in the system
viewer, which prints it.
"""

import importlib.util
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QRect,
    QStandardPaths,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices, QPainter
from PySide6.QtWidgets import QFileDialog, QWidget

from sportacu_desktop.services.documents import IssuedDocument
from sportacu_desktop.services.exports import save_export

RENDER_DPI = 300


def qtpdf_available() -> bool:
    return importlib.util.find_spec("PySide6.QtPdf") is not None


def suggested_path(name: str) -> str:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(folder or Path.home()) / name)


def save_pdf(
    parent: QWidget, issued: IssuedDocument, name: str, title: str = "Save Visit Note as PDF"
) -> Path | None:
    """Ask where (native dialog), write the PDF, open it in the system viewer."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title, suggested_path(name), "PDF documents (*.pdf)"
    )
    if not path:
        return None
    target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
    save_export(target, issued.content)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
    return target


def preview(parent: QWidget, issued: IssuedDocument):
    """A print preview of the PDF's pages (QtPdf only); returns the open dialog."""
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(issued.content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(issued.number)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ = printer  # the dialog does not own its printer: keep it alive with it
    dialog.setWindowTitle(f"Print {issued.number}")

    def paint(target: QPrinter) -> None:
        painter = QPainter(target)
        for page in range(document.pageCount()):
            if page:
                target.newPage()
            points = document.pagePointSize(page)
            # Rendered at 300 dpi (sharp on paper, ~30 MB a page), then fitted to the page;
            # the printer's own resolution could mean a 500 MB image per page.
            image = document.render(page, (points * RENDER_DPI / 72).toSize())
            fitted = points.toSize().scaled(
                painter.viewport().size(), Qt.AspectRatioMode.KeepAspectRatio
            )
            painter.drawImage(QRect(QPoint(0, 0), fitted), image)
        painter.end()

    dialog.paintRequested.connect(paint)
    dialog.finished.connect(document.deleteLater)
    dialog.open()
    return dialog


def print_document(parent: QWidget, issued: IssuedDocument, name: str):
    """Preview and print when possible, otherwise Save PDF…; returns what was shown/saved."""
    if qtpdf_available():
        return preview(parent, issued)
    return save_pdf(parent, issued, name)
