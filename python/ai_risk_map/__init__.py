"""ai-risk-map in Python: the DASF AI security assessment engine, and a notebook widget.

Everything here is the Rust engine (the same one as the CLI and the web page), compiled into
the ``ai_risk_map._engine`` extension: Python validates, scores and renders nothing itself.

>>> import ai_risk_map as arm
>>> doc = arm.new_assessment("2.0", ["rag_llm"])
>>> arm.evaluate(doc)["overall"]["coverage"]
0.0
>>> from ai_risk_map import RiskMap
>>> w = RiskMap.load("assistant.assessment.json")  # doctest: +SKIP
>>> w.gaps()  # computed in the kernel, no browser needed  # doctest: +SKIP

Documents are accepted as dicts or as JSON text (``str`` or ``bytes``). A dict is written
out with :func:`json.dumps` and read back by the engine's own JSON reader, so an error names
the same path as on the CLI and the page. Refusals raise :class:`AssessmentError`.
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable, Union

from . import _engine
from ._engine import (
    LATEST_VERSION,
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_ERRORS,
    MAX_QUERY_CHARS,
    MAX_QUERY_TERMS,
    MAX_TEXT_BYTES,
    AssessmentError,
)

__all__ = [
    "AssessmentError",
    "LATEST_VERSION",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_ERRORS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_TERMS",
    "MAX_TEXT_BYTES",
    "RiskMap",
    "catalog",
    "catalog_versions",
    "diagram_svg",
    "evaluate",
    "gaps_csv",
    "import_compendium",
    "import_cosai",
    "labels",
    "migrate",
    "navigator_layer",
    "new_assessment",
    "oscal_assessment_results",
    "oscal_catalog",
    "oscal_poam",
    "parse",
    "register_catalog",
    "report_markdown",
    "search",
]
__version__: str = _engine.__version__

Document = Union[dict, str, bytes]


def _error(message: str, code: str) -> AssessmentError:
    err = AssessmentError(message)
    err.code = code
    err.path = None
    err.errors = [{"message": message, "code": code, "path": None}]
    err.more_errors = 0
    return err


def _text(document: Any, what: str = "the assessment") -> Any:
    """JSON text for the engine: text as it is; Python data through json.dumps. Anything
    else goes to the engine as it is, which refuses it with `invalid_argument`."""
    if isinstance(document, (str, bytes)) or document is None:
        return document
    try:
        # ensure_ascii=False keeps the text the size a file of the same document would be,
        # so the size limits apply alike; allow_nan=False because JSON has no NaN.
        return json.dumps(document, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as e:
        raise _error(f"{what} cannot be converted to JSON: {e}", "invalid_argument") from None


def parse(document: Document) -> dict[str, Any]:
    """The assessment checked against the catalog it names, normalised (every field
    present, as the engine writes it). Raises :class:`AssessmentError`."""
    return _engine.parse(_text(document))


def evaluate(document: Document) -> dict[str, Any]:
    """The engine's report of an assessment: overall, per stage and per component scores,
    every risk and control, the open ``gaps`` and the ``nextControls`` to work on."""
    return _engine.evaluate(_text(document))


def migrate(document: Document, dasf: str = LATEST_VERSION) -> dict[str, Any]:
    """The assessment moved to catalog version ``dasf``, every decision kept and what the
    target adds recorded in ``catalogMigration``. Raises, changing nothing, when the target
    lacks something already decided."""
    return _engine.migrate(_text(document), dasf)


def new_assessment(dasf: str | None = None, deployment: Iterable[str] = ()) -> dict[str, Any]:
    """A blank assessment on DASF ``dasf`` (the latest when None) for these deployment
    model ids. The ids are checked as a file's ``deploymentModels`` is: a single string
    (not a list) or an item that is not an id raises :class:`AssessmentError` with its path."""
    # A str is iterable too: listing it would check its letters as ids.
    if isinstance(deployment, str):
        models = json.dumps(deployment)
    else:
        models = _text(list(deployment), "the deployment models")
    return _engine.new_assessment(dasf, models)


def report_markdown(document: Document) -> str:
    """The report of an assessment as Markdown (as ``ai-risk-map assess FILE``)."""
    return _engine.report_markdown(_text(document))


def gaps_csv(document: Document) -> str:
    """The open gaps as CSV, one row per risk and control (formula-like cells defused)."""
    return _engine.gaps_csv(_text(document))


def oscal_catalog(dasf: str | None = None, *, as_published: bool = False) -> dict[str, Any]:
    """The catalog ``dasf`` (the latest when None; with its errata unless ``as_published``)
    as an OSCAL 1.1 catalog: stages and components as groups, each risk a part of its
    component linked to the controls that mitigate it. ``json.dump`` it to a file for a GRC
    tool (as ``ai-risk-map catalog --format oscal``)."""
    return json.loads(_engine.oscal_catalog(dasf, as_published))


def oscal_assessment_results(document: Document) -> dict[str, Any]:
    """The assessment as OSCAL 1.1 assessment results: a finding per scored risk, an
    observation per assessed control with its evidence, the assessor and date in the
    metadata (as ``ai-risk-map assess FILE --format oscal``). The document needs
    ``assessedOn``; UUIDs are stable (version 5, from ids)."""
    return json.loads(_engine.oscal_assessment_results(_text(document)))


def oscal_poam(document: Document) -> dict[str, Any]:
    """The assessment's open controls as an OSCAL 1.1 plan of action and milestones, one
    item per open control with its owner and due date (as ``ai-risk-map assess FILE
    --format oscal-poam``). Raises when nothing is open or the date is missing."""
    return json.loads(_engine.oscal_poam(_text(document)))


def navigator_layer(document: Document) -> dict[str, Any]:
    """The ATLAS techniques the assessment's scored risks cite, scored by their coverage, as
    an ATLAS Navigator layer (format 4.5; as ``ai-risk-map assess FILE --format
    navigator``)."""
    return json.loads(_engine.navigator_layer(_text(document)))


def diagram_svg(
    document: Document | None = None,
    *,
    selected: str | None = None,
    standalone: bool = False,
    dasf: str | None = None,
) -> str:
    """The component diagram as SVG text, coloured by the assessment's report, or the bare
    catalog of ``dasf`` when no document is given. ``standalone`` embeds the stylesheet (for
    a file); ``selected`` marks a component id."""
    text = None if document is None else _text(document)
    return _engine.diagram_svg(text, selected, standalone, dasf)


def catalog(dasf: str | None = None) -> dict[str, Any]:
    """A catalog: the built-in DASF ``1.0`` or ``2.0`` (the latest when None), or one
    loaded with :func:`register_catalog`."""
    return _engine.catalog(dasf)


def catalog_versions() -> list[str]:
    """The catalog versions known: the built-in ones, oldest first, then any registered."""
    return _engine.catalog_versions()


def register_catalog(document: Document) -> str:
    """Load a catalog document of your own (schema ``ai-risk-map/catalog``), checked like the
    built-in ones, for the rest of the process; returns its version, which assessments name
    in ``dasf``."""
    return _engine.register_catalog(_text(document, "the catalog"))


def _paths(files: Iterable[Any], what: str) -> list[str]:
    paths = [os.fspath(f) for f in files]
    if not paths:
        raise _error(f"no input: give {what}", "invalid_argument")
    return paths


def import_compendium(*files: Union[str, "os.PathLike[str]"], version: str | None = None) -> dict[str, Any]:
    """The DASF compendium as a catalog document (a dict), from its ``.xlsx`` workbook or
    from CSV/TSV exports of its risk and control sheets, as ``ai-risk-map
    import-compendium`` writes it. The version key is the sheets' latest revision plus
    ``-compendium`` unless ``version`` names another; pass the result to
    :func:`register_catalog` to assess against it. A bad sheet raises
    :class:`AssessmentError` naming the sheet, row and column."""
    paths = _paths(files, "the compendium workbook or the CSV/TSV exports of its two sheets")
    return json.loads(_engine.import_compendium(paths, version))


def import_cosai(*paths: Union[str, "os.PathLike[str]"], version: str | None = None) -> dict[str, Any]:
    """The CoSAI risk map as a catalog document (a dict), from its YAML files
    (``components.yaml``, ``risks.yaml``, ``controls.yaml``, optionally ``personas.yaml`` and
    ``frameworks.yaml``) or the folders holding them, as ``ai-risk-map import-cosai`` writes
    it. Version key ``cosai`` unless ``version`` names another."""
    return json.loads(_engine.import_cosai(_paths(paths, "the risk map's YAML files or their folder"), version))


def search(query: str, dasf: str | None = None) -> list[dict[str, Any]]:
    """Components, risks and controls matching ``query``: words, ids, or a crosswalk id
    such as ``"AML.T0051"``, ``"LLM01"`` or ``"AC-3"``. Best first. The engine reads at
    most ``MAX_QUERY_CHARS`` characters and ``MAX_QUERY_TERMS`` distinct terms."""
    return _engine.search(query, dasf)


def labels() -> dict[str, dict[str, str]]:
    """The words for the engine's codes, by kind (``status``, ``state``, ``level``,
    ``responsibility``) then code: ``labels()["status"]["partial"]``; and ``plural``, the
    plural of each noun the reports count: ``labels()["plural"]["risk"]``."""
    return _engine.labels()


def __getattr__(name: str) -> Any:
    # The widget (anywidget, traitlets) is imported on first use only, so that the engine's
    # functions and the `ai-risk-map` command start without it.
    if name == "RiskMap":
        from ._widget import RiskMap

        return RiskMap
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
