"""What opening the clinic will ask first, judged from the file alone, without the
database layer, so the desktop app can show its first window before that layer loads."""

from sportacu_desktop.storage.locations import database_target, file_of_target, is_encrypted

SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def expects_sign_in(db: str | None) -> bool:
    """Whether the clinic is most likely an existing one whose first window is sign-in:
    a database file with something in it and no passphrase, or a clinic server.

    A guess made in a few file-system calls; opening the clinic has the last word (a new,
    damaged or account-less clinic then replaces the sign-in window with the right one).
    """
    target = database_target(db)
    if target.startswith(SERVER_SCHEMES):
        return True  # nothing to read here; a server clinic is set up from a workstation
    path = file_of_target(target)
    if path is None:
        return False
    try:
        has_content = path.is_file() and path.stat().st_size > 0
    except OSError:
        return False
    return has_content and not is_encrypted(path)
