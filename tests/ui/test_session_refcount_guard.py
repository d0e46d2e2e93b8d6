"""The interpreter survives the Qt bindings' reference-count bug on Python 3.11."""

import sys

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel

from sportacu_desktop.ui.refcount_guard import HEADROOM, singletons_need_protection


class Emitter(QCheckBox):
    flag = Signal(bool)


def test_none_true_and_false_outlive_a_long_session_of_qt_calls(qtbot):
    label, emitter = QLabel(), Emitter()
    qtbot.addWidget(label)
    qtbot.addWidget(emitter)
    for _ in range(20_000):
        label.setText("x")  # returns nothing: the call the bindings miscount
        emitter.flag.emit(True)
        emitter.flag.emit(False)
    if singletons_need_protection():
        for singleton in (None, True, False):
            assert sys.getrefcount(singleton) > HEADROOM // 2
