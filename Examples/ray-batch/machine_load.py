"""How busy this machine is, and how much of that is someone else's work (Linux /proc).

The example runs on a 2-core machine shared with other work; a run during which other
processes took CPU says little about scaling. These readings let the command wait for a
quiet machine and report, for each run, the cores that processes outside the example used.
Where /proc is missing (not Linux) every reading is 0.
"""

from __future__ import annotations

import bisect
import os
import threading
import time

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def machine_busy_seconds() -> float:
    """CPU seconds all cores have spent busy (not idle or iowait) since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
    except OSError:
        return 0.0
    return (sum(fields) - fields[3] - fields[4]) / TICKS


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds (utime + stime) of process `root` and each of its live descendants, by
    pid. For the driver: the whole local Ray cluster (GCS, raylet, workers and actors are its
    descendants). Reaped children's time (cutime) is left out: a child that exits would
    otherwise be counted twice, once alive and once in its parent."""
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # The process ended while we looked.
        # The command name may hold spaces and parentheses: the fields follow the last ")".
        fields = stat[stat.rindex(")") + 2 :].split()
        pid = int(entry)
        parent[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    tree = {}
    for pid, seconds in cpu.items():
        p = pid
        while p not in (0, 1) and p != root:
            p = parent.get(p, 0)
        if p == root:
            tree[pid] = seconds
    return tree


def tree_delta(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the tree used between two tree_cpu readings: each live process's growth
    (new ones from 0). Processes that ended in between drop out, so the tree's share is
    slightly under-counted and others' over-counted, never the reverse."""
    return sum(max(seconds - before.get(pid, 0.0), 0.0) for pid, seconds in after.items())


class OthersMeter:
    """Cores used by processes outside this process's tree between start() and cores()."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        """Begins a new interval."""
        self._t = time.monotonic()
        self._machine = machine_busy_seconds()
        self._ours = tree_cpu(os.getpid())

    def cores(self) -> float:
        """Average cores others used since start() (ours: this process and its descendants)."""
        elapsed = max(time.monotonic() - self._t, 1e-9)
        others = (machine_busy_seconds() - self._machine) - tree_delta(self._ours, tree_cpu(os.getpid()))
        return max(others, 0.0) / elapsed


class OthersSampler:
    """Samples (wall clock, machine busy seconds, our tree's seconds) every `interval`
    seconds on a background thread, so the cores others used can be read afterwards for any
    window, such as a run's steady state known only from its results. Use as a context
    manager around the run."""

    def __init__(self, interval: float = 0.5) -> None:
        self.interval = interval
        self.samples: list[tuple[float, float, dict[int, float]]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self) -> None:
        self.samples.append((time.time(), machine_busy_seconds(), tree_cpu(os.getpid())))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> "OthersSampler":
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def cores_between(self, start: float, end: float) -> float:
        """Average cores others used from the last sample at or before `start` (wall clock,
        time.time()) to the first at or after `end`; 0 with fewer than two samples."""
        times = [t for t, _, _ in self.samples]
        i = max(bisect.bisect_right(times, start) - 1, 0)
        j = min(bisect.bisect_left(times, end), len(times) - 1)
        if j <= i:
            return 0.0
        (t0, m0, o0), (t1, m1, o1) = self.samples[i], self.samples[j]
        return max((m1 - m0) - tree_delta(o0, o1), 0.0) / (t1 - t0)


def wait_until_quiet(limit: float, patience: float, window: float = 2.0) -> float:
    """Waits up to `patience` seconds for a `window` in which processes outside the example
    used fewer than `limit` cores; returns the last window's reading."""
    deadline = time.monotonic() + patience
    meter = OthersMeter()
    while True:
        time.sleep(window)
        load = meter.cores()
        if load < limit or time.monotonic() >= deadline:
            return load
        meter.start()
