"""Superbills for the day in one action, off the UI thread, cancellable.

Each patient seen that day gets a superbill (issued, or reprinted when it already was);
the PDFs go to a folder, one per patient, or into one combined file for printing.
"""

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sportacu_desktop.services.private_files import private_folder, write_private
from sportacu_desktop.services.superbills import DayResult, Superbills


@dataclass(frozen=True)
class BatchOutcome:
    written: tuple[Path, ...]
    refused: tuple[DayResult, ...]
    combined: bytes | None  # the combined PDF, for the print preview


def combine(contents: list[bytes]) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for content in contents:
        writer.append(io.BytesIO(content))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def superbills_for_day(
    superbills: Superbills, day: date, folder: Path, combined: bool, progress
) -> BatchOutcome:
    """Runs on the worker thread: services and files only, never a widget."""
    results = superbills.for_day(day, progress)
    issued = [r for r in results if r.superbill is not None]
    refused = tuple(r for r in results if r.superbill is None)
    written: list[Path] = []
    joined = None
    if issued:
        private_folder(folder)
        if combined:
            joined = combine([r.superbill.content for r in issued])
            stamp = datetime.now(UTC).strftime("%H%M%S")
            written.append(
                write_private(folder / f"superbills_{day.isoformat()}_{stamp}.pdf", joined)
            )
        else:
            for r in issued:
                name = f"{day.isoformat()}_{r.chart_number}_{r.superbill.number}.pdf"
                written.append(write_private(folder / name, r.superbill.content))
    return BatchOutcome(tuple(written), refused, joined)
