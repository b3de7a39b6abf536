"""The build backend: maturin, after making sure the widget bundle is there.

``ai_risk_map/static/widget.js`` (the widget's JavaScript with the wasm engine inside) is
generated from the Rust engine and the front end by ``scripts/build-python.sh`` and ignored
by git. When it is missing and this is a checkout of the whole repository (say
``pip install ./python`` in a fresh clone), the asset step of that script runs first;
otherwise the build stops with a message saying what to run. Everything else is maturin's.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import maturin
from maturin import (  # noqa: F401  (the PEP 517 hooks maturin provides, passed through)
    get_requires_for_build_editable,
    get_requires_for_build_sdist,
    get_requires_for_build_wheel,
    prepare_metadata_for_build_editable,
    prepare_metadata_for_build_wheel,
)

HERE = Path(__file__).resolve().parent
BUNDLE = HERE / "ai_risk_map" / "static" / "widget.js"


def _ensure_bundle() -> None:
    if BUNDLE.is_file():
        return
    script = HERE.parent / "scripts" / "build-python.sh"
    if not script.is_file():
        raise RuntimeError(
            "ai-risk-map: the widget bundle (ai_risk_map/static/widget.js) is missing and this "
            "is not a checkout of the repository; build it there with scripts/build-python.sh."
        )
    print("ai-risk-map: building the widget bundle (scripts/build-python.sh --assets)", flush=True)
    subprocess.run(["bash", str(script), "--assets"], check=True, cwd=HERE.parent)
    if not BUNDLE.is_file():
        raise RuntimeError(f"ai-risk-map: {BUNDLE} is still missing after the build")


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _ensure_bundle()
    return maturin.build_wheel(wheel_directory, config_settings, metadata_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    _ensure_bundle()
    return maturin.build_editable(wheel_directory, config_settings, metadata_directory)


def build_sdist(sdist_directory, config_settings=None):
    _ensure_bundle()
    return maturin.build_sdist(sdist_directory, config_settings)
