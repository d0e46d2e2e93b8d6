"""How long a test waits for a condition before calling it a hang.

Tests wait on conditions (a signal, a window becoming active, a row in the database),
never on the clock. The guard only stops a broken test from waiting forever: it is far
above anything a loaded machine needs, so reaching it means something never happened,
not that it was slow. Speed is measured in ``benchmarks/``, not asserted here.
"""

HANG_GUARD_S = 300
HANG_GUARD_MS = HANG_GUARD_S * 1000
