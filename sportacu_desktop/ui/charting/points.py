"""Acupuncture points: typed as shorthand (``LI4 ST36-B GB34-R``), kept as editable rows."""

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from sportacu_desktop.domain.catalog import acupoints
from sportacu_desktop.domain.enums import Side
from sportacu_desktop.domain.needling import TECHNIQUES, NeedleDetails
from sportacu_desktop.domain.points import PointSyntaxError, parse_points
from sportacu_desktop.domain.visits import PointRow, VisitContent
from sportacu_desktop.ui.charting.rows import (
    COMPLETION_ROLE,
    Column,
    RowTable,
    RowWidget,
    error_label,
    name_completer,
    show_error,
    to_int,
)
from sportacu_desktop.ui.charting.section import Errors, ListTable, Section

POINT_SIDES = tuple(
    (side.value, side.label) for side in (Side.BILATERAL, Side.LEFT, Side.RIGHT, Side.MIDLINE)
)
DETAILS = ("technique", "gauge", "length_mm", "retention_minutes")
COLUMNS = (
    Column("code", "Point", chars=8),
    Column("name", "", "label", 12),
    Column("side", "Side", "combo", 8, POINT_SIDES),
    Column("technique", "Technique", chars=9, completions=lambda: TECHNIQUES),
    Column("gauge", "Gauge", chars=5),
    Column("length_mm", "Length mm", chars=9),
    Column("retention_minutes", "Retain min", chars=9),
)
_TOKEN = re.compile(r"[^\s,;]+")


def point_label(code: str) -> str:
    point = acupoints().get(code.strip().upper())
    return point.pinyin if point else ""


def _to_entry(values: dict, problems: list[str]) -> PointRow:
    code = values["code"].strip().upper()
    if not code:
        problems.append("enter the point code")
    return PointRow(
        code,
        values["side"],
        values["technique"].strip(),
        values["gauge"].strip(),
        to_int(values["length_mm"], "needle length (mm)", problems),
        to_int(values["retention_minutes"], "retention minutes", problems),
    )


def _text(number: int | None) -> str:
    return "" if number is None else str(number)


def _from_entry(entry: PointRow) -> dict:
    return {
        "code": entry.code,
        "side": entry.side,
        "technique": entry.technique,
        "gauge": entry.gauge,
        "length_mm": _text(entry.length_mm),
        "retention_minutes": _text(entry.retention_minutes),
    }


def _from_details(details: NeedleDetails) -> dict:
    return {
        "technique": details.technique,
        "gauge": details.gauge,
        "length_mm": _text(details.length_mm),
        "retention_minutes": _text(details.retention_minutes),
    }


class ShorthandEdit(QLineEdit):
    """A line edit whose type-ahead completes the point being typed, not the whole line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.completer_ = QCompleter(self)
        self.completer_.setWidget(self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setModelSorting(QCompleter.ModelSorting.UnsortedModel)
        self.completer_.activated[str].connect(self.insert_completion)
        self.textEdited.connect(self._update_popup)

    def set_points(self, first: Sequence[str]) -> None:
        """Offer ``first`` (the patient's most used) at the top, then every point."""
        points = acupoints()
        order = [c for c in first if c in points] + [c for c in points if c not in first]
        entries = [
            (f"{code} {points[code].pinyin}", f"{code}  {points[code].pinyin}") for code in order
        ]
        model = name_completer(entries, self).model()
        model.setParent(self.completer_)
        self.completer_.setModel(model)
        self.completer_.setCompletionRole(COMPLETION_ROLE)

    def current_token(self) -> tuple[int, str]:
        before = self.text()[: self.cursorPosition()]
        start = max(before.rfind(" "), before.rfind(","), before.rfind(";")) + 1
        return start, before[start:]

    def _update_popup(self) -> None:
        _start, token = self.current_token()
        if len(token) < 2:
            self.completer_.popup().hide()
            return
        self.completer_.setCompletionPrefix(token)
        if self.completer_.completionCount():
            self.completer_.complete()
        else:
            self.completer_.popup().hide()

    def insert_completion(self, completion: str) -> None:
        start, token = self.current_token()
        code = completion.split()[0]
        text = self.text()
        end = start + len(token)
        self.setText(text[:start] + code + " " + text[end:].lstrip())
        self.setCursorPosition(start + len(code) + 1)
        self._picked = True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and getattr(self, "_picked", False):
            # This Enter chose a point from the list; the next one adds the line.
            self._picked = False
            event.accept()
            return
        self._picked = False
        popup = self.completer_.popup()
        if popup.isVisible() and (enter or event.key() == Qt.Key.Key_Escape):
            popup.hide()
            if not enter:
                return
        super().keyPressEvent(event)

    def select_token(self, position: int) -> None:
        """Select the ``position``-th point (1-based) so a typo is fixed by typing over it."""
        tokens = list(_TOKEN.finditer(self.text()))
        if 1 <= position <= len(tokens):
            match = tokens[position - 1]
            self.setSelection(match.start(), match.end() - match.start())


class PointsSection(Section):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        super().__init__("Acupuncture points", shortcut, parent)
        self.line = ShorthandEdit()
        self.line.setObjectName("pointsLine")
        self.line.setAccessibleName("Points shorthand")
        self.line.setClearButtonEnabled(True)
        self.line.setPlaceholderText(
            "LI4 ST36-B GB34-R SP6-L   (no suffix = both sides; Enter adds)"
        )
        self.line.set_points(())
        self.line.returnPressed.connect(self.add_from_line)
        self.line.textChanged.connect(self.changed)
        self.line_error = error_label()
        self.line_error.setObjectName("pointsError")
        self.added = QLabel()
        self.added.setStyleSheet("color: palette(placeholder-text);")

        self.most_used = QWidget()
        self._most_used_layout = QHBoxLayout(self.most_used)
        self._most_used_layout.setContentsMargins(0, 0, 0, 0)
        self.most_used.hide()

        # Real values (the clinic's defaults, or the last point's), never grey sample
        # numbers: a hint that looks like a value is read as one and then not saved.
        self.clinic_defaults = NeedleDetails()
        self.defaults: dict[str, QLineEdit] = {}
        defaults = QHBoxLayout()
        defaults.addWidget(QLabel("New points:"))
        for key, caption, chars in (
            ("technique", "technique", 9),
            ("gauge", "gauge", 5),
            ("length_mm", "length mm", 5),
            ("retention_minutes", "retain min", 5),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"default_{key}")
            edit.setAccessibleName(f"Default {caption}")
            edit.setFixedWidth(self.fontMetrics().averageCharWidth() * chars + 16)
            edit.textChanged.connect(self.changed)
            label = QLabel(caption)
            label.setBuddy(edit)
            defaults.addWidget(label)
            defaults.addWidget(edit)
            self.defaults[key] = edit
        self.apply_defaults = QToolButton()
        self.apply_defaults.setText("Apply to all points")
        self.apply_defaults.clicked.connect(self.fill_details)
        defaults.addWidget(self.apply_defaults)
        defaults.addStretch(1)

        self.table = RowTable(COLUMNS, name="points", parse=None, placeholder="", parent=self)
        self.table.setObjectName("pointsTable")
        self.table.line.hide()  # the shorthand line above replaces the generic one
        self.list = ListTable("points", self.table, _to_entry, _from_entry, "Point")
        self.table.rows_changed.connect(self._watch_rows)
        self.table.rows_changed.connect(self.structure_changed)
        self.table.changed.connect(self.changed)

        self.body.addWidget(self.most_used)
        self.body.addWidget(self.line)
        self.body.addWidget(self.line_error)
        self.body.addWidget(self.added)
        self.body.addLayout(defaults)
        self.body.addWidget(self.table)

    # --- most used -----------------------------------------------------------------------

    def set_most_used(self, codes: Sequence[str]) -> None:
        self.line.set_points(codes)
        while (item := self._most_used_layout.takeAt(0)) is not None:
            if widget := item.widget():
                widget.setParent(None)
        if not codes:
            self.most_used.hide()
            return
        caption = QLabel("Most used:")
        caption.setStyleSheet("color: palette(placeholder-text);")
        self._most_used_layout.addWidget(caption)
        for code in codes[:10]:
            chip = QToolButton()
            chip.setText(code)
            chip.setToolTip(f"{code} {point_label(code)} — add to the line")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            chip.clicked.connect(lambda _=False, code=code: self._append(code))
            self._most_used_layout.addWidget(chip)
        self._most_used_layout.addStretch(1)
        self.most_used.show()

    def _append(self, code: str) -> None:
        text = self.line.text().rstrip()
        self.line.setText(f"{text} {code} ".lstrip())
        self.line.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- adding --------------------------------------------------------------------------

    def add_from_line(self) -> bool:
        text = self.line.text()
        if not text.strip():
            return False
        try:
            entries = parse_points(text)
        except PointSyntaxError as exc:
            show_error(self.line_error, str(exc))
            self.line.select_token(exc.position)
            return False
        show_error(self.line_error, None)
        have = {(v["code"].strip().upper(), v["side"]) for v in self.table.values()}
        details = {key: edit.text().strip() for key, edit in self.defaults.items()}
        added = 0
        for entry in entries:
            if (entry.code, entry.side) in have:
                continue
            have.add((entry.code, entry.side))
            self.table.add_row({"code": entry.code, "side": entry.side, **details})
            added += 1
        skipped = len(entries) - added
        self.added.setText(
            f"Added {added} point{'s' if added != 1 else ''}"
            + (f"; {skipped} already charted" if skipped else "")
            + "."
        )
        self.line.clear()
        return True

    def fill_details(self) -> None:
        details = {k: e.text().strip() for k, e in self.defaults.items() if e.text().strip()}
        for row in self.table.rows:
            row.set_values(details)

    def _watch_rows(self) -> None:
        for row in self.table.rows:
            if not row.property("watched"):
                row.setProperty("watched", True)
                row.editors["code"].textChanged.connect(lambda _t, row=row: self._label(row))
            self._label(row)

    @staticmethod
    def _label(row: RowWidget) -> None:
        row.editors["name"].setText(point_label(row.editors["code"].text()))

    # --- section hooks -------------------------------------------------------------------

    def needle_details(self) -> NeedleDetails:
        """The details new points get now: what the "New points" fields hold."""
        text = {key: edit.text().strip() for key, edit in self.defaults.items()}
        numbers = {}
        for key in ("length_mm", "retention_minutes"):
            numbers[key] = int(text[key]) if text[key].isdigit() else None
        return NeedleDetails(text["technique"], text["gauge"], **numbers)

    def load_content(self, content: VisitContent) -> None:
        self.list.load(content.points)
        source = content.points[-1] if content.points else self.clinic_defaults
        last = _from_entry(source) if isinstance(source, PointRow) else _from_details(source)
        for key in DETAILS:
            self.defaults[key].setText(last[key])

    def read(self, values: dict, errors: Errors) -> None:
        self.list.read(values, errors)

    def raw(self) -> dict:
        return {
            "line": self.line.text(),
            "defaults": {key: edit.text() for key, edit in self.defaults.items()},
            "rows": self.table.values(),
        }

    def load_raw(self, raw: dict) -> None:
        self.table.load_raw({"rows": raw.get("rows", [])})
        for key, edit in self.defaults.items():
            edit.setText(raw.get("defaults", {}).get(key, ""))
        self.line.setText(raw.get("line", ""))

    def show_errors(self, errors: Errors) -> None:
        self.list.show_errors(errors)

    def focus_chain(self) -> list[QWidget]:
        rows = self.table.focus_chain()[1:]  # without the hidden generic line
        return [self.line, *self.defaults.values(), *rows]
