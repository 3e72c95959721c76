"""What the Python sides of the benchmarks share (as scripts/bench/_util.ts does for Node's)."""
import time


def us_per_call(f, n, warm):
    """Microseconds per call of f over n calls, after `warm` calls of warm-up."""
    for _ in range(warm):
        f()
    t0 = time.perf_counter()
    for _ in range(n):
        f()
    return (time.perf_counter() - t0) / n * 1e6
