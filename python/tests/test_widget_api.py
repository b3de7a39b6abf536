"""The Python side of the widget: construction, traits, load/save, validation, and the
report and gaps the engine computes in the kernel."""

from __future__ import annotations

import builtins
import json

import pytest
import traitlets

import ai_risk_map
from ai_risk_map import AssessmentError, RiskMap


def test_new_widget_holds_a_blank_assessment_matching_its_traits():
    w = RiskMap(dasf="2.0", deployment=["rag_llm"])
    assert w.assessment == {
        "schema": "ai-risk-map/assessment",
        "schemaVersion": 3,
        "useCase": {"name": "", "description": "", "owner": ""},
        "dasf": "2.0",
        "deploymentModels": ["rag_llm"],
        "risks": {},
        "controls": {},
    }
    assert (w.dasf, w.deployment, w.view, w.selected) == ("2.0", ["rag_llm"], "diagram", {})
    assert w.report == ai_risk_map.evaluate(w.assessment), "the kernel has the report at once"
    assert w.report["deploymentModels"] == ["rag_llm"] and w.report["overall"]["coverage"] == 0
    assert RiskMap().assessment["dasf"] == "2.0"
    assert RiskMap(dasf="1.0", view="report").view == "report"


def test_the_bundle_with_the_wasm_ships_in_the_package():
    esm = RiskMap()._esm
    text = str(esm)
    assert "ai-risk-map" in text and "customElements" in text
    # The engine is inside (esbuild's binary loader: base64 of the wasm magic "\0asm"), and
    # the bundle names no host to fetch anything from.
    assert '"AGFzbQ' in text
    assert "http://" not in text and "https://" not in text


def test_load_save_round_trip(tmp_path, example_path):
    w = RiskMap.load(example_path)
    original = json.loads(example_path.read_text())
    assert w.assessment["useCase"] == original["useCase"]
    assert w.assessment["controls"] == original["controls"]
    assert w.dasf == original.get("dasf", "2.0")
    assert w.deployment == original["deploymentModels"]
    out = tmp_path / "saved.json"
    w.save(out)
    again = RiskMap.load(out)
    assert again.assessment == w.assessment
    assert json.loads(out.read_text()) == w.assessment
    # Saved as the engine writes it: two-space indent, final newline.
    assert out.read_text().startswith('{\n  "schema": "ai-risk-map/assessment",\n  "schemaVersion": 3,')
    assert out.read_text().endswith("}\n")


def test_load_refuses_a_bad_file_with_the_path_at_fault(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "ai-risk-map/assessment", "controls": {"DASF 1": {"status": "done"}}}')
    with pytest.raises(AssessmentError) as e:
        RiskMap.load(bad)
    assert e.value.code == "invalid_document"
    assert e.value.path == ["controls", "DASF 1", "status"]
    assert str(e.value).startswith("invalid document at `controls.DASF 1.status`: unknown value `done`, expected one of `implemented`")
    assert str(bad) in "".join(getattr(e.value, "__notes__", [str(bad)]))

    bad.write_text('{"schema": "ai-risk-map/assessment",\n  "dasf": 2.0}')
    with pytest.raises(ValueError, match=r"^invalid document at `dasf`: expected a string, found 2\.0\n"):
        RiskMap.load(bad)
    bad.write_text('{"schema": "ai-risk-map/assessment",\n  "dasf": }')
    with pytest.raises(AssessmentError, match=r"^not valid JSON at line 2, column 11 \(inside `dasf`\): expected a value") as e:
        RiskMap.load(bad)
    # The member the error is inside, as segments.
    assert e.value.code == "invalid_json" and e.value.path == ["dasf"]


def test_load_refuses_huge_and_non_utf8_files_before_parsing(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (8 * 1024 * 1024 + 10))
    with pytest.raises(AssessmentError, match=r"too large: .* is 8388609, the limit is 8388608") as e:
        RiskMap.load(huge)
    assert e.value.code == "too_large"
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"schema": "ai-risk-map/assessment", "useCase": {"name": "caf\u00e9"}}'.encode("latin-1"))
    with pytest.raises(AssessmentError, match=r"^not valid JSON at line 1, column 62: byte 0xE9 .* is not UTF-8") as e:
        RiskMap.load(latin)
    assert e.value.code == "invalid_json"


def test_save_replaces_the_file_whole_or_not_at_all(tmp_path, monkeypatch):
    out = tmp_path / "kept.json"
    out.write_text("previous work\n")
    w = RiskMap(deployment=["rag_llm"])

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", disk_full)
    with pytest.raises(OSError):
        w.save(out)
    assert out.read_text() == "previous work\n", "a failed save leaves the file as it was"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.json"], "no partial file is left behind"
    monkeypatch.undo()
    w.save(out)
    assert json.loads(out.read_text()) == w.assessment


def test_an_invalid_assessment_raises_and_the_last_good_one_stays():
    w = RiskMap(deployment=["rag_llm"])
    good = {**w.assessment, "controls": {"DASF 54": {"status": "implemented"}}}
    w.assessment = good
    cases = [
        ({**good, "controls": {"DASF 54": {"status": "sort of"}}}, ["controls", "DASF 54", "status"], "unknown value `sort of`"),
        ({**good, "controls": {"dasf54": {"status": "planned"}}}, ["controls", "dasf54"], "did you mean `DASF 54`?"),
        ({**good, "risks": {"9.1": {"pertinent": "no"}}}, ["risks", "9.1", "pertinent"], "expected true or false, found \"no\""),
        ({**good, "deploymentModels": ["rag"]}, ["deploymentModels", 0], "`rag_llm`"),
        ({**good, "useCase": {"nmae": "x"}}, ["useCase", "nmae"], "unknown field `nmae`"),
        ({**good, "schema": "other"}, ["schema"], 'expected "ai-risk-map/assessment", found "other"'),
        ({**good, "extra": 1}, ["extra"], "unknown field `extra`"),
    ]
    for doc, path, words in cases:
        with pytest.raises(ValueError) as e:
            w.assessment = doc
        assert e.value.path == path, e.value
        assert words in str(e.value)
        assert w.assessment == good
        assert w.report == ai_risk_map.evaluate(good), "the report stays that of the last good one"
    with pytest.raises(AssessmentError, match="schemaVersion 1 to 3") as e:
        w.assessment = {**good, "schemaVersion": 4}
    assert e.value.code == "unsupported_version"
    with pytest.raises(AssessmentError, match="cannot be converted to JSON"):
        w.assessment = {**good, "useCase": {"name": object()}}
    assert w.assessment == good
    with pytest.raises(AssessmentError):
        RiskMap({"schema": "ai-risk-map/assessment", "dasf": "3.0"})


def test_assessment_from_python_is_normalised_and_its_report_follows():
    w = RiskMap()
    before = w.report
    w.assessment = {"schema": "ai-risk-map/assessment", "deploymentModels": ["rag_llm"], "controls": {"DASF 1": {"status": "partial", "owner": None}}}
    assert w.assessment["useCase"] == {"name": "", "description": "", "owner": ""}
    assert w.assessment["controls"] == {"DASF 1": {"status": "partial"}}
    assert w.deployment == ["rag_llm"]
    assert w.report != before
    assert w.report == ai_risk_map.evaluate(w.assessment)
    assert w.report["deploymentModels"] == ["rag_llm"]
    assert any(c["id"] == "DASF 1" and c["status"] == "partial" for c in w.report["controls"])


def test_the_report_is_the_kernels():
    w = RiskMap(deployment=["rag_llm"])
    with pytest.raises(traitlets.TraitError):
        w.report = {"overall": {"coverage": 1.0}}
    # A view (or an older bundle) sending a report does not replace the engine's.
    w.set_state({"report": {"overall": {"coverage": 1.0}}})
    assert w.report == ai_risk_map.evaluate(w.assessment)


def test_changes_from_the_view_update_the_report_and_move_dasf_and_deployment():
    w = RiskMap(deployment=["rag_llm"])
    doc = {**w.assessment, "dasf": "1.0", "deploymentModels": ["predictive_ml"], "controls": {"DASF 1": {"status": "implemented"}}}
    seen = []
    w.observe(lambda change: seen.append(change["new"]), names="report")
    w.set_state({"assessment": doc, "selected": {"kind": "component", "id": "9"}})
    assert w.assessment == doc
    assert (w.dasf, w.deployment) == ("1.0", ["predictive_ml"])
    assert w.selected == {"kind": "component", "id": "9"}
    assert w.report == ai_risk_map.evaluate(doc)
    assert w.report["dasf"] == "1.0" and w.report["deploymentModels"] == ["predictive_ml"]
    assert seen == [w.report], "one new report per change"


def test_dasf_and_deployment_traits_change_the_assessment_or_refuse():
    w = RiskMap(deployment=["rag_llm"])
    w.dasf = "1.0"
    assert w.assessment["dasf"] == "1.0"
    w.deployment = ["predictive_ml", "external_models"]
    assert w.assessment["deploymentModels"] == ["predictive_ml", "external_models"]
    w.dasf = "2.0"
    w.assessment = {**w.assessment, "risks": {"9.11": {"pertinent": False, "reason": "no agents"}}}
    with pytest.raises(AssessmentError, match=r"unknown risk `9\.11` at `risks\.9\.11`: it exists in DASF 2\.0, but this assessment uses DASF 1\.0"):
        w.dasf = "1.0"
    assert (w.dasf, w.assessment["dasf"]) == ("2.0", "2.0")
    with pytest.raises(AssessmentError, match=r"unknown DASF version `3\.0` at `dasf`") as e:
        w.dasf = "3.0"
    assert e.value.path == ["dasf"]
    with pytest.raises(AssessmentError, match=r"deployment model `rag_llm` is listed twice"):
        w.deployment = ["rag_llm", "rag_llm"]
    assert w.deployment == ["predictive_ml", "external_models"]


def test_constructor_arguments_override_the_documents_own():
    doc = {"schema": "ai-risk-map/assessment", "deploymentModels": ["rag_llm"], "controls": {"DASF 1": {"status": "planned"}}}
    w = RiskMap(doc, dasf="1.0", deployment=["external_models"])
    assert (w.assessment["dasf"], w.assessment["deploymentModels"]) == ("1.0", ["external_models"])
    assert w.assessment["controls"] == {"DASF 1": {"status": "planned"}}
    assert RiskMap(json.dumps(doc)).deployment == ["rag_llm"]


def test_gaps_as_a_dataframe_with_pandas(example_path):
    pd = pytest.importorskip("pandas")
    w = RiskMap.load(example_path)
    df = w.gaps()
    assert isinstance(df, pd.DataFrame)
    assert len(df) == len(w.report["gaps"]) > 0
    assert list(df.columns)[:5] == ["risk", "riskName", "component", "control", "controlName"]
    first = w.report["gaps"][0]
    assert df.loc[0, "control"] == first["control"] and df.loc[0, "status"] == first["status"]
    every = {c: {"status": "implemented"} for c in {g["control"] for g in w.report["gaps"]}}
    w.assessment = {**w.assessment, "controls": {**w.assessment["controls"], **every}}
    assert len(w.gaps()) == 0, "no gaps left once every control is in place"


def test_gaps_as_a_list_without_pandas(monkeypatch, example_path):
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    w = RiskMap.load(example_path)
    gaps = w.gaps()
    assert isinstance(gaps, list)
    assert gaps == w.report["gaps"] and len(gaps) > 0
    was = gaps[0]["status"]
    gaps[0]["status"] = "changed"
    assert w.report["gaps"][0]["status"] == was, "rows are copies"


def test_the_view_module_sees_the_synced_traits():
    w = RiskMap(deployment=["rag_llm"])
    state = w.get_state()
    for name in ("assessment", "selected", "view", "dasf", "deployment", "readonly", "theme", "_esm"):
        assert name in state, name
    # The report stays in the kernel: the view has the engine to draw with.
    assert "report" not in state
    from importlib.metadata import version

    assert ai_risk_map.__version__ == version("ai-risk-map"), "one version for the wheel and the extension"
