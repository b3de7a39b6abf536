"""The RiskMap notebook widget: an assessment held in the kernel, its report computed there by
the engine, and a view (the ``<ai-risk-map>`` element with the engine in wasm, bundled into
``static/widget.js``) that shows it and sends edits back."""

from __future__ import annotations

import os
import pathlib
from typing import Any

import anywidget
import traitlets

from . import (
    _engine,
    _text,
    evaluate,
    navigator_layer,
    new_assessment,
    oscal_assessment_results,
    oscal_poam,
    parse,
)

_STATIC = pathlib.Path(__file__).parent / "static"
_VIEWS = ("diagram", "assessment", "catalog", "report")


class RiskMap(anywidget.AnyWidget):
    """An interactive DASF risk map and assessment, synced with Python.

    Parameters
    ----------
    assessment:
        An assessment document (dict, or JSON text) to start from; a blank one otherwise.
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
    # Not synced: the view draws from its own engine, and sending the report back on every
    # edit would cost a report's worth of traffic (megabytes for a large assessment) per
    # keystroke.
    report = traitlets.Dict(read_only=True)
    """The engine's report of ``assessment``, computed in the kernel whenever the assessment
    changes (from Python or from the view), with or without a browser."""
    selected = traitlets.Dict().tag(sync=True)
    """The component, risk or control last chosen in the view: ``{"kind": ..., "id": ...}``."""
    view = traitlets.Enum(_VIEWS, default_value="diagram").tag(sync=True)
    dasf = traitlets.Unicode("2.0").tag(sync=True)
    deployment = traitlets.List(traitlets.Unicode()).tag(sync=True)
    readonly = traitlets.Bool(False).tag(sync=True)
    theme = traitlets.Enum(("auto", "light", "dark"), default_value="auto").tag(sync=True)

    def __init__(
        self,
        assessment: dict[str, Any] | str | bytes | None = None,
        *,
        dasf: str | None = None,
        deployment: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        if assessment is None:
            doc = new_assessment(dasf, deployment or ())
        else:
            doc = parse(assessment)
            if dasf is not None or deployment is not None:
                if dasf is not None:
                    doc["dasf"] = dasf
                if deployment is not None:
                    doc["deploymentModels"] = list(deployment)
                doc = parse(doc)
        self._syncing = False
        # The last assessment checked and its report, both from one reading by the engine.
        self._assessed: tuple[dict[str, Any], dict[str, Any]] | None = None
        super().__init__(
            assessment=doc,
            dasf=doc["dasf"],
            deployment=list(doc["deploymentModels"]),
            **kwargs,
        )

    # --- files -----------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike[str], **kwargs: Any) -> RiskMap:
        """A widget on the assessment saved at ``path``. The engine refuses a file over the
        size limit (reading no more than one byte past it) or not UTF-8 before parsing it,
        and a document that is not a valid assessment, raising :class:`AssessmentError`
        (a ``ValueError``) with its message, code and path."""
        try:
            return cls(_engine.read_document(os.fspath(path)), **kwargs)
        except _engine.AssessmentError as e:
            if hasattr(e, "add_note"):  # Python 3.11+
                e.add_note(f"in {os.fspath(path)}")
            raise

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the assessment to ``path`` as the page and the CLI write it (the engine's
        JSON: two-space indent, compact when indenting would cross the size limit)."""
        text = _engine.assessment_json(_text(self.assessment)) + "\n"
        # Written beside the target and renamed over it: a failure half-way (a full disk, an
        # interrupted kernel) leaves the previous file whole.
        target = pathlib.Path(path)
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
        try:
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)

    # --- gaps ------------------------------------------------------------------------

    def gaps(self) -> Any:
        """The open gaps of the report: one row per risk and control not fully in place,
        with the fields of the engine's report (``risk``, ``riskName``, ``component``,
        ``control``, ...). A pandas DataFrame when pandas is installed, else a list of dicts
        (copies)."""
        rows = [dict(g) for g in self.report.get("gaps", [])]
        try:
            import pandas as pd
        except ImportError:
            return rows
        return pd.DataFrame(rows)

    def oscal_assessment_results(self) -> dict[str, Any]:
        """The assessment as OSCAL assessment results (see
        :func:`ai_risk_map.oscal_assessment_results`)."""
        return oscal_assessment_results(self.assessment)

    def oscal_poam(self) -> dict[str, Any]:
        """The open controls as an OSCAL plan of action and milestones (see
        :func:`ai_risk_map.oscal_poam`)."""
        return oscal_poam(self.assessment)

    def navigator_layer(self) -> dict[str, Any]:
        """The threat picture as an ATLAS Navigator layer (see
        :func:`ai_risk_map.navigator_layer`)."""
        return navigator_layer(self.assessment)

    # --- keeping the traits consistent -----------------------------------------------

    def set_state(self, sync_data: dict[str, Any]) -> None:
        # The report belongs to the kernel: a view never sets it (an older bundle did).
        super().set_state({k: v for k, v in sync_data.items() if k != "report"})

    @traitlets.validate("assessment")
    def _check_assessment(self, proposal: traitlets.Bunch) -> dict[str, Any]:
        doc, report = _engine.assess(_text(proposal["value"]))
        self._assessed = (doc, report)
        return doc

    @traitlets.validate("dasf")
    def _check_dasf(self, proposal: traitlets.Bunch) -> str:
        value = proposal["value"]
        if self.assessment and self.assessment.get("dasf") != value:
            parse({**self.assessment, "dasf": value})
        return value

    @traitlets.validate("deployment")
    def _check_deployment(self, proposal: traitlets.Bunch) -> list[str]:
        value = list(proposal["value"])
        if self.assessment and self.assessment.get("deploymentModels") != value:
            parse({**self.assessment, "deploymentModels": value})
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
                assessed = self._assessed
                report = assessed[1] if assessed and assessed[0] is doc else evaluate(doc)
                self.set_trait("report", report)
        finally:
            self._syncing = False
