"""`atc scan`: discover the files, skip those already in the store, run the rest on an engine, and record
each result (store, JSON lines, progress) as it arrives."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass, field

from .discover import Unit, discover
from .engines import make_engine
from .progress import Progress
from .store import Store, content_key, region_rows
from .work import Options


@dataclass
class Summary:
    files: int = 0
    skipped: int = 0
    analysed: int = 0
    statuses: dict = field(default_factory=dict)
    offloaded: int = 0
    regions: int = 0


def jsonl_records(path: str, project: str, rows) -> list[dict]:
    return [{"file": path, "project": project, "function": r["function"], "start_line": r["start_line"],
             "end_line": r["end_line"], "op": r["op"], "api": r["api"], "verified": r["verified"],
             "reason": r["reason"], "seconds": r["seconds"]} for r in rows]


def _key(unit: Unit, options: Options) -> str | None:
    try:
        with open(unit.path, "rb") as f:
            source = f.read()
    except OSError:
        return None
    return content_key(source, list(unit.flags), asdict(options))


def scan(paths: list[str], db: str, build_dir: str | None = None, engine: str = "local", workers: int | None = None,
         scheduler: str | None = None, jsonl: str | None = None, options: Options = Options(),
         progress: bool = True, command: str = "", retry_failed: bool = False) -> Summary:
    units = discover(paths, build_dir)
    summary = Summary(files=len(units))
    out = open(jsonl, "w") if jsonl else None
    with Store(db) as store:
        run_id = store.start_run(engine, workers, command)
        stored = store.stored_keys(failed=not retry_failed)
        keys, todo = {}, []
        for unit in units:
            key = keys[(unit.path, unit.flags)] = _key(unit, options)
            if key is not None and stored.get((unit.path, unit.flags_text)) == key:
                summary.skipped += 1
                if out:
                    for record in jsonl_records(unit.path, unit.project, store.regions_of(unit.path, unit.flags)):
                        out.write(json.dumps(record) + "\n")
            else:
                todo.append(unit)
        bar = Progress(len(todo)) if progress and todo else None
        if progress:
            print(f"atc scan: {len(units)} files, {summary.skipped} unchanged since the last scan, "
                  f"{len(todo)} to analyse ({engine} engine)", file=sys.stderr, flush=True)
        try:
            for result in make_engine(engine, workers, scheduler).results(todo, options):
                key = keys[(result["path"], tuple(result["flags"]))]
                store.record(result, key, run_id)
                summary.analysed += 1
                summary.statuses[result["status"]] = summary.statuses.get(result["status"], 0) + 1
                summary.offloaded += len(result["replacements"])
                if out:
                    for record in jsonl_records(result["path"], result["project"], region_rows(result)):
                        out.write(json.dumps(record) + "\n")
                    out.flush()
                if bar:
                    bar.advance(os.path.basename(result["path"]))
        finally:
            if bar:
                bar.close()
            if out:
                out.close()
        store.finish_run(run_id, len(units), summary.skipped)
        summary.offloaded = store.query("SELECT count(*) FROM regions WHERE op IS NOT NULL")[0][0]
        summary.regions = store.query("SELECT count(*) FROM regions")[0][0]
    return summary
