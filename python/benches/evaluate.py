"""How long the engine takes from Python on the DASF example, next to native Rust.

    python python/benches/evaluate.py [NATIVE_OUTPUT]

Times, with the installed `ai_risk_map` (the release wheel), what a notebook or a script
does: `evaluate` of the example given as JSON text and as a dict (the report comes back as
dicts and lists), and the renderings. NATIVE_OUTPUT is what `cargo bench --bench evaluate`
printed (scripts/bench-python.sh runs both); its medians are shown beside, with the ratio.
A measurement, not a test: nothing fails on a slow figure.
"""

from __future__ import annotations

import json
import marshal
import pathlib
import re
import statistics
import sys
import time

import ai_risk_map as arm

try:
    import orjson
except ImportError:  # a yardstick only: the benchmark runs without it
    orjson = None

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "rag-chatbot.assessment.json"


def timed(f, budget: float = 2.0, most: int = 2000) -> tuple[float, float, int]:
    """Median and minimum of repeated runs (the minimum is the steadier figure on a busy
    machine), and how many."""
    f()  # warm-up
    samples = []
    started = time.perf_counter()
    while len(samples) < most and (len(samples) < 20 or time.perf_counter() - started < budget):
        t = time.perf_counter()
        f()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples), min(samples), len(samples)


def shown(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def native_figures(path: str) -> dict[str, tuple[float, float]]:
    """Median and minimum by step name from the native benchmark's output."""
    units = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
    found: dict[str, tuple[float, float]] = {}
    section = None
    for line in pathlib.Path(path).read_text("utf-8").splitlines():
        if line.startswith("Synthetic"):
            section = "synthetic"
        m = re.match(r"^(.+?)\s+median\s+([\d.]+) (ns|µs|us|ms|s)\s+min\s+([\d.]+) (ns|µs|us|ms|s)\b", line)
        if m and section is None:
            found[m.group(1).strip()] = (
                float(m.group(2)) * units[m.group(3)],
                float(m.group(4)) * units[m.group(5)],
            )
    return found


def main() -> None:
    text = EXAMPLE.read_text("utf-8")
    doc = json.loads(text)
    report = arm.evaluate(doc)
    print(f"ai-risk-map from Python ({sys.implementation.name} {sys.version.split()[0]}), {EXAMPLE.name}")
    print(f"the report: {len(report['risks'])} risks, {len(report['gaps'])} gaps\n")
    rows = [
        ("evaluate(JSON text) -> report dict", lambda: arm.evaluate(text)),
        ("evaluate(dict) -> report dict", lambda: arm.evaluate(doc)),
        ("parse(dict) -> assessment dict", lambda: arm.parse(doc)),
        ("report_markdown(dict)", lambda: arm.report_markdown(doc)),
        ("gaps_csv(dict)", lambda: arm.gaps_csv(doc)),
    ]
    # A yardstick for the conversion: marshal, CPython's own fastest reader of an object
    # graph (C, no text to parse, repeated strings shared), building the same report's
    # dicts, lists and strings. Native evaluation plus this is what "within 2x" is up
    # against when the result is dicts.
    packed = marshal.dumps(report)
    rows.append(("marshal.loads of the same report", lambda: marshal.loads(packed)))
    # And orjson where it is installed (the test environment has it, through the OSCAL
    # validator): the fastest JSON reader for Python, building the same dicts from the
    # report's JSON text.
    if orjson is not None:
        report_text = json.dumps(report)
        rows.append(("orjson.loads of the report's JSON text", lambda: orjson.loads(report_text)))
    python = {}
    for name, f in rows:
        median, least, n = timed(f)
        python[name] = (median, least)
        print(f"{name:<44} median {shown(median):>10}   min {shown(least):>10}   ({n} runs)")
    if len(sys.argv) > 1:
        native = native_figures(sys.argv[1])
        whole = native.get("parse + validate + evaluate (assess_json)")
        if whole:
            print("\nnative Rust (cargo bench --bench evaluate), the same work from text:")
            print(f"{'parse + validate + evaluate (assess_json)':<44} median {shown(whole[0]):>10}   min {shown(whole[1]):>10}")
            alone = native.get("evaluate")
            if alone:
                print(f"{'evaluate alone':<44} median {shown(alone[0]):>10}   min {shown(alone[1]):>10}")
            marshalled = python["marshal.loads of the same report"]
            print(
                f"{'native evaluation + marshal.loads':<44} median {shown(whole[0] + marshalled[0]):>10}   "
                f"min {shown(whole[1] + marshalled[1]):>10}   "
                f"({(whole[0] + marshalled[0]) / whole[0]:.2f}x native)"
            )
            for name in ("evaluate(JSON text) -> report dict", "evaluate(dict) -> report dict"):
                ours = python[name]
                print(
                    f"{name:<44} {ours[0] / whole[0]:.2f}x native by medians, "
                    f"{ours[1] / whole[1]:.2f}x by minimums (target: within 2x)"
                )


if __name__ == "__main__":
    main()
