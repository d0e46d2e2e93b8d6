"""ICD-10-CM search per keystroke (budget 50 ms): every prefix of typical typed queries.

Prints median, p95 and the slowest keystroke; it asserts nothing. Run:

    .venv/bin/python benchmarks/icd_search.py
"""

import statistics
import time

from sportacu_desktop.services import icd

BUDGET_MS = 50
TYPED = (
    "achilles tendinitis",
    "plantar fasc",
    "M76.61",
    "S86.011A",
    "stress fracture tibia",
    "iliotibial",
    "patellofemoral right knee",
    "pain in right hip",
    "right",
    "shin splints",
)


def keystroke_times(repeat: int = 3) -> list[tuple[float, str]]:
    """(milliseconds, text) for every prefix of the typed queries, ``repeat`` times over."""
    timings: list[tuple[float, str]] = []
    for _ in range(repeat):
        for text in TYPED:
            for end in range(1, len(text) + 1):
                typed = text[:end]
                began = time.perf_counter()
                icd.search(typed)
                timings.append(((time.perf_counter() - began) * 1000, typed))
    return timings


def main() -> None:
    start = time.perf_counter()
    icd.search("warm up")
    print(f"{'first search (opens the index)':<44} {(time.perf_counter() - start) * 1000:8.1f} ms")
    timings = keystroke_times()
    values = sorted(t for t, _ in timings)
    p95 = values[int(len(values) * 0.95) - 1]
    slowest, slowest_text = max(timings)
    print(f"{'keystrokes measured':<44} {len(values):8d}")
    print(f"{'median per keystroke':<44} {statistics.median(values):8.1f} ms")
    print(f"{'p95 per keystroke':<44} {p95:8.1f} ms  {p95 / BUDGET_MS:5.2f} of budget")
    print(f"{'slowest keystroke':<44} {slowest:8.1f} ms  ({slowest_text!r})")


if __name__ == "__main__":
    main()
