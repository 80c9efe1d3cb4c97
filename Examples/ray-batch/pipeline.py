"""The Ray Data pipeline: read files -> decode -> classify (actor pool) -> Parquet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import ray
import ray.data

from classifier import ModelSpec, StrataClassifier
from image_folder import image_files
from preprocess import decode_batch


@dataclass(frozen=True)
class RunStats:
    """One pipeline run: images classified, distinct actors that computed batches, when the
    first batch started (time.time()), the steady-state seconds (first batch started to last batch finished, over all actors: no
    actor start-up or model load), the actors' CPU seconds over their batches, and the whole
    run's seconds (plan to Parquet written)."""

    images: int
    workers_seen: int
    first_started: float
    steady_seconds: float
    cpu_seconds: float
    total_seconds: float

    @property
    def images_per_second(self) -> float:
        """Images over steady-state seconds."""
        return self.images / self.steady_seconds

    @property
    def busy(self) -> float:
        """Actor CPU seconds over workers x steady seconds: about 1 when every actor had a
        core to itself all along; lower when they waited for data or shared cores."""
        return self.cpu_seconds / (self.workers_seen * self.steady_seconds)


def classify_to_parquet(
    folder: str, spec: ModelSpec, size: int, channels: int, workers: int, out_dir: str, batch_size: int = 16
) -> None:
    """Classifies every .png/.jpg/.jpeg under folder (subfolders included: `image_files`) with
    `workers` actors holding one 1-thread Strata model each, and writes one row per image to
    Parquet files in out_dir (replacing what was there; the command checks first that this
    loses nothing of the user's): path, label, score, output (float32 [K]), worker, started,
    finished, cpu_seconds. The folder must be readable at the same path on every machine of
    the cluster (local, or a shared file system).

    Files are read by Ray tasks; Ray fuses the decoding into the actors' stage, so each actor
    decodes and classifies its batches. Each actor asks for 1 CPU, so Ray places at most one
    per CPU of the cluster."""
    # The listed files, not the folder: Ray's folder reader skips names starting with "_" or
    # ".", and the single-process reference must see the very same files.
    ds = ray.data.read_binary_files([str(p) for p in image_files(Path(folder))], include_paths=True)
    ds = ds.map_batches(decode_batch, fn_kwargs={"size": size, "channels": channels}, batch_size=batch_size)
    ds = ds.map_batches(
        StrataClassifier,
        fn_constructor_args=(spec, 1),
        compute=ray.data.ActorPoolStrategy(size=workers),
        batch_size=batch_size,
        num_cpus=1,
    )
    ds.write_parquet(out_dir, mode=ray.data.SaveMode.OVERWRITE)


def run_stats(out_dir: str, total_seconds: float) -> RunStats:
    """Reads the timing columns back from the Parquet files a run wrote."""
    table = pq.read_table(out_dir, columns=["worker", "started", "finished", "cpu_seconds"])
    started = np.asarray(table["started"])
    finished = np.asarray(table["finished"])
    return RunStats(
        images=table.num_rows,
        workers_seen=len(set(table["worker"].to_pylist())),
        first_started=float(started.min()),
        steady_seconds=float(finished.max() - started.min()),
        cpu_seconds=float(np.asarray(table["cpu_seconds"]).sum()),
        total_seconds=total_seconds,
    )
