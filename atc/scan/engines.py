"""Engines that run `scan_file` over many files and hand each result back as soon as it is ready.

Every engine keeps only a bounded window of files in flight (memory stays flat however many files there are)
and gives every file exactly one result: a file whose worker died is run once more, then recorded as failed.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..errors import AtcError
from .work import Options, result, scan_file

ENGINES = ("local", "dask", "ray")
IN_FLIGHT_PER_WORKER = 2


def died(unit, engine_error: str) -> dict:
    return result(unit, "failed", error=f"worker died twice on this file ({engine_error})", attempts=2)


class LocalPool:
    """A process pool on this machine. A worker that dies breaks the whole pool and every file in flight with
    it, so those files are run again alone in a one-process pool: only a file that kills that one is failed."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or os.cpu_count() or 1

    def _pool(self, workers):
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else None)
        return ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def results(self, units, options: Options):
        from .. import pipeline  # noqa: F401 - loaded once here, every forked worker starts with it
        units = iter(units)
        shared, alone = self._pool(self.workers), None
        in_flight = {}     # future -> (unit, pool it runs on)
        retries = deque()
        try:
            while True:
                while sum(p is shared for _, p in in_flight.values()) < IN_FLIGHT_PER_WORKER * self.workers:
                    unit = next(units, None)
                    if unit is None:
                        break
                    in_flight[shared.submit(scan_file, unit, options)] = (unit, shared)
                if retries and not any(p is alone for _, p in in_flight.values()):
                    alone = alone or self._pool(1)
                    unit = retries.popleft()
                    in_flight[alone.submit(scan_file, unit, options, 2)] = (unit, alone)
                if not in_flight:
                    return
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    unit, pool = in_flight.pop(future)
                    try:
                        yield future.result()
                    except BrokenProcessPool as exc:
                        if pool is alone:
                            alone = None
                            yield died(unit, str(exc) or "process pool broken")
                        else:
                            retries.append(unit)
                            if pool is shared:
                                shared = self._pool(self.workers)
                        pool.shutdown(wait=False, cancel_futures=True)
        finally:
            for pool in {shared, alone} - {None}:
                pool.shutdown(wait=False, cancel_futures=True)


class DaskEngine:
    """Dask distributed: a scheduler at `scheduler` (tcp://HOST:8786), or a LocalCluster of `workers` processes.
    A file whose worker died (the scheduler raises KilledWorker) is submitted once more, then failed."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.scheduler = scheduler

    def results(self, units, options: Options):
        try:
            import dask
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:
            raise AtcError("the dask engine needs Dask distributed: pip install 'atc[dask]'") from exc
        cluster = None
        if self.scheduler:
            client = Client(self.scheduler)
        else:
            # One thread per worker: a file's hard deadline ends its whole process. The client retries a file
            # itself, so the scheduler gives up on a task at the first worker that dies with it.
            with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
                cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
            client = Client(cluster)
        try:
            window = IN_FLIGHT_PER_WORKER * max(1, sum(client.nthreads().values()))
            units = iter(units)
            attempts = {}
            futures = as_completed()

            def submit(unit, attempt):
                future = client.submit(scan_file, unit, options, attempt, pure=False)
                attempts[future.key] = (unit, attempt)
                futures.add(future)

            for unit in units:
                submit(unit, 1)
                if futures.count() >= window:
                    break
            for future in futures:
                unit, attempt = attempts.pop(future.key)
                try:
                    yield future.result()
                except Exception as exc:  # noqa: BLE001 - KilledWorker, or a worker lost with its file
                    if attempt == 1:
                        submit(unit, 2)
                    else:
                        yield died(unit, f"{type(exc).__name__}: {exc}")
                future.release()
                nxt = next(units, None)
                if nxt is not None:
                    submit(nxt, 1)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


class RayEngine:
    """Ray: a cluster at `address` (ray://HOST:10001 or "auto"), or a local one. Ray itself runs a task whose
    worker died once more (max_retries=1), then reports it lost: the file is failed."""

    def __init__(self, workers: int | None = None, address: str | None = None):
        self.workers = workers
        self.address = address

    def results(self, units, options: Options):
        try:
            import ray
        except ImportError as exc:
            raise AtcError("the ray engine needs Ray: pip install 'atc[ray]'") from exc
        ray.init(address=self.address, num_cpus=None if self.address else self.workers, ignore_reinit_error=True,
                 log_to_driver=False)
        try:
            remote = ray.remote(max_retries=1, num_cpus=1)(scan_file)
            window = IN_FLIGHT_PER_WORKER * max(1, int(ray.cluster_resources().get("CPU", 1)))
            units = iter(units)
            pending = {}
            while True:
                while len(pending) < window:
                    unit = next(units, None)
                    if unit is None:
                        break
                    pending[remote.remote(unit, options)] = unit
                if not pending:
                    return
                ready, _ = ray.wait(list(pending), num_returns=1)
                unit = pending.pop(ready[0])
                try:
                    yield ray.get(ready[0])
                except (ray.exceptions.WorkerCrashedError, ray.exceptions.RayTaskError) as exc:
                    yield died(unit, f"{type(exc).__name__}: {exc}")
        finally:
            ray.shutdown()


def make_engine(name: str, workers: int | None = None, scheduler: str | None = None):
    if name == "local":
        return LocalPool(workers)
    if name == "dask":
        return DaskEngine(workers, scheduler)
    if name == "ray":
        return RayEngine(workers, scheduler)
    raise AtcError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
