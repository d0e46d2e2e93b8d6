"""Reading a child process's output line by line, waiting on the line, not on the clock."""

import queue
import subprocess
import threading

from tests.hang_guard import HANG_GUARD_S


class ChildStopped(AssertionError):
    """The child ended, or said nothing until the hang guard, before the expected line."""


class LineReader:
    """Queues a child's stdout lines from a thread, so a read can give up at the hang guard."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)  # end of output

    def next(self) -> tuple[str, str]:
        """The next line as (first word, rest)."""
        try:
            line = self.lines.get(timeout=HANG_GUARD_S)
        except queue.Empty:
            raise ChildStopped(f"the child said nothing for {HANG_GUARD_S} s") from None
        if line is None:
            self.lines.put(None)  # stays at the end for any later read
            stderr = self.process.stderr.read()[-2000:] if self.process.stderr else ""
            raise ChildStopped(f"the child ended: {stderr}")
        word, _, rest = line.partition(" ")
        return word, rest

    def rest(self) -> list[tuple[str, str]]:
        """Every line still to come, up to the child's end."""
        lines = []
        while (line := self.lines.get(timeout=HANG_GUARD_S)) is not None:
            word, _, rest = line.partition(" ")
            lines.append((word, rest))
        self.lines.put(None)
        return lines


HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("COMMIT")
print("released", flush=True)
"""


class AnotherWorkstation:
    """A second process on the same SQLite file holding its write lock (``BEGIN IMMEDIATE``)
    from ``with`` until ``release()``, told through its stdin: no clock involved."""

    def __init__(self, path):
        self.path = str(path)
        self.process: subprocess.Popen | None = None
        self.reader: LineReader | None = None

    def __enter__(self) -> "AnotherWorkstation":
        import sys

        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLD_WRITE_LOCK, self.path],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.reader = LineReader(self.process)
        word, _ = self.reader.next()
        assert word == "locked"
        return self

    def release(self) -> None:
        if self.process is None or self.process.stdin is None or self.process.stdin.closed:
            return
        self.process.stdin.write("\n")
        self.process.stdin.close()
        word, _ = self.reader.next()
        assert word == "released"
        self.process.wait()

    def __exit__(self, *exc) -> None:
        if self.process is None:
            return
        if exc[0] is None:
            self.release()
        else:
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
