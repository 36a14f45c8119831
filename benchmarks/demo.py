"""How long the demo generator takes (it runs at the first start of a fresh clone): median of 5 runs.

.venv/bin/python benchmarks/demo.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.demo import generate


def main() -> None:
    times = []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            written = generate(Path(tmp) / "raw")
            times.append(time.perf_counter() - start)
    print(
        f"demo generator: {len(written)} files, median {statistics.median(times):.2f} s "
        f"(min {min(times):.2f}, max {max(times):.2f}) over 5 runs"
    )


if __name__ == "__main__":
    main()
