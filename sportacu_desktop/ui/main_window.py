"""The main window: menus, toolbar and status bar around the patient list and chart header.

Kept thin on purpose: panels live in their own modules and actions in ``actions.py``;
this module only wires them together.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QSplitter, QToolBar, QWidget

from sportacu_desktop import APP_NAME
from sportacu_desktop.services.patients import PatientNotFound
from sportacu_desktop.ui.about import AboutDialog
from sportacu_desktop.ui.actions import ActionId, ActionRegistry
from sportacu_desktop.ui.app_context import AppContext
from sportacu_desktop.ui.billing.balance import show_balance
from sportacu_desktop.ui.charting.controller import ChartingController
from sportacu_desktop.ui.clinic_export import ClinicExport
from sportacu_desktop.ui.disclosures.controller import DisclosuresController
from sportacu_desktop.ui.episodes.controller import EpisodeController
from sportacu_desktop.ui.exports.controller import ExportActions
from sportacu_desktop.ui.formatting import database_location, plural
from sportacu_desktop.ui.help import HelpMenu
from sportacu_desktop.ui.keyboard import make_window_shortcuts_win
from sportacu_desktop.ui.operations import show_error
from sportacu_desktop.ui.patients.controller import PatientActions
from sportacu_desktop.ui.patients.header_panel import PatientHeaderPanel
from sportacu_desktop.ui.patients.search_panel import PatientSearchPanel
from sportacu_desktop.ui.window_size import fit_to_screen, keep_on_screen

# Bump when the toolbar or splitter layout changes so an old saved state is not applied.
STATE_VERSION = 1
GEOMETRY_KEY = "main_window/geometry"
STATE_KEY = "main_window/state"
SPLITTER_KEY = "main_window/splitter"


class MainWindow(QMainWindow):
    def __init__(
        self,
        context: AppContext,
        *,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.context = context
        self._settings = settings if settings is not None else QSettings()
        self._practice = context.practice_name()
        self.about_dialog: AboutDialog | None = None
        self.day_sheet = None  # the Billing ▸ Day Sheet window while it is open
        self.setObjectName("mainWindow")

        self.registry = ActionRegistry(self)
        make_window_shortcuts_win()
        find_keys = self.registry[ActionId.FIND_PATIENT].shortcut()
        self.search_panel = PatientSearchPanel(context.patients)
        self.header_panel = PatientHeaderPanel(
            find_keys.toString(QKeySequence.SequenceFormat.NativeText)
        )
        self.episodes = EpisodeController(self, context, self.registry)
        # The chart's middle: who the patient is above, their episodes of care below.
        self.chart_splitter = QSplitter(Qt.Orientation.Vertical)
        self.chart_splitter.setObjectName("chartSplitter")
        self.chart_splitter.addWidget(self.header_panel)
        self.chart_splitter.addWidget(self.episodes.panel)
        self.chart_splitter.setStretchFactor(0, 2)
        self.chart_splitter.setStretchFactor(1, 3)
        self.chart_splitter.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("patientSplitter")
        self.splitter.addWidget(self.search_panel)
        self.splitter.addWidget(self.chart_splitter)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        margin = self.fontMetrics().height() // 2
        self.splitter.setContentsMargins(margin, margin, margin, 0)
        self.setCentralWidget(self.splitter)

        self.charting = ChartingController(self, context, self.registry, self._settings)
        self.charting.visits_changed.connect(self._visits_changed)
        self.episodes.next_visit_changed.connect(self.header_panel.show_next_visit)
        self.patient_actions = PatientActions.create(self, context, self.registry)
        self.disclosures = DisclosuresController(self, context, self.registry)
        self.clinic_export = ClinicExport(self, context, self.registry)
        self.export_actions = ExportActions(self, context, self.registry, self.header_panel)
        self._connect_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        self._update_title()
        self._restore_window_state()

        self.search_panel.open_requested.connect(self.open_patient)
        self.search_panel.run_search()
        self.search_panel.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- building ------------------------------------------------------------------------

    def _connect_actions(self) -> None:
        self.registry[ActionId.QUIT].triggered.connect(self.close)
        self.registry[ActionId.FIND_PATIENT].triggered.connect(self.search_panel.focus_search)
        open_action = self.registry[ActionId.OPEN_PATIENT]
        open_action.triggered.connect(self.search_panel.request_open)
        # Its shortcut (Enter) is scoped to the patient list and search box.
        self.search_panel.addAction(open_action)
        self.registry[ActionId.ABOUT].triggered.connect(self.show_about)
        self.registry[ActionId.DAY_SHEET].triggered.connect(self.show_day_sheet)
        self.help = HelpMenu(self, self.registry)
        self.search_panel.results_changed.connect(lambda count: open_action.setEnabled(count > 0))

    def _build_menus(self) -> None:
        menus = {
            "&File": [
                ActionId.IMPORT_PATIENTS,
                ("&Export", [ActionId.EXPORT_CSV, ActionId.EXPORT_FHIR]),
                None,
                ActionId.QUIT,
            ],
            "&Patient": [
                ActionId.NEW_PATIENT,
                ActionId.EDIT_PATIENT,
                None,
                ActionId.FIND_PATIENT,
                ActionId.OPEN_PATIENT,
                ActionId.DISCLOSURES,
                None,
                ActionId.RECORD_ON_REQUEST,
                ActionId.ARCHIVE_PATIENT,
            ],
            "&Visit": [
                ActionId.NEW_VISIT,
                ActionId.NEW_VISIT_FROM_LAST,
                ActionId.SHOW_VISITS,
                None,
                ActionId.HOMECARE_SHEET,
            ],
            "&Billing": [ActionId.DAY_SHEET],
            "E&pisode": [
                ActionId.NEW_EPISODE,
                ActionId.EDIT_EPISODE,
                ActionId.DISCHARGE_EPISODE,
                None,
                ActionId.RECORD_MEASURES,
                None,
                ActionId.TREATMENT_SUMMARY,
            ],
            "&Help": [ActionId.USER_GUIDE, ActionId.KEYBOARD_SHORTCUTS, None, ActionId.ABOUT],
        }
        for title, action_ids in menus.items():
            self._fill_menu(self.menuBar().addMenu(title), action_ids)

    def _fill_menu(self, menu: QMenu, entries: list) -> None:
        """Actions by id; None a separator; (title, entries) a submenu."""
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, tuple):
                title, inner = entry
                self._fill_menu(menu.addMenu(title), inner)
            else:
                menu.addAction(self.registry[entry])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setMovable(False)
        for action_id in (
            ActionId.NEW_PATIENT,
            ActionId.FIND_PATIENT,
            ActionId.OPEN_PATIENT,
            ActionId.EDIT_PATIENT,
            ActionId.NEW_VISIT,
        ):
            toolbar.addAction(self.registry[action_id])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        status = self.statusBar()
        self.clinic_label = QLabel(self._practice)
        location = database_location(self.context.clinic.url)
        # A long path is shortened in the middle so the status message keeps its room.
        self.database_label = QLabel(
            self.fontMetrics().elidedText(
                location, Qt.TextElideMode.ElideMiddle, self.fontMetrics().averageCharWidth() * 40
            )
        )
        self.database_label.setToolTip(f"Where this clinic's data is stored: {location}")
        self.count_label = QLabel()
        self.count_label.setToolTip("All patients, archived ones included")
        gap = self.fontMetrics().horizontalAdvance("M")
        for label in (self.clinic_label, self.database_label, self.count_label):
            label.setContentsMargins(gap, 0, gap, 0)
            status.addPermanentWidget(label)
        self.update_patient_count()
        backup = self.context.clinic.upgrade_backup
        if backup:
            # The file name fits the status bar at 1366 px; the tooltip has the whole path.
            status.showMessage(f"Database upgraded; previous version kept as {Path(backup).name}")
            status.setToolTip(f"The previous version was copied to {backup}")

    def update_patient_count(self) -> None:
        self.count_label.setText(plural(self.context.patients.count(), "patient"))

    def _update_title(self) -> None:
        title = f"{self._practice} — {APP_NAME}"
        if self.header_panel.patient_id is not None:
            title = f"{self.header_panel.name_label.text()} — {title}"
        self.setWindowTitle(title)

    # --- patients ------------------------------------------------------------------------

    def open_patient(self, patient_id: int) -> None:
        # Cleared before loading, so a failed load can never leave the previous patient shown.
        self.header_panel.clear()
        self.charting.set_patient(None)
        self.episodes.set_patient(None)
        self._update_title()
        try:
            header = self.context.patients.header(patient_id)
        except PatientNotFound:
            self.statusBar().showMessage("That patient is no longer in the clinic.", 5000)
            self.search_panel.model.refresh()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.header_panel.show_patient(header, header.missing_consents)
        show_balance(self.header_panel.balance_label, self.context, header.id)
        self.charting.set_patient(header.id)
        self.episodes.set_patient(header.id)
        self._update_title()

    def _visits_changed(self, patient_id: int) -> None:
        # The header first: showing it again clears the next visit the episodes then set.
        self.refresh_header(patient_id)
        if self.header_panel.patient_id == patient_id:
            self.episodes.refresh()

    def refresh_header(self, patient_id: int) -> None:
        """Show the open patient's header again (a visit was signed: count, last visit)."""
        if self.header_panel.patient_id != patient_id:
            return
        try:
            header = self.context.patients.header(patient_id, opened=False)
        except Exception:  # noqa: BLE001 - the header shown stays; opening again retries
            return
        self.header_panel.show_patient(header, header.missing_consents)

    def show_about(self) -> None:
        if self.about_dialog is None:
            location = database_location(self.context.clinic.url)
            self.about_dialog = AboutDialog(self, database=location)
        self.about_dialog.open()

    def show_day_sheet(self):
        from sportacu_desktop.ui.billing.day_sheet_window import DaySheetWindow

        if self.day_sheet is None:
            self.day_sheet = DaySheetWindow(self.context.clinic, self.context.actor, self)
            self.day_sheet.finished.connect(lambda _r: setattr(self, "day_sheet", None))
            self.day_sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_sheet.show()
        self.day_sheet.raise_()
        self.day_sheet.activateWindow()
        return self.day_sheet

    # --- window state --------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        # First start: room for the list and the header, in units of the user's font.
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 150, metrics.height() * 42)

    def _restore_window_state(self) -> None:
        settings = self._settings
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            keep_on_screen(self)
        else:
            fit_to_screen(self)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray):
            self.restoreState(state, STATE_VERSION)
        self.charting.window_state_restored()
        splitter = settings.value(SPLITTER_KEY)
        if not (isinstance(splitter, QByteArray) and self.splitter.restoreState(splitter)):
            half = self.width() // 2
            self.splitter.setSizes([half, half])

    def save_window_state(self) -> None:
        self._settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        self._settings.setValue(STATE_KEY, self.saveState(STATE_VERSION))
        self._settings.setValue(SPLITTER_KEY, self.splitter.saveState())
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.charting.close_all()
        self.save_window_state()
        super().closeEvent(event)
