"""Every corpus region that more than one op reproduces, and the op emitted (the simplest proven).

    python evaluation/op_choice.py [--jobs 2] [--timeout 120] [--files a.c b.c]

Runs the pipeline on each corpus program trying every op on every region (not only those simpler than the
first found), and prints a Markdown table: file, function, region, the ops proven, the API emitted.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atc.pipeline import compile_file  # noqa: E402
from atc.synth.specs import SIMPLICITY  # noqa: E402


def ambiguous_regions(path: str, timeout: float) -> list[dict]:
    result = compile_file(path, region_timeout=timeout, every_op=True)
    rows = []
    for d in result.decisions:
        ops = sorted(set(d.matched), key=SIMPLICITY.index)
        if len(ops) > 1:
            rows.append({"file": Path(path).name, "function": d.region.function, "line": d.region.start_line,
                         "region": d.region.kind, "matched": ops,
                         "emitted": d.replacement.binding.spec.api if d.replacement else "-"})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds of search per region")
    parser.add_argument("--files", nargs="*", help="corpus files (default: every manifest entry)")
    args = parser.parse_args()
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text())["programs"]
    files = args.files or [p["file"] for p in manifest]
    paths = [str(ROOT / "corpus" / f) for f in files]
    with ProcessPoolExecutor(args.jobs) as pool:
        rows = [row for found in pool.map(ambiguous_regions, paths, [args.timeout] * len(paths)) for row in found]
    print(f"{len(rows)} of the regions in {len(paths)} corpus programs are reproduced by more than one op:\n")
    print("| file | function (line, region) | ops proven | emitted |")
    print("|---|---|---|---|")
    for r in rows:
        print(f"| {r['file']} | {r['function']} ({r['line']}, {r['region']}) | {', '.join(r['matched'])} "
              f"| {r['emitted']} |")


if __name__ == "__main__":
    main()
