"""Keeps None, True and False alive despite a reference-count bug of the Qt bindings.

With PySide6/shiboken6 6.12.0 on Python 3.11, every call of a Qt method that returns
nothing (``label.setText``, ``timer.start``…) takes one reference from ``None`` that it
never gave, and every signal emitted from Python with a bool argument does the same to
``True``/``False``. A desktop session makes millions of such calls; when ``None``'s count
reaches zero the interpreter aborts ("Fatal Python error: none_dealloc"), taking unsaved
work with it. Python 3.12 made these objects immortal, so the bug is harmless there; on
3.11 this module gives them the same effectively endless count once, at import.
"""

import ctypes
import sys

# Far more than any session can take away (a million calls a minute for two million years).
HEADROOM = 1 << 50


def singletons_need_protection() -> bool:
    return (
        sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        # Debug builds put other fields before the reference count.
        and not hasattr(sys, "gettotalrefcount")
    )


def protect_singletons() -> None:
    if not singletons_need_protection():
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < HEADROOM:
            count.value += HEADROOM


protect_singletons()
