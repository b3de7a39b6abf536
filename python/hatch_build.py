"""Build hook: the wheel must carry the widget bundle (wasm inside) and the catalog ids.

They are generated from the Rust engine and the front end by scripts/build-python.sh and
ignored by git. When they are missing and this is a checkout of the whole repository (for
example `pip install ./python` in a clean clone), the hook runs that script's asset step;
otherwise it stops with a message saying what to run.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

ASSETS = ("ai_risk_map/static/widget.js", "ai_risk_map/static/catalog.json")


class AssetsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        here = Path(self.root)
        if all((here / a).is_file() for a in ASSETS):
            return
        script = here.parent / "scripts" / "build-python.sh"
        if not script.is_file():
            raise RuntimeError(
                "ai-risk-map: the widget assets (ai_risk_map/static/) are missing and this is "
                "not a checkout of the repository; build from the repository with "
                "scripts/build-python.sh."
            )
        self.app.display_info("ai-risk-map: building the widget assets (scripts/build-python.sh --assets)")
        subprocess.run(["bash", str(script), "--assets"], check=True, cwd=here.parent)
        missing = [a for a in ASSETS if not (here / a).is_file()]
        if missing:
            raise RuntimeError(f"ai-risk-map: still missing after the build: {', '.join(missing)}")
