"""The manifest of a clinic's CSV export: what the import checks before writing anything."""

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table

from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.services.clinic_csv_format import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TableEntry,
)
from sportacu_desktop.storage.schema import known_revisions

NEWER = "It was made by a newer SportAcu Desktop; update the app before importing it."


class NotAClinicExport(InvalidInput):
    """The folder is not a whole-clinic CSV export this version of the app can read."""


@dataclass(frozen=True)
class ExportManifest:
    folder: Path
    name: str
    exported_at: str
    schema_revision: str
    entries: dict[str, TableEntry]


def read_manifest(folder: Path, tables: list[Table]) -> ExportManifest:
    if not folder.is_dir():
        raise NotAClinicExport(f"{folder} is not a folder.")
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError
    except (OSError, ValueError):
        raise NotAClinicExport(
            f"{folder} is not a SportAcu clinic export (it has no readable {MANIFEST})."
        ) from None
    try:
        version, revision = int(data["format_version"]), str(data["schema_revision"])
        scope, listed = data.get("scope"), list(data["tables"])
        entries = {
            item["name"]: TableEntry(
                item["name"],
                item["file"],
                int(item["rows"]),
                tuple(item["columns"]),
                item["sha256"],
            )
            for item in listed
        }
    except (KeyError, TypeError, ValueError):
        raise NotAClinicExport(f"{folder}/{MANIFEST} is damaged; it cannot be imported.") from None
    if version > FORMAT_VERSION or revision not in known_revisions():
        raise NotAClinicExport(f"{folder} holds a clinic export from schema {revision}. {NEWER}")
    if scope != "clinic":
        raise NotAClinicExport(
            f"{folder} holds one patient's record, not a whole clinic; only a whole-clinic "
            "export can be imported."
        )
    ours = {table.name: table for table in tables}
    for entry in entries.values():
        table = ours.get(entry.name)
        unknown = [c for c in entry.columns if table is None or c not in table.c]
        if table is None or unknown:
            what = entry.name if table is None else f"{entry.name}.{', '.join(unknown)}"
            raise NotAClinicExport(f"{folder} holds data this app does not know ({what}). {NEWER}")
        if Path(entry.file).name != entry.file or not (folder / entry.file).is_file():
            raise NotAClinicExport(f"{folder} is incomplete: {entry.file} is missing.")
    return ExportManifest(folder, MANIFEST, str(data.get("exported_at", "")), revision, entries)
