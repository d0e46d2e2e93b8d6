"""First start on an empty database: a demo clinic to explore, or the user's own clinic."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sportacu_desktop import APP_NAME
from sportacu_desktop.domain.errors import InvalidInput
from sportacu_desktop.services import demo
from sportacu_desktop.services.context import Actor, Clinic
from sportacu_desktop.services.setup import start_empty_clinic
from sportacu_desktop.ui.formatting import plural
from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner, describe_error

DEFAULT_DEMO_PATIENTS = 200


class FirstRunDialog(QDialog):
    """Accepted once the clinic is set up; rejected if the user quits instead."""

    def __init__(
        self,
        clinic: Clinic,
        actor: Actor,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
    ):
        super().__init__(parent)
        self._clinic = clinic
        self._actor = actor
        self._runner = runner
        self._busy = False
        self.demo_summary: demo.DemoSummary | None = None
        self.setWindowTitle(f"Welcome to {APP_NAME}")

        intro = QLabel(
            f"<h3>Welcome to {APP_NAME}</h3>"
            "This clinic database is empty. How would you like to start?"
        )
        intro.setWordWrap(True)

        self.demo_choice = QRadioButton("Create a &demo clinic")
        self.demo_choice.setChecked(True)
        demo_note = self._note(
            "A made-up clinic to explore and practice with: patients with visits, "
            "flags and upcoming races. No real person's data."
        )
        self.patient_count = QSpinBox()
        self.patient_count.setRange(1, demo.MAX_PATIENTS)
        self.patient_count.setValue(DEFAULT_DEMO_PATIENTS)
        self.patient_count.setGroupSeparatorShown(True)
        self.patient_count.setAccessibleName("Number of demo patients")

        self.empty_choice = QRadioButton("Start an &empty clinic")
        empty_note = self._note("Your own clinic, ready for its first patient.")
        self.clinic_name = QLineEdit()
        self.clinic_name.setPlaceholderText("For example: Harbor Sports Acupuncture")
        self.clinic_name.setAccessibleName("Clinic name")
        self.clinic_name.textEdited.connect(lambda _text: self.empty_choice.setChecked(True))

        choices = QButtonGroup(self)
        choices.addButton(self.demo_choice)
        choices.addButton(self.empty_choice)
        choices.buttonToggled.connect(self._update_enabled)

        demo_form = QFormLayout()
        demo_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        demo_form.addRow("&Patients:", self.patient_count)
        empty_form = QFormLayout()
        empty_form.addRow("Clinic &name:", self.clinic_name)
        indent = self.fontMetrics().horizontalAdvance("M") * 2
        for form in (demo_form, empty_form):
            form.setContentsMargins(indent, 0, 0, 0)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")

        self.buttons = QDialogButtonBox()
        self.continue_button = self.buttons.addButton(
            "&Continue", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.continue_button.setDefault(True)
        self.quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(indent // 2)
        layout.addWidget(self.demo_choice)
        layout.addWidget(demo_note)
        layout.addLayout(demo_form)
        layout.addSpacing(indent // 2)
        layout.addWidget(self.empty_choice)
        layout.addWidget(empty_note)
        layout.addLayout(empty_form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        width = self.fontMetrics().averageCharWidth() * 64
        self.setMinimumWidth(width)
        # Wrapped notes make the default height guess too tall; ask for the height at this width.
        self.resize(width, self.layout().totalHeightForWidth(width))
        self._update_enabled()

    def _note(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        label.setIndent(self.fontMetrics().horizontalAdvance("M") * 2)
        return label

    def _update_enabled(self, *_args) -> None:
        idle = not self._busy
        for choice in (self.demo_choice, self.empty_choice, self.buttons):
            choice.setEnabled(idle)
        self.patient_count.setEnabled(idle and self.demo_choice.isChecked())
        self.clinic_name.setEnabled(idle and self.empty_choice.isChecked())

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_enabled()

    def _say(self, text: str, *, problem: bool = False) -> None:
        # Bold rather than a fixed red, which would be unreadable on some dark themes.
        font = self.message.font()
        font.setBold(problem)
        self.message.setFont(font)
        self.message.setText(text)

    def start(self) -> None:
        self._say("")
        if self.empty_choice.isChecked():
            self._start_empty()
        else:
            self._start_demo()

    def _start_empty(self) -> None:
        try:
            start_empty_clinic(self._clinic, self._actor, self.clinic_name.text())
        except InvalidInput as exc:
            self._say(str(exc), problem=True)
            self.clinic_name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        except Exception as exc:  # storage trouble: say it in words, keep the dialog open
            self._say(describe_error(exc), problem=True)
            return
        self.accept()

    def _start_demo(self) -> None:
        clinic, actor, patients = self._clinic, self._actor, self.patient_count.value()

        def work(progress: Progress) -> demo.DemoSummary:
            return demo.create_demo_clinic(clinic, actor, patients=patients, progress=progress)

        self._set_busy(True)
        BackgroundOp(self, work, self._demo_done, runner=self._runner).failure(
            self._demo_failed
        ).cancelled(self._demo_cancelled).with_progress(
            f"Creating a demo clinic with {plural(patients, 'patient')}…"
        ).run_in_background()

    def _demo_done(self, summary: demo.DemoSummary) -> None:
        self.demo_summary = summary
        self._set_busy(False)
        self.accept()

    def _demo_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._say(describe_error(exc), problem=True)

    def _demo_cancelled(self) -> None:
        self._set_busy(False)
        self._say("Demo clinic creation was cancelled; nothing was saved.")

    def reject(self) -> None:
        if self._busy:  # the running work owns the database; its progress dialog can cancel
            return
        super().reject()
