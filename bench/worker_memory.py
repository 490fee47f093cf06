"""What one worker's memory does over a long run: the resident size of a process extracting
partition after partition (as a pool or Dask worker does), printed every few partitions.

A flat line means memory per worker does not grow with the number of articles; the peak the
scale bench reports (``bench/scale.py``) also counts short spikes.

    python bench/worker_memory.py /tmp/scale/n20000/in --every 31
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import psutil

from unionnews.extraction.partitions import plan_partitions
from unionnews.extraction.parts import PartSettings, run_partition
from unionnews.runner import list_all


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", type=Path, help="a folder of articles (e.g. made by bench/scale.py)")
    parser.add_argument("--every", type=int, default=31, help="partitions between two readings")
    args = parser.parse_args()
    partitions = plan_partitions(list_all([args.inputs]))
    process = psutil.Process()
    started = time.perf_counter()
    documents = 0
    print("documents  RSS MB  seconds")
    with tempfile.TemporaryDirectory(prefix="unionnews-worker-") as staging:
        settings = PartSettings("2026-01-01T00:00:00+00:00", staging=staging)
        for n, partition in enumerate(partitions, start=1):
            run_partition(partition, settings)
            documents += len(partition.units)
            if n % args.every == 0 or n == len(partitions):
                rss = process.memory_info().rss / 2**20
                print(f"{documents:9d}  {rss:6.0f}  {time.perf_counter() - started:7.1f}", flush=True)


if __name__ == "__main__":
    main()
