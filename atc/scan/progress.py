"""A progress line on stderr: files done, rate, time left. Redrawn in place on a terminal; otherwise a line
at most every few seconds, so a log stays short."""

from __future__ import annotations

import sys
import time

LOG_INTERVAL = 10.0


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class Progress:
    def __init__(self, total: int, stream=None, width: int = 28):
        self.total, self.done, self.width = total, 0, width
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.start = self.last = time.monotonic()

    def line(self, note: str = "") -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed * 60
        left = (self.total - self.done) / (self.done / elapsed) if self.done else None
        filled = self.width * self.done // max(self.total, 1)
        eta = _clock(left) if left is not None else "?"
        return (f"[{'#' * filled}{'.' * (self.width - filled)}] {self.done}/{self.total} files  "
                f"{rate:.1f} files/min  elapsed {_clock(elapsed)}  ETA {eta}  {note}").rstrip()

    def advance(self, note: str = ""):
        self.done += 1
        now = time.monotonic()
        if self.tty:
            print("\r\033[K" + self.line(note)[:200], end="", file=self.stream, flush=True)
        elif now - self.last >= LOG_INTERVAL or self.done == self.total:
            print(self.line(note), file=self.stream, flush=True)
            self.last = now

    def close(self):
        if self.tty:
            print(file=self.stream, flush=True)
