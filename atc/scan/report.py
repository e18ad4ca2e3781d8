"""`atc report`: a scan store rendered as report.md and report.html, with plots (offloads per op and per
project, reasons for misses, search-time distribution)."""

from __future__ import annotations

import html
import json
import os
import re
from collections import Counter

from ..errors import AtcError
from .store import Store

TOP_REASONS = 15


def reason_kind(reason: str) -> str:
    """A reason with its particulars (names, numbers) taken out, so that like reasons are counted together."""
    kind = re.sub(r"'[^']*'", "'…'", reason or "")
    kind = re.sub(r"\d+(\.\d+)?", "N", kind)
    return kind.split(";")[0].strip()[:110]


def _figure(path, draw):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 4.2))
    draw(ax)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _bars(path, counts: list, title: str, xlabel: str):
    def draw(ax):
        labels = [str(k) for k, _ in counts][::-1]
        ax.barh(labels or ["(none)"], [v for _, v in counts][::-1] or [0], color="#3a7ab8")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.tick_params(axis="y", labelsize=7)
    _figure(path, draw)


def _histogram(path, seconds: list, title: str):
    import numpy as np

    def draw(ax):
        values = [max(s, 1e-3) for s in seconds]
        if values:
            ax.hist(values, bins=np.logspace(-3, np.log10(max(values) * 1.1 + 1e-3), 30), color="#3a7ab8")
        ax.set_xscale("log")
        ax.set_title(title)
        ax.set_xlabel("seconds (log scale)")
        ax.set_ylabel("regions")
    _figure(path, draw)


def collect(store: Store) -> dict:
    q = store.query
    files = {r["status"]: r["n"] for r in q("SELECT status, count(*) AS n FROM files GROUP BY status")}
    runs = q("SELECT * FROM runs WHERE finished IS NOT NULL ORDER BY id")
    return {
        "files": files,
        "projects": [dict(r) for r in q(
            "SELECT f.project, count(*) AS files, sum(f.regions) AS regions, sum(f.offloaded) AS offloaded,"
            " sum(f.status != 'done') AS not_done, round(sum(f.seconds), 1) AS seconds"
            " FROM files f GROUP BY f.project ORDER BY offloaded DESC, f.project")],
        "ops": [(r["op"], r["n"]) for r in q(
            "SELECT op, count(*) AS n FROM regions WHERE op IS NOT NULL GROUP BY op ORDER BY n DESC")],
        "kernels": [dict(r) for r in q(
            "SELECT project, path, function, start_line, end_line, op, api, binding, verified, seconds FROM regions"
            " WHERE op IS NOT NULL ORDER BY project, path, start_line")],
        "reasons": Counter(reason_kind(r["reason"]) for r in q("SELECT reason FROM regions WHERE op IS NULL")),
        "searched": [r["seconds"] for r in q("SELECT seconds FROM regions WHERE seconds >= 0.01")],
        "file_seconds": [r["seconds"] for r in q("SELECT seconds FROM files WHERE status = 'done'")],
        "failed": [dict(r) for r in q(
            "SELECT project, path, status, error, attempts FROM files WHERE status != 'done' ORDER BY project, path")],
        "regions": q("SELECT count(*) FROM regions")[0][0],
        "runs": [dict(r) for r in runs],
    }


def _table(header: list, rows: list, markdown: bool) -> str:
    if markdown:
        cell = lambda v: str(v).replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
        return "\n".join(lines) + "\n"
    head = "".join(f"<th>{html.escape(str(h))}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>\n"


def sections(data: dict, markdown: bool) -> list:
    """(title, text paragraphs, table or None, image or None) in report order."""
    f = data["files"]
    total = sum(f.values())
    analysed_seconds = sum(data["file_seconds"])
    out = [("Summary", [
        f"{total} files in {len(data['projects'])} projects: {f.get('done', 0)} analysed, "
        f"{f.get('error', 0)} not taken (ATC could not parse them), {f.get('failed', 0)} failed (worker died or "
        f"deadline passed). {data['regions']} region decisions; {len(data['kernels'])} offloadable kernels found, "
        f"each tested and proven. {analysed_seconds:.0f} s of analysis in all (per-file times added up)."], None, None)]
    runs = [[r["id"], r["engine"], r["workers"] or "", r["files_total"], r["files_skipped"],
             round(r["finished"] - r["started"], 1),
             round((r["files_total"] - r["files_skipped"]) / max(r["finished"] - r["started"], 1e-9) * 60, 1)]
            for r in data["runs"]]
    out.append(("Runs", [], _table(["run", "engine", "workers", "files", "skipped", "wall s", "files/min analysed"],
                                   runs, markdown), None))
    out.append(("Offloads per op", [], _table(["op", "kernels"], data["ops"], markdown), "ops.png"))
    out.append(("Per project", [], _table(["project", "files", "regions", "offloaded", "not analysed", "seconds"],
                                          [list(p.values()) for p in data["projects"]], markdown), "projects.png"))
    kernels = [[k["project"], os.path.basename(k["path"]), k["function"], f"{k['start_line']}-{k['end_line']}", k["op"],
                k["api"], ", ".join(f"{a}={v}" for a, v in json.loads(k["binding"] or "{}").items()), k["verified"],
                k["seconds"]] for k in data["kernels"]]
    out.append(("Kernels found", [], _table(["project", "file", "function", "lines", "op", "api", "binding",
                                             "verified", "search s"], kernels, markdown), None))
    reasons = data["reasons"].most_common(TOP_REASONS)
    out.append(("Reasons candidates were kept", [f"The {len(reasons)} most frequent kinds of reason (names and "
                                                 "numbers taken out) among "
                                                 f"{sum(data['reasons'].values())} regions kept."],
                _table(["reason", "regions"], reasons, markdown), "reasons.png"))
    out.append(("Search time", [f"{len(data['searched'])} regions took at least 10 ms (the others were set aside "
                                "before any analysis)."], None, "search_seconds.png"))
    failed = [[r["project"], r["path"], r["status"], r["attempts"], r["error"]] for r in data["failed"]]
    out.append(("Files not analysed", [] if failed else ["None."],
                _table(["project", "file", "status", "attempts", "why"], failed, markdown) if failed else None, None))
    return out


def render(db: str, out_dir: str) -> list[str]:
    if not os.path.isfile(db):
        raise AtcError(f"{db}: no such store (run `atc scan --db {db}` first)")
    os.makedirs(out_dir, exist_ok=True)
    with Store(db) as store:
        data = collect(store)
    _bars(os.path.join(out_dir, "ops.png"), data["ops"], "Offloadable kernels per op", "kernels")
    _bars(os.path.join(out_dir, "projects.png"), [(p["project"], p["offloaded"]) for p in data["projects"]][:25],
          "Offloadable kernels per project", "kernels")
    _bars(os.path.join(out_dir, "reasons.png"), data["reasons"].most_common(TOP_REASONS),
          "Why candidates were kept", "regions")
    _histogram(os.path.join(out_dir, "search_seconds.png"), data["searched"], "Time per region (analysed regions)")
    md, page = ["# ATC scan report\n"], []
    for title, paragraphs, table, image in sections(data, markdown=True):
        md.append(f"## {title}\n")
        md += [p + "\n" for p in paragraphs]
        md += [table] if table else []
        md += [f"![{title}]({image})\n"] if image else []
    for title, paragraphs, table, image in sections(data, markdown=False):
        page.append(f"<h2>{html.escape(title)}</h2>")
        page += [f"<p>{html.escape(p)}</p>" for p in paragraphs]
        page += [table] if table else []
        page += [f'<img src="{image}" alt="{html.escape(title)}">'] if image else []
    style = ("body{font-family:sans-serif;max-width:1100px;margin:2em auto}table{border-collapse:collapse;"
             "font-size:13px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}")
    paths = [os.path.join(out_dir, "report.md"), os.path.join(out_dir, "report.html")]
    with open(paths[0], "w") as f:
        f.write("\n".join(md))
    with open(paths[1], "w") as f:
        f.write(f"<!doctype html><html><head><meta charset='utf-8'><title>ATC scan report</title><style>{style}"
                f"</style></head><body><h1>ATC scan report</h1>{''.join(page)}</body></html>\n")
    return paths
