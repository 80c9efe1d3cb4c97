"""Classifies a folder of images with Strata on a Ray cluster and prints images/s per
number of workers.

    python3 ray_batch.py [--images DIR] [--out DIR] [--model resnet18] [--image-size 128]
                         [--workers 1 2] [--repeats 3] [--batch-size 16] [--address ADDR]
                         [--wait-quiet SECONDS [--quiet-below CORES]]

Without --address it starts a local Ray cluster on this machine (a head node whose worker
processes run the actors), with max(--workers) + 1 CPUs: one per actor plus one for the
file-reading tasks. With --address (or RAY_ADDRESS) it joins an existing cluster instead.
Without --images it writes 256 Fashion-MNIST test images to a temporary folder first.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

import ray
import ray.data
import strata

from classifier import ModelSpec, input_geometry
from image_folder import check_output_folder, image_files
from machine_load import OthersSampler, wait_until_quiet
from make_images import make_images
from pipeline import RunStats, classify_to_parquet, run_stats

HERE = Path(__file__).resolve().parent


def start_cluster(address: str | None, cpus: int) -> None:
    """Connects to the cluster at `address`, or starts a local one with `cpus` CPUs. The
    example's modules travel to every worker as the job's working_dir (strata itself and
    libstrata must be installed on every machine)."""
    runtime_env = {"working_dir": str(HERE), "excludes": ["__pycache__", ".pytest_cache", "*.parquet"]}
    if address:
        ray.init(address=address, runtime_env=runtime_env)
    else:
        ray.init(num_cpus=cpus, include_dashboard=False, runtime_env=runtime_env)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    # Ray Data's per-run INFO lines (execution plan, log paths) would bury the figures.
    logging.getLogger("ray.data").setLevel(logging.WARNING)


def measure(
    folder: str, spec: ModelSpec, size: int, channels: int, workers: int, out_dir: str, batch_size: int
) -> tuple[RunStats, float]:
    """One pipeline run; its images/s come from the actors' batch clocks. Also returns the
    cores that processes outside the example (not this driver or its local cluster) used
    during the steady state."""
    with OthersSampler() as others:
        t0 = time.perf_counter()
        classify_to_parquet(folder, spec, size, channels, workers, out_dir, batch_size)
        seconds = time.perf_counter() - t0
    stats = run_stats(out_dir, seconds)
    return stats, others.cores_between(stats.first_started, stats.first_started + stats.steady_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--images", type=Path, help="folder of .png/.jpg images (default: 256 Fashion-MNIST images)")
    parser.add_argument("--out", default="ray-batch-results", help="Parquet output folder (the last run's; new or empty)")
    parser.add_argument("--overwrite", action="store_true", help="replace what --out holds")
    parser.add_argument("--model", default="resnet18", help="built-in model name or .onnx path")
    parser.add_argument("--image-size", type=int, default=128, help="built-in model input size (0: its default; ignored for .onnx)")
    parser.add_argument("--weights", help="safetensors weights for a built-in model")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before each run, wait up to this long for other processes to leave the cores free")
    parser.add_argument("--quiet-below", type=float, default=0.2, metavar="CORES",
                        help="what --wait-quiet calls free: other processes using fewer cores than this")
    parser.add_argument("--address", default=os.environ.get("RAY_ADDRESS"), help="existing cluster (ray start ...)")
    args = parser.parse_args()
    # Every user mistake refused here, in one line, before a cluster starts.
    for name in ("repeats", "batch_size"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be >= 1, got {getattr(args, name)}")
    if min(args.workers) < 1:
        parser.error(f"--workers must all be >= 1, got {args.workers}")
    if args.images is not None:
        try:
            image_files(args.images)
        except FileNotFoundError as error:
            parser.error(str(error))
        try:
            check_output_folder(Path(args.out), args.images, args.overwrite)
        except (FileExistsError, ValueError) as error:
            parser.error(str(error))
    elif Path(args.out).exists():
        try:
            check_output_folder(Path(args.out), Path(tempfile.gettempdir()) / "strata-ray-batch-none", args.overwrite)
        except (FileExistsError, ValueError) as error:
            parser.error(str(error))

    # An ONNX file fixes its own input size (the library refuses image_size for one). Paths
    # absolute: the actors run in Ray's copy of this folder, not in the caller's directory.
    onnx = args.model.lower().endswith(".onnx")
    source = os.path.abspath(args.model) if onnx else args.model
    weights = os.path.abspath(args.weights) if args.weights else None
    spec = ModelSpec(source, None if onnx else (args.image_size or None), weights)
    try:
        size, channels = input_geometry(spec.load(threads=1))
    except (ValueError, strata.StrataError) as error:
        parser.error(f"--model {args.model}: {error}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.images or Path(tmp) / "images"
        if args.images is None:
            make_images(folder, 256)
        start_cluster(args.address, max(args.workers) + 1)
        out = os.path.abspath(args.out)
        results: dict[int, list[RunStats]] = {w: [] for w in args.workers}
        others: dict[int, list[float]] = {w: [] for w in args.workers}
        # Interleaved (1, 2, 1, 2, ...) so a load change on the machine hits every count alike.
        for repeat in range(args.repeats):
            for workers in args.workers:
                before = wait_until_quiet(args.quiet_below, args.wait_quiet)
                stats, during = measure(str(Path(folder).resolve()), spec, size, channels, workers, out, args.batch_size)
                results[workers].append(stats)
                others[workers].append(during)
                print(f"run {repeat + 1}/{args.repeats}, {workers} worker(s): {stats.images} images, "
                      f"{stats.workers_seen} actor(s) computed, {stats.images_per_second:.2f} images/s "
                      f"(steady {stats.steady_seconds:.2f} s, actors busy {stats.busy:.0%}, whole run {stats.total_seconds:.2f} s; "
                      f"other processes used {before:.2f} cores before, {during:.2f} in the steady state)", flush=True)
        ray.shutdown()

    print(f"\n{args.model} at {size}x{size}, batch {args.batch_size}, 1 thread per worker, median of {args.repeats}:")
    first = args.workers[0]
    base = statistics.median(s.images_per_second for s in results[first])
    # Repeats in which no other process took a share of the cores during either run.
    quiet = [r for r in range(args.repeats) if all(others[w][r] < args.quiet_below for w in args.workers)]
    for workers in args.workers:
        rate = statistics.median(s.images_per_second for s in results[workers])
        # Each repeat's ratio pairs runs made moments apart, under the same load.
        ratios = [s.images_per_second / b.images_per_second for s, b in zip(results[workers], results[first])]
        line = f"  {workers} worker(s): {rate:8.2f} images/s  ({rate / base:.2f}x; median of the repeats' ratios {statistics.median(ratios):.2f}x"
        if quiet:
            line += f"; of the {len(quiet)} quiet repeat(s) {statistics.median(ratios[r] for r in quiet):.2f}x"
        seen = min(s.workers_seen for s in results[workers])
        if seen < workers:
            line += f"; only {seen} actor(s) computed in some run: too few batches for {workers} workers"
        print(line + ")")
    print(f"quiet repeat: other processes used < {args.quiet_below} cores in the steady state of each of its runs")
    print(f"results: {out}")


if __name__ == "__main__":
    main()
