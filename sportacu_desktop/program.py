"""What the ``sportacu`` program does around every use: the exit status and the one line
on stderr for each kind of failure, and opening the desktop app where a window can open.

Exit status: 0 done; 1 a check found a problem; 2 bad usage or input (one line on stderr,
nothing written); 70 a bug (one line on stderr, the traceback in the log file).
"""

import os
import sys
from collections.abc import Callable, Mapping

from sportacu_desktop.domain.errors import UserError
from sportacu_desktop.log_file import log_bug, start_logging

OK, BAD_INPUT, BUG, INTERRUPTED = 0, 2, 70, 130

# Qt platforms that draw without a display server (tests, remote viewers).
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc")


def has_graphical_session(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt can open a window here; on Linux without a display Qt aborts the process."""
    if not platform.startswith("linux"):
        return True
    requested = environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if requested in HEADLESS_PLATFORMS:
        return True
    return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


class NoGraphicalSession(UserError):
    """The desktop app was asked for where no window can open."""


def open_desktop(db: str | None, commands: Callable[[], tuple[str, ...]]) -> int:
    """Runs the desktop app; ``commands`` names what works without a display otherwise."""
    if not has_graphical_session(os.environ):
        # Checked before Qt starts: without a display Qt aborts with a misleading xcb hint.
        headless = [name for name in commands() if name != "gui"]
        raise NoGraphicalSession(
            "the desktop app needs a graphical session (no DISPLAY or WAYLAND_DISPLAY); "
            "these commands work without one: " + ", ".join(headless)
        )
    from sportacu_desktop.ui.launch import run_gui

    return run_gui(db)


def guarded(action: Callable[[], int]) -> int:
    """``action``'s exit status, with every failure turned into one line on stderr."""
    log = start_logging()
    try:
        return action()
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours.
        sys.stderr.close()
        return OK
    except KeyboardInterrupt:
        print("sportacu: interrupted; nothing was saved by the interrupted step", file=sys.stderr)
        return INTERRUPTED
    except Exception as exc:
        from sportacu_desktop.services.errors import as_user_error

        problem = as_user_error(exc)
        if problem is not None:
            print(f"sportacu: {problem}", file=sys.stderr)
            return BAD_INPUT
        log_bug(exc)
        print(
            f"sportacu: something went wrong ({type(exc).__name__}) and the command stopped. "
            f"The details were written to {log}.",
            file=sys.stderr,
        )
        return BUG
