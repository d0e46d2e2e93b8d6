"""What every part of the visit editor does: show a note, keep its raw state, read it back.

A section reads its widgets into the keyword arguments of a ``VisitContent`` and reports
problems under the same keys the charting service uses (``pain_nrs``, ``points.3``), so
errors from either side land next to the field or row they are about.
"""

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from sportacu_desktop.domain.visits import VisitContent
from sportacu_desktop.ui.charting.rows import Column, RowTable

Errors = dict[str, str]


def heading_font(widget: QWidget, factor: float = 1.2) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * factor)
    font.setBold(True)
    return font


def note_box(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A multi-line field where Tab moves on (the form stays keyboard-walkable)."""
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setAccessibleName(name.replace("_", " "))
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


class Section(QWidget):
    """A headed part of the form. Subclasses fill ``self.body`` and implement the hooks."""

    changed = Signal()
    structure_changed = Signal()

    def __init__(self, title: str, shortcut: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        self.heading = QLabel(title)
        self.heading.setObjectName("sectionHeading")
        self.heading.setFont(heading_font(self))
        self.shortcut_hint = QLabel(shortcut)
        self.shortcut_hint.setObjectName("sectionShortcut")
        self.shortcut_hint.setStyleSheet("color: palette(placeholder-text);")
        self.marker = QLabel()  # a short warning shown beside the heading (safety)
        self.marker.setObjectName("sectionMarker")
        self.marker.hide()
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.marker)
        top.addStretch(1)
        top.addWidget(self.shortcut_hint)
        layout.addLayout(top)
        layout.addLayout(self.body)

    def set_marker(self, text: str, color: str) -> None:
        self.marker.setText(text)
        self.marker.setStyleSheet(
            f"background-color: {color}; color: white; border-radius: 4px; padding: 1px 6px;"
        )
        self.marker.setVisible(bool(text))

    # --- hooks ---------------------------------------------------------------------------

    def load_content(self, content: VisitContent) -> None:
        raise NotImplementedError

    def read(self, values: dict, errors: Errors) -> None:
        """Put this section's VisitContent fields into ``values``; problems into ``errors``."""
        raise NotImplementedError

    def raw(self) -> dict:
        raise NotImplementedError

    def load_raw(self, raw: dict) -> None:
        raise NotImplementedError

    def show_errors(self, errors: Errors) -> None:
        raise NotImplementedError

    def focus_chain(self) -> list[QWidget]:
        raise NotImplementedError

    def first_focus(self) -> QWidget:
        return self.focus_chain()[0]


class ListTable:
    """A RowTable bound to one list of a VisitContent (``content.dry_needling``…)."""

    def __init__(
        self,
        key: str,
        table: RowTable,
        to_entry: Callable[[dict, list[str]], object],
        from_entry: Callable[[object], dict],
        what: str,
    ):
        self.key = key
        self.table = table
        self._to_entry = to_entry
        self.from_entry = from_entry
        self._what = what

    def load(self, entries: Sequence) -> None:
        self.table.clear_rows()
        for entry in entries:
            self.table.add_row(self.from_entry(entry))

    def read(self, values: dict, errors: Errors) -> None:
        entries = []
        for number, row in enumerate(self.table.values(), start=1):
            problems: list[str] = []
            entry = self._to_entry(row, problems)
            if problems:
                errors[f"{self.key}.{number}"] = f"{self._what} {number}: " + "; ".join(problems)
            else:
                entries.append(entry)
        values[self.key] = tuple(entries)

    def show_errors(self, errors: Errors) -> None:
        prefix = f"{self.key}."
        self.table.set_errors(
            {int(k[len(prefix) :]): v for k, v in errors.items() if k.startswith(prefix)}
        )


def make_table(
    key: str,
    columns: Sequence[Column],
    *,
    parse: Callable[[str], dict] | None,
    placeholder: str,
    completions: Sequence[str | tuple[str, str]] = (),
) -> RowTable:
    table = RowTable(
        columns, name=key, parse=parse, placeholder=placeholder, completions=completions
    )
    table.setObjectName(f"{key}Table")
    return table


class ListSection(Section):
    """A section that is one list of rows: dry needling, EA pairs, cupping, adverse events."""

    def __init__(self, title: str, shortcut: str, part: ListTable, parent: QWidget | None = None):
        super().__init__(title, shortcut, parent)
        self.part = part
        self.table = part.table
        self.body.addWidget(self.table)
        self.table.changed.connect(self.changed)
        self.table.rows_changed.connect(self.structure_changed)

    def load_content(self, content: VisitContent) -> None:
        self.part.load(getattr(content, self.part.key))

    def add_entries(self, entries: Sequence) -> None:
        for entry in entries:
            self.table.add_row(self.part.from_entry(entry))

    def read(self, values: dict, errors: Errors) -> None:
        self.part.read(values, errors)

    def raw(self) -> dict:
        return self.table.raw()

    def load_raw(self, raw: dict) -> None:
        self.table.load_raw(raw)

    def show_errors(self, errors: Errors) -> None:
        self.part.show_errors(errors)

    def focus_chain(self) -> list[QWidget]:
        return self.table.focus_chain()
