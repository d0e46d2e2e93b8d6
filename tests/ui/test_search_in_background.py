"""Typed patient searches run off the UI thread; a late answer never shows under a newer query."""

import threading

import pytest

from sportacu_desktop.services.context import command_line_actor
from sportacu_desktop.services.patients import PatientDirectory
from sportacu_desktop.ui.patients.list_model import PatientIdRole, PatientListModel
from tests.hang_guard import HANG_GUARD_S


class HeldDirectory:
    """The real directory on the clinic file; a search for ``held`` waits until let go."""

    def __init__(self, directory: PatientDirectory, held: str):
        self._directory = directory
        self.held = held
        self.let_go = threading.Event()
        self.held_started = threading.Event()
        self.held_answered = threading.Event()

    def search_ids(self, text: str = "", *, limit: int | None = None) -> list[int]:
        if text != self.held:
            return self._directory.search_ids(text, limit=limit)
        self.held_started.set()
        assert self.let_go.wait(HANG_GUARD_S)
        try:
            return self._directory.search_ids(text, limit=limit)
        finally:
            self.held_answered.set()

    def rows(self, ids):
        return self._directory.rows(ids)


@pytest.fixture
def directory(small_clinic):
    return PatientDirectory(small_clinic.session_factory, command_line_actor())


def shown_names(model: PatientListModel) -> list[str]:
    return [model.index(row, 1).data() for row in range(model.rowCount())]


def test_a_late_answer_to_an_older_search_is_dropped(qtbot, qtmodeltester, directory):
    source = HeldDirectory(directory, held="ruiz")
    model = PatientListModel(source)
    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append(model.search_text))

    model.search_in_background("ruiz")  # slow: still running when the next key comes
    assert source.held_started.wait(HANG_GUARD_S)
    with qtbot.waitSignal(model.searched):
        model.search_in_background("okafor")
        source.let_go.set()  # the older answer arrives while the newer one is asked for
    assert shown_names(model) == ["Okafor, Ben"]
    assert source.held_answered.wait(HANG_GUARD_S)

    # One more search: its answer comes after the dropped one, in order.
    with qtbot.waitSignal(model.searched):
        model.search_in_background("patel")
    assert resets == ["okafor", "patel"]  # "ruiz" was never shown
    assert shown_names(model) == ["Patel, Dev"]
    assert model.data(model.index(0, 0), PatientIdRole) == directory.search_ids("patel")[0]
    qtmodeltester.check(model, force_py=True)
    model.wait_for_search()


def test_typing_in_the_search_box_searches_off_the_ui_thread(qtbot, small_clinic, open_window):
    main = open_window(small_clinic)
    panel = main.search_panel
    called_on: list[threading.Thread] = []
    real = panel.model._source.search_ids

    def search_ids(text: str = "", *, limit: int | None = None):
        called_on.append(threading.current_thread())
        return real(text, limit=limit)

    panel.model._source = type(
        "Spy", (), {"search_ids": staticmethod(search_ids), "rows": panel.model._source.rows}
    )()
    with qtbot.waitSignal(panel.results_changed):
        qtbot.keyClicks(panel.search_box, "ruiz")
    assert called_on and threading.main_thread() not in called_on
    assert panel.summary.text() == "2 matches"
    assert shown_names(panel.model) == ["Ruiz, Ana", "Ruiz, Chloé"]
    panel.model.wait_for_search()
