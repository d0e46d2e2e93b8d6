"""Long work off the UI thread whose result the caller waits for, with a delayed progress.

Used where the next step needs the result before anything else can happen: opening the
clinic at start, restoring or re-encrypting it while no session is open. A local event
loop keeps the progress dialog and its Cancel responsive meanwhile.
"""

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QWidget

from sportacu_desktop.ui.operations import BackgroundOp, Progress, TaskRunner

T = TypeVar("T")


class Cancelled(Exception):
    """The user pressed Cancel in the progress dialog; the work stopped cleanly."""


def run_blocking(
    parent: QWidget | None,
    label: str | None,
    work: Callable[[Progress], T],
    *,
    runner: TaskRunner | None = None,
    cancellable: bool = False,
) -> T:
    """``work``'s result; its exception is raised here, Cancelled when the user cancelled.

    Without a ``label`` no progress dialog appears: the windows already on screen stay
    usable meanwhile (the sign-in window while the clinic opens at start).
    """
    outcome: dict[str, object] = {}
    loop = QEventLoop()

    def finish(key: str, value: object) -> None:
        outcome[key] = value
        loop.quit()

    op = (
        BackgroundOp(parent, work, lambda result: finish("result", result), runner=runner)
        .failure(lambda exc: finish("error", exc))
        .cancelled(lambda: finish("cancelled", True))
    )
    if label:
        op.with_progress(label, cancellable=cancellable)
    op.run_in_background()
    if not outcome:
        loop.exec()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    if "cancelled" in outcome:
        raise Cancelled()
    return outcome["result"]  # type: ignore[return-value]
