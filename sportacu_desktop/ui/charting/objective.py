"""Objective: special tests by region, range of motion against normal, muscle tests, palpation."""

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from sportacu_desktop.domain.catalog import muscles, normal_rom, special_tests
from sportacu_desktop.domain.visits import MuscleTestEntry, RomEntry, SpecialTestEntry, VisitContent
from sportacu_desktop.ui.charting import quick_entry as qe
from sportacu_desktop.ui.charting.rows import (
    SIDES,
    Column,
    RowWidget,
    error_label,
    show_error,
    to_int,
)
from sportacu_desktop.ui.charting.section import Errors, ListTable, Section, make_table, note_box

RESULTS = (
    ("", "—"),
    ("positive", "Positive"),
    ("negative", "Negative"),
    ("equivocal", "Equivocal"),
)
GRADES = tuple((str(g), f"{g}/5") for g in range(5, -1, -1))

TEST_COLUMNS = (
    Column("test_name", "Special test", stretch=3, completions=qe.test_names),
    Column("side", "Side", "combo", 7, SIDES),
    Column("result", "Result", "combo", 9, RESULTS),
    Column("note", "Note", stretch=2),
)
ROM_COLUMNS = (
    Column("joint", "Joint", chars=9, completions=lambda: sorted({j for j, _ in normal_rom()})),
    Column("motion", "Motion", stretch=1, completions=lambda: sorted({m for _, m in normal_rom()})),
    Column("degrees", "Degrees", chars=6),
    Column("normal", "Normal", "label", 9),
    Column("side", "Side", "combo", 7, SIDES),
)
MMT_COLUMNS = (
    Column("muscle", "Muscle", stretch=1, completions=muscles),
    Column("grade", "Grade", "combo", 6, GRADES),
    Column("side", "Side", "combo", 7, SIDES),
)


def _test(values: dict, problems: list[str]) -> SpecialTestEntry:
    name = values["test_name"].strip()
    if not name:
        problems.append("enter the name of the test")
    region = next((r for r, n in special_tests() if n == name), "")
    return SpecialTestEntry(name, values["side"], values["result"], values["note"], region)


def _test_values(entry: SpecialTestEntry) -> dict:
    return {
        "test_name": entry.test_name,
        "side": entry.side,
        "result": entry.result,
        "note": entry.note,
    }


def _rom(values: dict, problems: list[str]) -> RomEntry:
    degrees = to_int(values["degrees"], "degrees", problems, required=True)
    return RomEntry(values["joint"].strip(), values["motion"].strip(), degrees or 0, values["side"])


def _rom_values(entry: RomEntry) -> dict:
    return {
        "joint": entry.joint,
        "motion": entry.motion,
        "degrees": str(entry.degrees),
        "side": entry.side,
    }


def _mmt(values: dict, problems: list[str]) -> MuscleTestEntry:
    if not values["muscle"].strip():
        problems.append("enter the muscle tested")
    return MuscleTestEntry(values["muscle"].strip(), int(values["grade"]), values["side"])


def _mmt_values(entry: MuscleTestEntry) -> dict:
    return {"muscle": entry.muscle, "grade": str(entry.grade), "side": entry.side}


def normal_text(joint: str, motion: str) -> str:
    normal = {(j.lower(), m.lower()): d for (j, m), d in normal_rom().items()}
    degrees = normal.get((joint.strip().lower(), motion.strip().lower()))
    return "" if degrees is None else f"of {degrees}°"


class ObjectiveSection(Section):
    def __init__(self, shortcut: str = "", parent: QWidget | None = None):
        super().__init__("Objective", shortcut, parent)
        by_region = sorted(special_tests())
        self.tests = ListTable(
            "tests",
            make_table(
                "tests",
                TEST_COLUMNS,
                parse=qe.parse_test,
                placeholder="Special test, side, result — e.g. ober r +   (Enter adds)",
                completions=[(name, f"{name}  ·  {region}") for region, name in by_region],
            ),
            _test,
            _test_values,
            "Special test",
        )
        self.rom = ListTable(
            "rom",
            make_table(
                "rom",
                ROM_COLUMNS,
                parse=qe.parse_rom,
                placeholder="Range of motion — e.g. hip ir 30 r",
                completions=[
                    (f"{j} {m.lower()}", f"{j} {m.lower()}  ·  normal {d}°")
                    for (j, m), d in normal_rom().items()
                ],
            ),
            _rom,
            _rom_values,
            "ROM",
        )
        self.rom.table.rows_changed.connect(self._watch_rom_rows)
        self.muscle_tests = ListTable(
            "muscle_tests",
            make_table(
                "muscle_tests",
                MMT_COLUMNS,
                parse=qe.parse_muscle_test,
                placeholder="Manual muscle test 0–5 — e.g. glut med 4 r",
                completions=muscles(),
            ),
            _mmt,
            _mmt_values,
            "Muscle test",
        )
        self.palpation = note_box("palpation", "Palpation and trigger points", lines=2)
        self.notes = note_box("objective", "Other findings: gait, posture, swelling", lines=2)
        self.text_errors = {name: error_label() for name in ("palpation", "objective")}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, table in (
            ("Special tests", self.tests.table),
            ("Range of motion", self.rom.table),
            ("Muscle tests", self.muscle_tests.table),
        ):
            label = QLabel(caption)
            label.setBuddy(table.line)
            form.addRow(label, table)
        form.addRow(self._label("Palpation", self.palpation), self.palpation)
        form.addRow("", self.text_errors["palpation"])
        form.addRow(self._label("Other findings", self.notes), self.notes)
        form.addRow("", self.text_errors["objective"])
        self.body.addLayout(form)

        for part in self._tables():
            part.table.changed.connect(self.changed)
            part.table.rows_changed.connect(self.structure_changed)
        self.palpation.textChanged.connect(self.changed)
        self.notes.textChanged.connect(self.changed)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _tables(self) -> tuple[ListTable, ...]:
        return (self.tests, self.rom, self.muscle_tests)

    def _watch_rom_rows(self) -> None:
        for row in self.rom.table.rows:
            if not row.property("watched"):
                row.setProperty("watched", True)
                row.changed.connect(lambda row=row: self._update_normal(row))
            self._update_normal(row)

    @staticmethod
    def _update_normal(row: RowWidget) -> None:
        values = row.values()
        row.editors["normal"].setText(normal_text(values["joint"], values["motion"]))

    def load_content(self, content: VisitContent) -> None:
        self.tests.load(content.tests)
        self.rom.load(content.rom)
        self.muscle_tests.load(content.muscle_tests)
        self.palpation.setPlainText(content.palpation)
        self.notes.setPlainText(content.objective)

    def read(self, values: dict, errors: Errors) -> None:
        for part in self._tables():
            part.read(values, errors)
        values["palpation"] = self.palpation.toPlainText()
        values["objective"] = self.notes.toPlainText()

    def raw(self) -> dict:
        raw = {part.key: part.table.raw() for part in self._tables()}
        raw["palpation"] = self.palpation.toPlainText()
        raw["objective"] = self.notes.toPlainText()
        return raw

    def load_raw(self, raw: dict) -> None:
        for part in self._tables():
            part.table.load_raw(raw.get(part.key, {}))
        self.palpation.setPlainText(raw.get("palpation", ""))
        self.notes.setPlainText(raw.get("objective", ""))

    def show_errors(self, errors: Errors) -> None:
        for part in self._tables():
            part.show_errors(errors)
        for name, label in self.text_errors.items():
            show_error(label, errors.get(name))

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for part in self._tables():
            chain.extend(part.table.focus_chain())
        return chain + [self.palpation, self.notes]
