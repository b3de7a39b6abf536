"""ai-risk-map in Jupyter: the DASF component diagram and assessment as a notebook widget.

>>> from ai_risk_map import RiskMap
>>> w = RiskMap(dasf="2.0", deployment=["rag_llm"])
>>> w  # shows the diagram; click a component, set control statuses

``w.assessment`` is the assessment document (read it, or set it and the view follows);
``w.report`` is the report the engine computes in the view; ``w.gaps()`` lists open gaps.

The view is the ``<ai-risk-map>`` element with the engine (Rust compiled to WebAssembly)
bundled inside the widget's JavaScript, so nothing is fetched from any host.
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

import anywidget
import traitlets

from ._document import (
    MAX_DOCUMENT_BYTES,
    AssessmentError,
    _too_large,
    check_assessment,
    new_assessment,
    parse_assessment,
    to_json,
    versions,
)

__all__ = ["RiskMap", "AssessmentError", "parse_assessment"]
__version__ = "0.1.0"

_STATIC = pathlib.Path(__file__).parent / "static"
_VIEWS = ("diagram", "assessment", "catalog", "report")


class RiskMap(anywidget.AnyWidget):
    """An interactive DASF risk map and assessment, synced with Python.

    Parameters
    ----------
    assessment:
        An assessment document (dict or JSON text) to start from; a blank one otherwise.
    dasf, deployment:
        DASF version (``"2.0"`` or ``"1.0"``) and deployment model ids (``["rag_llm"]``).
        With an assessment, they replace the document's own ``dasf`` and
        ``deploymentModels``.
    view:
        ``"diagram"``, ``"assessment"``, ``"catalog"`` or ``"report"``.
    """

    _esm = _STATIC / "widget.js"

    assessment = traitlets.Dict().tag(sync=True)
    """The assessment document, always valid: setting an invalid one raises
    :class:`AssessmentError` and keeps the last good value."""
    report = traitlets.Dict().tag(sync=True)
    """The engine's report of ``assessment``, computed in the view (empty until the widget
    has been displayed, and again for a moment after ``assessment`` is set from Python)."""
    selected = traitlets.Dict().tag(sync=True)
    """The component, risk or control last chosen in the view: ``{"kind": ..., "id": ...}``."""
    view = traitlets.Enum(_VIEWS, default_value="diagram").tag(sync=True)
    dasf = traitlets.Unicode("2.0").tag(sync=True)
    deployment = traitlets.List(traitlets.Unicode()).tag(sync=True)
    readonly = traitlets.Bool(False).tag(sync=True)
    theme = traitlets.Enum(("auto", "light", "dark"), default_value="auto").tag(sync=True)

    def __init__(
        self,
        assessment: dict[str, Any] | str | None = None,
        *,
        dasf: str | None = None,
        deployment: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if assessment is None:
            doc = new_assessment(dasf, deployment)
        else:
            doc = check_assessment(assessment)
            if dasf is not None or deployment is not None:
                doc = dict(doc)
                if dasf is not None:
                    doc["dasf"] = dasf
                if deployment is not None:
                    doc["deploymentModels"] = list(deployment)
                doc = check_assessment(doc)
        self._from_view = False
        self._syncing = False
        super().__init__(
            assessment=doc,
            dasf=doc["dasf"],
            deployment=list(doc["deploymentModels"]),
            **kwargs,
        )

    # --- files -----------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str], **kwargs: Any) -> "RiskMap":
        """A widget on the assessment saved at ``path``. Raises :class:`AssessmentError`
        (a ``ValueError``) with the engine's message when the file is not a valid
        assessment."""
        try:
            doc = parse_assessment(_read_document(path))
        except AssessmentError as e:
            if hasattr(e, "add_note"):  # Python 3.11+
                e.add_note(f"in {os.fspath(path)}")
            raise
        return cls(doc, **kwargs)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the assessment to ``path`` as JSON, as the page and the CLI write it."""
        # Written beside the target and renamed over it: a failure half-way (a full disk, an
        # interrupted kernel) leaves the previous file whole.
        target = pathlib.Path(path)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            partial.write_text(to_json(self.assessment) + "\n", encoding="utf-8")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    # --- gaps ------------------------------------------------------------------------

    def gaps(self) -> Any:
        """The open gaps of the report: one row per risk and control not fully in place.

        A pandas DataFrame when pandas is installed, a list of dicts otherwise. The report
        comes from the engine in the widget's view: display the widget first.
        """
        if not self.report:
            raise RuntimeError(
                "no report yet: the wasm engine computes it in the widget's view. Display "
                "the widget (and let the cell finish) before asking for gaps."
            )
        rows = [dict(g) for g in self.report.get("gaps", [])]
        try:
            import pandas as pd
        except ImportError:
            return rows
        columns = [
            "risk",
            "riskName",
            "component",
            "control",
            "controlName",
            "status",
            "responsibility",
            "owner",
            "note",
        ]
        return pd.DataFrame(rows, columns=columns)

    # --- keeping the traits consistent -----------------------------------------------

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # Changes from the view carry their own report; remember where they came from so
        # the report is not dropped as stale.
        self._from_view = True
        try:
            super().set_state(sync_data)
        finally:
            self._from_view = False

    @traitlets.validate("assessment")
    def _check_assessment(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        return check_assessment(proposal["value"])

    @traitlets.validate("dasf")
    def _check_dasf(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        if value not in versions():
            raise AssessmentError(
                f"unsupported DASF version `{value}`: this build reads DASF "
                + " or ".join(versions()),
                "unsupported_version",
            )
        if self.assessment and self.assessment.get("dasf") != value:
            check_assessment({**self.assessment, "dasf": value})
        return value

    @traitlets.validate("deployment")
    def _check_deployment(self, proposal: traitlets.Bunch) -> list[str]:
        value = list(proposal["value"])
        if self.assessment and self.assessment.get("deploymentModels") != value:
            check_assessment({**self.assessment, "deploymentModels": value})
        return value

    @traitlets.observe("dasf", "deployment")
    def _apply_to_assessment(self, change: traitlets.Bunch) -> None:
        if self._syncing or not self.assessment:
            return
        key = "dasf" if change["name"] == "dasf" else "deploymentModels"
        if self.assessment.get(key) != change["new"]:
            self.assessment = {**self.assessment, key: change["new"]}

    @traitlets.observe("assessment")
    def _follow_assessment(self, change: traitlets.Bunch) -> None:
        doc = change["new"]
        self._syncing = True
        try:
            with self.hold_sync():
                self.dasf = doc["dasf"]
                self.deployment = list(doc["deploymentModels"])
                if not self._from_view:
                    # The view recomputes it for the new assessment; until then there is none.
                    self.report = {}
        finally:
            self._syncing = False


def _read_document(path: str | os.PathLike[str]) -> str:
    """The text of an assessment file, refusing what the engine refuses before reading it
    all: a file over the document limit, or bytes that are not UTF-8."""
    with open(path, "rb") as f:
        data = f.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        # Reading stopped just past the limit, so the size is a lower bound.
        raise _too_large("the document's size in bytes (at least)", len(data), MAX_DOCUMENT_BYTES)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AssessmentError(
            f"not UTF-8 text (byte {e.start} is not valid); an assessment is a JSON file",
            "invalid_json",
        ) from None
