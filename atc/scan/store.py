"""The results store: one SQLite file, one row per file and one per region decision.

Each file's rows are written in one transaction as its result arrives, so a run killed at any moment leaves
every finished file recorded and nothing half-written; a later run skips the files whose content, flags,
options and ATC version are unchanged.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time

from .. import __version__

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started REAL, finished REAL, atc_version TEXT, engine TEXT, workers INTEGER,
    command TEXT, files_total INTEGER, files_skipped INTEGER);
CREATE TABLE IF NOT EXISTS files (
    path TEXT NOT NULL, flags TEXT NOT NULL, project TEXT, flags_from TEXT, key TEXT, atc_version TEXT,
    status TEXT, error TEXT, attempts INTEGER, seconds REAL, regions INTEGER, offloaded INTEGER,
    run_id INTEGER, finished REAL, PRIMARY KEY (path, flags));
CREATE TABLE IF NOT EXISTS regions (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, flags TEXT NOT NULL, project TEXT, function TEXT,
    start_line INTEGER, end_line INTEGER, region TEXT, op TEXT, api TEXT, binding TEXT, verified TEXT,
    reason TEXT, seconds REAL);
CREATE INDEX IF NOT EXISTS regions_by_file ON regions (path, flags);
"""


def content_key(source: bytes, flags: list[str], options: dict) -> str:
    """What decides whether a stored result still holds: the file's bytes, its flags, the options, ATC's version."""
    h = hashlib.sha256(source)
    h.update(json.dumps([list(flags), options, __version__], sort_keys=True).encode())
    return h.hexdigest()


def region_rows(result: dict) -> list[dict]:
    """One record per region decision of a file's result, offloaded ones with op and api, kept ones with why."""
    rows = []
    for e in result["replacements"]:
        rows.append({"function": e["function"], "start_line": e["start_line"], "end_line": e["end_line"],
                     "region": e["region"], "op": e["op"], "api": e["api"], "binding": e["binding"],
                     "verified": e["verified"], "reason": None, "seconds": e["search_seconds"]})
    for e in result["rejected"]:
        rows.append({"function": e["function"], "start_line": e["start_line"], "end_line": e["end_line"],
                     "region": e["region"], "op": None, "api": None, "binding": None, "verified": None,
                     "reason": e["reason"], "seconds": e["search_seconds"]})
    rows.sort(key=lambda r: (r["start_line"], r["region"] != "function"))
    return rows


class Store:
    def __init__(self, path: str):
        self.path = path
        self.db = sqlite3.connect(path, timeout=60)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self):
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def start_run(self, engine: str, workers: int | None, command: str) -> int:
        with self.db:
            cur = self.db.execute("INSERT INTO runs (started, atc_version, engine, workers, command) VALUES (?,?,?,?,?)",
                                  (time.time(), __version__, engine, workers, command))
        return cur.lastrowid

    def finish_run(self, run_id: int, total: int, skipped: int):
        with self.db:
            self.db.execute("UPDATE runs SET finished=?, files_total=?, files_skipped=? WHERE id=?",
                            (time.time(), total, skipped, run_id))

    def stored_keys(self, failed: bool = True) -> dict:
        """(path, flags) -> key of every recorded file (leaving out the failed ones unless `failed`)."""
        sql = "SELECT path, flags, key FROM files" + ("" if failed else " WHERE status != 'failed'")
        return {(r["path"], r["flags"]): r["key"] for r in self.db.execute(sql)}

    def record(self, result: dict, key: str, run_id: int):
        """A file's result and all its region decisions, replacing what an earlier run stored for it."""
        flags = json.dumps(result["flags"])
        rows = region_rows(result)
        error = "; ".join(filter(None, [result["error"]] + result["errors"]))
        with self.db:
            self.db.execute("DELETE FROM regions WHERE path=? AND flags=?", (result["path"], flags))
            self.db.executemany(
                "INSERT INTO regions (path, flags, project, function, start_line, end_line, region, op, api, binding,"
                " verified, reason, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(result["path"], flags, result["project"], r["function"], r["start_line"], r["end_line"], r["region"],
                  r["op"], r["api"], json.dumps(r["binding"]) if r["binding"] is not None else None, r["verified"],
                  r["reason"], r["seconds"]) for r in rows])
            self.db.execute(
                "INSERT OR REPLACE INTO files (path, flags, project, flags_from, key, atc_version, status, error,"
                " attempts, seconds, regions, offloaded, run_id, finished) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (result["path"], flags, result["project"], result["flags_from"], key, __version__, result["status"],
                 error, result["attempts"], result["seconds"], len(rows), len(result["replacements"]), run_id,
                 time.time()))

    def regions_of(self, path: str, flags: list[str]) -> list[sqlite3.Row]:
        return list(self.db.execute("SELECT * FROM regions WHERE path=? AND flags=? ORDER BY id",
                                    (path, json.dumps(list(flags)))))

    def query(self, sql: str, params=()) -> list[sqlite3.Row]:
        return list(self.db.execute(sql, params))
