"""Speed and memory of remisskoll on a synthetic corpus, with references measured in the same run.

    python benchmarks/make_corpus.py 300          # once: benchmarks/corpus/ (the first 200 are used below)
    python benchmarks/make_corpus.py 72 --short   # once: benchmarks/corpus-short/ (1–11 pages each)
    python benchmarks/speed.py                    # prints the figures and writes benchmarks/results.md

Measured, in three rounds of back-to-back pairs: pdftotext (poppler) over all files as the reference
(skipped with a note if absent) and `remisskoll compare --engine pdfium` cold; a bare single-process
pdfplumber loop and `remisskoll compare` cold with the default engine. Once: a bare pypdfium2 loop,
the warm (cached) run, the share of segment + match + classify in the cold time, and the time per page
at 300 responses against 20; peak RSS per process throughout. On the corpus of short responses, where a
run's fixed costs weigh most: the bare pdfplumber loop and the default cold run, back to back in three
rounds, and the warm run.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROUNDS = 3  # of each pair of runs a target compares, measured back to back
CORPUS = HERE / "corpus"
CORPUS_SHORT = HERE / "corpus-short"
BARE_PLUMBER = """
import sys, pdfplumber
for p in sys.argv[1:]:
    with pdfplumber.open(p) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
"""
BARE_PDFIUM = """
import sys, pypdfium2 as pdfium
for p in sys.argv[1:]:
    pdf = pdfium.PdfDocument(p)
    for page in pdf:
        page.get_textpage().get_text_range()
    pdf.close()
"""


class TreeRss:
    """Peak RSS of a process and all its descendants.

    Reads the kernel's own peak (VmHWM) of every process in the tree every 100 ms, so no peak is missed
    between samples, and finds the tree from each process's /proc/<pid>/stat; the sampler itself must
    not take much of a core from the runs it measures (scanning every status file every 20 ms took 17 %).
    """

    def __init__(self, root: int) -> None:
        self.root = root
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            parents: dict[int, int] = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit():
                    try:
                        stat = Path(f"/proc/{entry}/stat").read_text()
                    except OSError:
                        continue
                    parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            tree = {self.root}
            grew = True
            while grew:
                grew = False
                for pid, ppid in parents.items():
                    if ppid in tree and pid not in tree:
                        tree.add(pid)
                        grew = True
            for pid in tree:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak[pid] = max(self.peak.get(pid, 0), int(line.split()[1]))
            self._stop.wait(0.1)

    def stop(self) -> tuple[float, float]:
        """(peak RSS of the root process, largest peak RSS of any descendant), in MB."""
        self._stop.set()
        self._thread.join()
        root = self.peak.get(self.root, 0) / 1024
        others = max((v for k, v in self.peak.items() if k != self.root), default=0) / 1024
        return root, others


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of the command, largest peak RSS among its descendants (MB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tracker = TreeRss(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    root, children = tracker.stop()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({proc.returncode}): {err.decode()[-500:]}")
    return wall, root, children


def pages_of(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    total = 0
    for f in files:
        pdf = pdfium.PdfDocument(str(f))
        total += len(pdf)
        pdf.close()
    return total


def compare(files: list[Path], cache_home: str, engine: str = "pdfplumber") -> tuple[float, float, float]:
    Path(cache_home).mkdir(parents=True, exist_ok=True)
    out = Path(cache_home) / "out.json"
    env = {**os.environ, "XDG_CACHE_HOME": cache_home}
    cmd = [
        sys.executable,
        "-m",
        "remisskoll",
        "compare",
        *map(str, files),
        "-q",
        "--engine",
        engine,
        "-f",
        "json",
        "-o",
        str(out),
    ]
    return timed(cmd, env)


def analysis_seconds(files: list[Path], cache_home: str) -> float:
    """segment + match + classify over every file, from the (warm) cache, in this process."""
    os.environ["XDG_CACHE_HOME"] = cache_home
    from remisskoll.analysis import analyse_document
    from remisskoll.model import Document, ReadOptions
    from remisskoll.pipeline import document_key
    from remisskoll.proposals import load_proposals
    from remisskoll.runtime.cache import Cache, file_digest

    cache, options = Cache.default(), ReadOptions()
    found = (cache.get_document(document_key(file_digest(f), options), str(f)) for f in files)
    docs = [d for d in found if isinstance(d, Document)]
    remiss = load_proposals()
    start = time.perf_counter()
    for doc in docs:
        analyse_document(doc, remiss)
    return time.perf_counter() - start


def machine() -> str:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import pdfminer
    import pdfplumber
    import pypdfium2

    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, pdfplumber {pdfplumber.__version__}, "
        f"pdfminer.six {pdfminer.__version__}, pypdfium2 {pypdfium2.version.PYPDFIUM_INFO}"
    )


def short_corpus() -> tuple[int, list[tuple[float, float]], float]:
    """Pages, rounds of (bare pdfplumber loop, cold default run) back to back, and the warm run."""
    files = sorted(CORPUS_SHORT.glob("*.pdf"))
    rounds: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as caches:
        for n in range(ROUNDS):
            bare, _, _ = timed([sys.executable, "-c", BARE_PLUMBER, *map(str, files)])
            cold, _, _ = compare(files, f"{caches}/short-{n}")
            rounds.append((bare, cold))
        warm, _, _ = compare(files, f"{caches}/short-{ROUNDS - 1}")
    return pages_of(files), rounds, warm


def main() -> int:
    files_all = sorted(CORPUS.glob("*.pdf"))
    if len(files_all) < 300:
        raise SystemExit("run `python benchmarks/make_corpus.py 300` first")
    if len(list(CORPUS_SHORT.glob("*.pdf"))) < 72:
        raise SystemExit("run `python benchmarks/make_corpus.py 72 --short` first")
    files, small = files_all[:200], files_all[:20]
    pages, pages_all, pages_small = pages_of(files), pages_of(files_all), pages_of(small)
    rows: list[tuple[str, str, str, str]] = []
    figures: dict[str, float] = {}

    def row(name: str, wall: float, rss: str, n_pages: int = pages) -> None:
        rows.append((name, f"{wall:.1f} s", f"{n_pages / wall:.0f}", rss))

    # Each target compares two runs, and this machine's speed drifts by ±20 % from minute to minute.
    # Each round therefore measures every pair back to back (pdftotext then the pdfium cold run, the
    # bare pdfplumber loop then the default cold run); the table shows the median round of each pair.
    pdftotext = shutil.which("pdftotext")
    fast: list[tuple[float, float, float, float]] = []  # pdftotext, pdfium cold, main and worker RSS
    slow: list[tuple[float, float, float, float, float]] = []  # bare loop, its RSS, cold, main, worker
    with tempfile.TemporaryDirectory() as caches:
        for n in range(ROUNDS):
            reference = float("nan")
            if pdftotext:
                start = time.perf_counter()
                for f in files:
                    subprocess.run([pdftotext, str(f), "-"], stdout=subprocess.DEVNULL, check=True)
                reference = time.perf_counter() - start
            fast.append((reference, *compare(files, f"{caches}/pdfium-{n}", "pdfium")))
            bare, bare_rss, _ = timed([sys.executable, "-c", BARE_PLUMBER, *map(str, files)])
            slow.append((bare, bare_rss, *compare(files, f"{caches}/plumber-{n}")))
        fast.sort(key=lambda p: p[1] / p[0] if pdftotext else p[1])
        slow.sort(key=lambda p: p[2] / p[0])
        reference, pdfium_cold, pdfium_root, pdfium_worker = fast[len(fast) // 2]
        bare, bare_rss, cold, root, worker = slow[len(slow) // 2]
        if pdftotext:
            figures["pdftotext"] = reference
            row("pdftotext (poppler), reference", reference, "—")
        else:
            rows.append(("pdftotext", "skipped: poppler-utils not installed", "", ""))
        figures["bare pdfplumber loop, 1 process"] = bare
        row("bare pdfplumber loop, 1 process", bare, f"{bare_rss:.0f} MB")
        wall, rss, _ = timed([sys.executable, "-c", BARE_PDFIUM, *map(str, files)])
        figures["bare pypdfium2 loop"] = wall
        row("bare pypdfium2 loop", wall, f"{rss:.0f} MB")
        figures["cold"] = cold
        figures["worker_rss"] = max(*(p[4] for p in slow), *(p[3] for p in fast))
        row(
            "remisskoll compare, cold, pdfplumber",
            cold,
            f"{root:.0f} MB main, {worker:.0f} MB largest worker",
        )
        figures["cold_pdfium"] = pdfium_cold
        row(
            "remisskoll compare, cold, --engine pdfium",
            pdfium_cold,
            f"{pdfium_root:.0f} MB main, {pdfium_worker:.0f} MB largest worker",
        )
        warm_cache = f"{caches}/plumber-{ROUNDS - 1}"
        wall, root, _ = compare(files, warm_cache)
        figures["warm"] = wall
        row("remisskoll compare, warm (cached)", wall, f"{root:.0f} MB main")
        figures["analysis"] = analysis_seconds(files, warm_cache)
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        small_wall, _, _ = compare(small, a)
        all_wall, _, _ = compare(files_all, b)
    per_page_small, per_page_all = small_wall / pages_small, all_wall / pages_all
    short_pages, short_rounds, short_warm = short_corpus()
    short_bare, short_cold = sorted(short_rounds, key=lambda r: r[1] / r[0])[len(short_rounds) // 2]
    row("short responses: bare pdfplumber loop, 1 process", short_bare, "—", short_pages)
    row("short responses: remisskoll compare, cold, pdfplumber", short_cold, "—", short_pages)
    row("short responses: remisskoll compare, warm (cached)", short_warm, "—", short_pages)

    ratios = [
        (
            "cold, default engine ÷ bare single-process pdfplumber loop",
            figures["cold"] / figures["bare pdfplumber loop, 1 process"],
            "≤ 0.6",
        ),
        (
            "cold, --engine pdfium ÷ pdftotext",
            figures["cold_pdfium"] / figures["pdftotext"] if "pdftotext" in figures else float("nan"),
            "≤ 3",
        ),
        ("warm ÷ cold (default engine)", figures["warm"] / figures["cold"], "≤ 0.05"),
        (
            "segment + match + classify share of cold wall time",
            figures["analysis"] / figures["cold"],
            "≤ 10 %",
        ),
        ("peak RSS of the largest worker, 200 responses (MB)", figures["worker_rss"], "≤ 400"),
        ("time per page at 300 responses ÷ at 20 responses", per_page_all / per_page_small, "≤ 1.2"),
        ("short responses: cold, default engine ÷ bare pdfplumber loop", short_cold / short_bare, "≤ 0.6"),
        ("short responses: warm ÷ cold", short_warm / short_cold, "—"),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {machine()}.",
        f"Corpus: `benchmarks/make_corpus.py 300` (seed 2024); the first 200 responses, {pages} pages, unless said. "
        f"Short responses: `benchmarks/make_corpus.py 72 --short` (seed 2024), {short_pages} pages.",
        "",
        "| run | wall | pages/s | peak RSS |",
        "|---|---:|---:|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        "Rounds, each pair back to back (the median round is in the table): pdftotext and the pdfium "
        "cold run "
        + ", ".join(
            f"{a:.1f} s and {b:.1f} s ({b / a:.2f}×)" if pdftotext else f"— and {b:.1f} s"
            for a, b, _, _ in fast
        )
        + "; the bare pdfplumber loop and the default cold run "
        + ", ".join(f"{a:.1f} s and {c:.1f} s ({c / a:.3f})" for a, _, c, _, _ in slow)
        + "; on the short responses, the bare loop and the default cold run "
        + ", ".join(f"{a:.1f} s and {c:.1f} s ({c / a:.3f})" for a, c in short_rounds)
        + ".",
        "",
        f"segment + match + classify alone: {figures['analysis']:.2f} s for 200 responses. "
        f"Cold at 20 responses: {small_wall:.1f} s for {pages_small} pages; at 300: {all_wall:.1f} s for {pages_all} pages.",
        "",
        "| figure | measured | target |",
        "|---|---:|---|",
        *(f"| {name} | {value:.3f} | {target} |" for name, value, target in ratios),
        "",
    ]
    text = "\n".join(lines)
    print(text)
    (HERE / "results.md").write_text(text, "utf-8")
    print(json.dumps({k: round(v, 3) for k, v in figures.items()}), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
