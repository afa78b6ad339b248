"""What the benchmarks share: a fresh SQLite database with Django set up, timing, percentiles,
and the display width of Japanese table cells."""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


def fresh_django(db_name: str, keep: bool = False) -> bool:
    """Point Django at a new, empty SQLite file in benchmarks/results/ and set it up; with
    ``keep``, at the file already there. True if the file existed and was kept."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    db_path = RESULTS / db_name
    kept = keep and db_path.exists()
    if not kept:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    return kept


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def timed(fn, repeat: int, clock=time.perf_counter, warm: bool = True) -> list[float]:
    """Milliseconds per call over ``repeat`` calls, after one warm-up call that fills caches."""
    if warm:
        fn()
    samples = []
    for _ in range(repeat):
        start = clock()
        fn()
        samples.append((clock() - start) * 1000)
    return samples


def width(text: str) -> int:
    """Display width: East Asian wide characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
