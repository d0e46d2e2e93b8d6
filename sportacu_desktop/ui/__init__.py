"""The PySide6 desktop interface; it talks to services only, never to the database."""

from sportacu_desktop.ui import refcount_guard  # noqa: F401 - must run before any Qt call
