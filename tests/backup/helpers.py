"""Reading a clinic database file back, table by table, plain or encrypted."""

import fcntl
import os
import pty
import select
import subprocess
import sys
import termios
import time
from pathlib import Path

from sportacu_desktop.storage.encryption import PASSPHRASE_ENV, connect_file
from sportacu_desktop.storage.sqlite_files import table_counts
from tests.hang_guard import HANG_GUARD_S

PASSPHRASE = "correct horse battery staple"


def dump(path: Path, passphrase: str | None = None) -> dict[str, list[tuple]]:
    """Every row of every table (and the schema itself), in a fixed order."""
    connection = connect_file(path, passphrase)
    try:
        tables = {name: _rows(connection, name) for name in table_counts(connection)}
        tables["sqlite_master"] = connection.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()
        return tables
    finally:
        connection.close()


def _rows(connection, table: str) -> list[tuple]:
    """A table's rows in rowid order; the search index's FTS5 tables have no rowid."""
    try:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY rowid').fetchall()
    except Exception:  # noqa: BLE001 - sqlite3 and sqlcipher3 raise their own OperationalError
        return sorted(connection.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)


def assert_same_data(first: dict[str, list[tuple]], second: dict[str, list[tuple]]) -> None:
    assert sorted(first) == sorted(second)
    for table in first:
        assert first[table] == second[table], f"table {table} differs"


def counts(path: Path, passphrase: str | None = None) -> dict[str, int]:
    connection = connect_file(path, passphrase)
    try:
        return table_counts(connection)
    finally:
        connection.close()


def a_patient_name(path: Path, passphrase: str | None = None) -> str:
    """A last name long enough that finding it in raw bytes cannot be chance."""
    connection = connect_file(path, passphrase)
    try:
        return connection.execute(
            "SELECT last_name FROM patient WHERE length(last_name) >= 6 ORDER BY id LIMIT 1"
        ).fetchone()[0]
    finally:
        connection.close()


def corrupt_table(path: Path, table: str = "visit") -> None:
    """Overwrite the root page of ``table`` with garbage, as a failing disk might."""
    connection = connect_file(path)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()[0]
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    with open(path, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line in a subprocess, stdin not a terminal, no passphrase unless
    given in ``env``."""
    environment = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    return subprocess.run(
        [sys.executable, "-m", "sportacu_desktop", *args],
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        stdin=subprocess.DEVNULL,
        timeout=HANG_GUARD_S,
    )


def one_line_error(result: subprocess.CompletedProcess) -> str:
    """The single stderr line of a refused command (no traceback, nothing else)."""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert lines[0].startswith("sportacu: ")
    return lines[0]


def run_on_terminal(
    *args: str,
    answers: list[tuple[str, str]],
    env: dict | None = None,
    timeout: float = HANG_GUARD_S,
) -> tuple[int, str]:
    """The command line on a real (pseudo-)terminal: answer each prompt as it appears.

    ``answers`` pairs a piece of prompt text with what to type. Returns the exit status
    and everything the terminal showed.
    """
    master, slave = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    process = subprocess.Popen(
        [sys.executable, "-m", "sportacu_desktop", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**environment, **(env or {})},
        start_new_session=True,
        # Make the terminal the child's controlling one, so getpass reads from it.
        preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    shown, pending, deadline = "", list(answers), time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk.decode(errors="replace")
            if pending and pending[0][0] in shown:
                prompt, answer = pending.pop(0)
                shown = shown.replace(prompt, f"<{prompt}>", 1)
                os.write(master, answer.encode() + b"\n")
            elif process.poll() is not None and not ready:
                break
        return process.wait(timeout=max(1, deadline - time.monotonic())), shown
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
