"""Data layer speed: import time and loading all AES events (targets 0.5 s and 0.3 s)."""

import subprocess
import sys

CODE = """
import time
t0 = time.perf_counter()
import sahel_analysis
t1 = time.perf_counter()
from sahel_analysis import data
t2 = time.perf_counter()
events = data.events(["MLI", "BFA", "NER"])
t3 = time.perf_counter()
events = data.events(["MLI", "BFA", "NER"])
t4 = time.perf_counter()
print(t1 - t0, t3 - t2, t4 - t3, len(events))
"""


def main() -> None:
    runs = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                             check=True).stdout.split()
        runs.append([float(x) for x in out[:3]])
    best = [min(r[i] for r in runs) for i in range(3)]
    print(f"import_sahel_analysis: {best[0]:.3f} s")
    print(f"events_load_aes_cold: {best[1]:.3f} s")
    print(f"events_load_aes_warm: {best[2]:.3f} s")
    print(f"events_rows: {out[3]} rows")


if __name__ == "__main__":
    main()
