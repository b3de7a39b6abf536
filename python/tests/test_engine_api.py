"""The engine through Python: the functions of `ai_risk_map`, good and bad documents, the
error's code and path, the limits, and the inputs only Python can make (lone surrogates,
data that is not JSON). The results are compared with the native CLI's where it has them."""

from __future__ import annotations

import json
import subprocess

import pytest

import ai_risk_map as arm
from ai_risk_map import AssessmentError

BASE = {"schema": "ai-risk-map/assessment", "deploymentModels": ["rag_llm"]}


def refused(document, code: str, path=None) -> AssessmentError:
    with pytest.raises(AssessmentError) as e:
        arm.parse(document)
    assert isinstance(e.value, ValueError)
    assert e.value.code == code, e.value
    assert e.value.path == path, e.value
    return e.value


def test_the_report_equals_the_clis(cli, example_path):
    native = subprocess.run([str(cli), "assess", str(example_path), "--format", "json"], capture_output=True, text=True, check=True)
    text = example_path.read_text("utf-8")
    report = arm.evaluate(text)
    assert report == json.loads(native.stdout)
    assert report["gaps"] and report["overall"]["coverage"] > 0
    # Text, bytes and dict give the same report.
    assert arm.evaluate(text.encode("utf-8")) == report
    assert arm.evaluate(json.loads(text)) == report


def test_renderings_equal_the_clis(cli, example_path):
    doc = json.loads(example_path.read_text("utf-8"))
    for fmt, ours in (("md", arm.report_markdown(doc)), ("csv", arm.gaps_csv(doc)), ("svg", arm.diagram_svg(doc, standalone=True))):
        native = subprocess.run([str(cli), "assess", str(example_path), "--format", fmt], capture_output=True, check=True).stdout
        assert ours.encode("utf-8") == native, fmt
    assert arm.gaps_csv(doc).startswith("risk_id,")


def test_catalog_migrate_new_match_the_cli(cli, tmp_path):
    for dasf in ("1.0", "2.0"):
        native = subprocess.run([str(cli), "catalog", "--dasf", dasf], capture_output=True, text=True, check=True)
        assert arm.catalog(dasf) == json.loads(native.stdout)
    assert arm.catalog() == arm.catalog(arm.LATEST_VERSION)
    assert arm.catalog_versions()[:2] == ["1.0", "2.0"]

    blank = arm.new_assessment("1.0", ["rag_llm"])
    assert arm.new_assessment("1.0", ("rag_llm",)) == blank
    # The models are read as a file's are: the same errors, at the same paths.
    for models, path in (
        ("rag_llm", ["deploymentModels"]),
        (["rag_llm", 3], ["deploymentModels", 1]),
        (["rag"], ["deploymentModels", 0]),
    ):
        with pytest.raises(arm.AssessmentError) as err:
            arm.new_assessment("2.0", models)
        assert err.value.path == path, (models, err.value)
    native = subprocess.run([str(cli), "new", "--dasf", "1.0", "--deployment", "rag_llm"], capture_output=True, text=True, check=True)
    assert blank == json.loads(native.stdout)

    old = {**blank, "controls": {"DASF 1": {"status": "partial"}}}
    f = tmp_path / "old.json"
    f.write_text(json.dumps(old))
    native = subprocess.run([str(cli), "migrate", str(f)], capture_output=True, text=True, check=True)
    moved = arm.migrate(old)
    assert moved == json.loads(native.stdout)
    assert moved["dasf"] == "2.0" and moved["catalogMigration"]["from"] == "1.0"
    assert arm.migrate(old, "2.0") == moved


def test_parse_normalises_and_keeps_decisions():
    doc = arm.parse({**BASE, "controls": {"DASF 1": {"status": "planned", "owner": "IAM"}}})
    assert doc["schemaVersion"] >= 2
    assert doc["useCase"] == {"name": "", "description": "", "owner": ""}
    assert doc["controls"] == {"DASF 1": {"status": "planned", "owner": "IAM"}}
    assert arm.parse(json.dumps(doc)) == doc


def test_search_and_labels():
    hits = arm.search("prompt injection")
    assert hits and hits[0]["kind"] in ("risk", "control", "component")
    assert any(h["id"] == "9.1" for h in arm.search("LLM01"))
    assert arm.search("AML.T0051", "1.0")
    labels = arm.labels()
    assert labels["status"]["partial"] == "Partially implemented"
    assert set(labels) >= {"status", "state", "level", "responsibility"}


@pytest.mark.parametrize(
    ("document", "code", "path"),
    [
        ({**BASE, "controls": {"DASF 1": {"status": "done"}}}, "invalid_document", ["controls", "DASF 1", "status"]),
        ({**BASE, "risks": {"9.11": {"pertinent": "no"}}}, "invalid_document", ["risks", "9.11", "pertinent"]),
        ({**BASE, "risks": {"9.99": {"pertinent": False}}}, "unknown_id", ["risks", "9.99"]),
        ({**BASE, "deploymentModels": ["rag_llm", "rag"]}, "unknown_id", ["deploymentModels", 1]),
        ({**BASE, "dasf": "3.0"}, "unknown_id", ["dasf"]),
        ({**BASE, "schemaVersion": 99}, "unsupported_version", None),
        ({"schema": "ai-risk-map/catalog"}, "invalid_document", ["schema"]),
        ([], "invalid_document", []),
        ("", "invalid_document", []),
        ('{"schema": "ai-risk-map/assessment",', "invalid_json", None),
        (b"\xff\xfe{\x00}\x00", "invalid_json", None),
    ],
)
def test_bad_documents_raise_with_code_and_path(document, code, path):
    refused(document, code, path)


def test_the_path_keeps_ids_with_dots_whole():
    err = refused({**BASE, "risks": {"9.11": {"pertinent": False, "reason": 3}}}, "invalid_document", ["risks", "9.11", "reason"])
    # The message keeps the readable form.
    assert "`risks.9.11.reason`" in str(err)


def test_a_sign_in_a_unicode_escape_is_refused_as_the_cli_refuses_it(cli, tmp_path):
    text = '{"schema": "ai-risk-map/assessment", "controls": {"DASF\\u+0201": {"status": "planned"}}}'
    # Inside the key of a control: the error names the object the key is in.
    err = refused(text, "invalid_json", ["controls"])
    f = tmp_path / "sign.json"
    f.write_text(text)
    native = subprocess.run([str(cli), "assess", str(f)], capture_output=True, text=True)
    assert native.returncode == 2
    assert str(err) in native.stderr, (str(err), native.stderr)
    # The same characters in a dict key are just an unknown id (json.dumps escapes the backslash).
    refused({**BASE, "controls": {"DASF\\u+0201": {"status": "planned"}}}, "unknown_id", ["controls", "DASF\\u+0201"])


@pytest.mark.parametrize(
    "document",
    [
        {**BASE, "useCase": {"name": "caf\udce9"}},
        {**BASE, "controls": {"DASF 1": {"status": "planned", "note": "\ud800"}}},
        {**BASE, "controls": {"DASF \udc80": {"status": "planned"}}},
        '{"schema": "ai-risk-map/assessment", "useCase": {"name": "\udfff"}}',
    ],
)
def test_lone_surrogates_are_refused_not_unicode_errors(document):
    for call in (arm.parse, arm.evaluate, arm.report_markdown, arm.gaps_csv, arm.diagram_svg):
        with pytest.raises(AssessmentError) as e:
            call(document)
        assert e.value.code == "invalid_json"
        assert "lone surrogate" in str(e.value) and "line 1, column" in str(e.value)
    # As a JSON escape, the engine's reader refuses it too.
    with pytest.raises(AssessmentError, match="lone surrogate"):
        arm.parse('{"schema": "ai-risk-map/assessment", "useCase": {"name": "\\udce9"}}')


def test_what_is_not_json_data_is_an_argument_error():
    for bad in ({**BASE, "useCase": {"name": object()}}, {**BASE, "x": float("nan")}, None, 4.5j):
        with pytest.raises(AssessmentError) as e:
            arm.parse(bad)
        assert e.value.code == "invalid_argument" and e.value.path is None
    # JSON data of the wrong shape is the engine's to judge.
    refused(42, "invalid_document", [])


def test_limits_come_from_the_engine(tmp_path):
    assert (arm.MAX_DOCUMENT_BYTES, arm.MAX_TEXT_BYTES, arm.MAX_DEPTH) == (8 * 1024 * 1024, 256 * 1024, 32)
    # The search reads the first MAX_QUERY_CHARS characters: a term past them does not count.
    assert not arm.search("prompt zzzzqqq")
    assert arm.search("prompt" + " " * arm.MAX_QUERY_CHARS + "zzzzqqq")
    with pytest.raises(AssessmentError) as e:
        arm.parse({**BASE, "useCase": {"name": "x" * (arm.MAX_TEXT_BYTES + 1)}})
    assert e.value.code == "too_large" and str(arm.MAX_TEXT_BYTES) in str(e.value)
    with pytest.raises(AssessmentError) as e:
        arm.parse(" " * (arm.MAX_DOCUMENT_BYTES + 1))
    assert e.value.code == "too_large"
    with pytest.raises(AssessmentError) as e:
        arm.parse(b" " * (arm.MAX_DOCUMENT_BYTES + 1))
    assert e.value.code == "too_large"
    deep = "[" * (arm.MAX_DEPTH + 1) + "]" * (arm.MAX_DEPTH + 1)
    with pytest.raises(AssessmentError) as e:
        arm.parse(deep)
    assert e.value.code == "too_large" and f"the limit is {arm.MAX_DEPTH}" in str(e.value)
    # A dict deeper than Python's own recursion limit is refused as an argument, not a crash.
    nested: dict = {}
    for _ in range(100_000):
        nested = {"a": nested}
    with pytest.raises(AssessmentError) as e:
        arm.parse(nested)
    assert e.value.code == "invalid_argument"


def test_a_catalog_of_ones_own(tmp_path):
    mine = arm.catalog("2.0")
    mine["version"] = "2.0-acme"
    assert arm.register_catalog(mine) == "2.0-acme"
    assert "2.0-acme" in arm.catalog_versions()
    report = arm.evaluate({**BASE, "dasf": "2.0-acme"})
    assert report["dasf"] == "2.0-acme"
    with pytest.raises(AssessmentError) as e:
        arm.register_catalog({**mine, "version": "2.0"})
    assert e.value.code == "invalid_catalog"


def test_the_diagram_without_an_assessment():
    bare = arm.diagram_svg(dasf="1.0")
    assert bare.startswith("<svg") and 'data-component="9"' in bare
    assert arm.diagram_svg(BASE, selected="9") != arm.diagram_svg(BASE)


def test_every_error_of_a_document_is_listed_the_first_being_the_error():
    doc = dict(BASE, risks={"9.99": {}}, controls={"DASF 1": {"status": "planned"}, "dasf2": {}, "X": {}})
    err = refused(doc, "unknown_id", ["risks", "9.99"])
    assert [(e["code"], e["path"]) for e in err.errors] == [
        ("unknown_id", ["risks", "9.99"]),
        ("unknown_id", ["controls", "dasf2"]),
        ("unknown_id", ["controls", "X"]),
    ]
    assert err.errors[0]["message"] == str(err)
    assert "did you mean `DASF 2`" in err.errors[1]["message"]
    assert err.more_errors == 0

    one = refused(dict(BASE, controls={"DASF 1": {"status": "done"}}), "invalid_document", ["controls", "DASF 1", "status"])
    assert one.errors == [{"message": str(one), "code": "invalid_document", "path": ["controls", "DASF 1", "status"]}]

    # Past the cap, the rest are counted.
    many = dict(BASE, controls={f"X {i}": {} for i in range(arm.MAX_ERRORS + 3)})
    err = refused(many, "unknown_id", ["controls", "X 0"])
    assert len(err.errors) == arm.MAX_ERRORS
    assert err.more_errors == 3
    # Errors the Python side raises itself have the same shape.
    with pytest.raises(AssessmentError) as e:
        arm.evaluate(object())
    assert len(e.value.errors) == 1 and e.value.errors[0]["code"] == e.value.code


def test_building_a_result_leaves_the_garbage_collector_as_it_found_it(example_path):
    """The collector pauses while the engine builds a result (python/src/to_py.rs): it is on
    again afterwards, stays off when the caller had turned it off, and the result is a plain
    tree of dicts and lists that survives a full collection."""
    import gc

    text = example_path.read_text("utf-8")
    assert gc.isenabled()
    report = arm.evaluate(text)
    assert gc.isenabled()
    gc.disable()
    try:
        assert arm.evaluate(text) == report
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(AssessmentError):
        arm.evaluate("{}")
    assert gc.isenabled()
    gc.collect()
    assert report == arm.evaluate(text) and len(report["gaps"]) > 0
