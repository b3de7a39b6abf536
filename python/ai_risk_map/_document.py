"""Reading and checking assessment documents on the Python side.

The engine is Rust, and the kernel has no wasm runtime, so this module follows the engine's
reader step by step (``src/json.rs``, ``src/assess/document.rs``, ``src/limits.rs``): the
same order of checks, the same JSON paths and the same messages, so that a file refused by
the CLI or the page is refused here with the same words. The identifiers come from the
built-in catalog, exported by the engine at build time into ``static/catalog.json``.
``tests/test_conformance.py`` runs both on the same bad documents and compares.

Nothing here scores anything: reports come from the engine, in the widget's view.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

SCHEMA = "ai-risk-map/assessment"
SCHEMA_VERSION = 2
# Version 1 (the first release) is read and comes out as version 2: it lacks only
# `catalogMigration`, the record of a move between DASF versions.
OLDEST_SCHEMA_VERSION = 1
LATEST_VERSION = "2.0"
STATUSES = ("implemented", "partial", "planned", "not_implemented", "not_applicable")

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
MAX_TEXT_BYTES = 256 * 1024
MAX_DEPTH = 32

_FIELDS = (
    "schema",
    "schemaVersion",
    "useCase",
    "dasf",
    "deploymentModels",
    "components",
    "risks",
    "controls",
    "catalogMigration",
)


class AssessmentError(ValueError):
    """An assessment document the engine would refuse.

    ``str(err)`` is the engine's message; ``code`` is its stable error code
    (``invalid_json``, ``invalid_document``, ``unknown_id``, ``unsupported_version``,
    ``too_large``) and ``path`` the JSON path it is about, or None.
    """

    def __init__(self, message: str, code: str, path: str | None = None):
        super().__init__(message)
        self.code = code
        self.path = path


# --- the built-in catalog's identifiers ------------------------------------------------


@lru_cache(maxsize=None)
def catalogs() -> dict[str, dict[str, Any]]:
    """The built-in catalogs' identifiers and names, by DASF version (oldest first)."""
    try:
        text = resources.files(__package__).joinpath("static/catalog.json").read_text("utf-8")
    except FileNotFoundError as e:  # pragma: no cover - only in a source tree never built
        raise RuntimeError(
            "ai_risk_map/static/catalog.json is missing: run scripts/build-python.sh"
        ) from e
    return json.loads(text)["versions"]


def versions() -> list[str]:
    return list(catalogs())


# --- errors, as the engine words them --------------------------------------------------


def _syntax(text: str, pos: int, message: str) -> AssessmentError:
    before = text[:pos]
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return AssessmentError(
        f"not valid JSON at line {line}, column {column}: {message}", "invalid_json"
    )


def _shape(path: str, message: str) -> AssessmentError:
    path = path or "(document)"
    return AssessmentError(f"invalid document at `{path}`: {message}", "invalid_document", path)


def _unknown(kind: str, ident: str, path: str, hint: str) -> AssessmentError:
    return AssessmentError(f"unknown {kind} `{ident}` at `{path}`{hint}", "unknown_id", path)


def _too_large(what: str, size: int, limit: int) -> AssessmentError:
    return AssessmentError(
        f"too large: {what} is {size}, the limit is {limit}", "too_large"
    )


# --- JSON text -> values that remember what they were -----------------------------------


class _Number(str):
    """A JSON number, kept as written (the engine quotes numbers as written)."""


_NULL = object()


def _kind(v: Any) -> str:
    if v is _NULL:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, _Number):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "an array"
    return "an object"


def _quote(v: Any) -> str:
    if isinstance(v, _Number):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        short = v[:60]
        more = "\u2026" if len(short.encode("utf-8")) < len(v.encode("utf-8")) else ""
        return '"' + short.replace("\\", "\\\\").replace('"', '\\"') + more + '"'
    return _kind(v)


class _Object(list):
    """A JSON object as its members in document order (duplicates kept, to refuse them)."""


# Unicode White_Space, what Rust's `str::trim` removes (Python's isspace adds \x1c-\x1f).
_WHITE_SPACE = "".join(
    chr(c) for c in range(0x3001) if chr(c).isspace() and not 0x1C <= c <= 0x1F
)

_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_HEX4 = re.compile(r"\+?[0-9a-fA-F]+")


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.pos = 0
        self.depth = 0

    def error(self, message: str) -> AssessmentError:
        return _syntax(self.text, min(self.pos, len(self.text)), message)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\n\r":
            self.pos += 1

    def eat(self, literal: str) -> bool:
        if self.text.startswith(literal, self.pos):
            self.pos += len(literal)
            return True
        return False

    def value(self) -> Any:
        c = self.peek()
        if c == "":
            raise self.error("unexpected end of input, expected a value")
        if c == "{":
            return self.nested(self.object)
        if c == "[":
            return self.nested(self.array)
        if c == '"':
            return self.string()
        if c == "-" or c.isdigit() and c.isascii():
            return self.number()
        if self.eat("true"):
            return True
        if self.eat("false"):
            return False
        if self.eat("null"):
            return _NULL
        raise self.error("expected a value (object, array, string, number, true, false or null)")

    def nested(self, inner: Callable[[], Any]) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _too_large("the nesting depth of the document", self.depth, MAX_DEPTH)
        value = inner()
        self.depth -= 1
        return value

    def object(self) -> _Object:
        self.pos += 1
        members = _Object()
        self.skip_space()
        if self.eat("}"):
            return members
        while True:
            self.skip_space()
            if self.peek() != '"':
                raise self.error("expected a member name in double quotes")
            key = self.string()
            self.skip_space()
            if not self.eat(":"):
                raise self.error("expected `:` after the member name")
            self.skip_space()
            members.append((key, self.value()))
            self.skip_space()
            if self.eat(","):
                continue
            if self.eat("}"):
                return members
            raise self.error("expected `,` or `}` after an object member")

    def array(self) -> list:
        self.pos += 1
        items: list = []
        self.skip_space()
        if self.eat("]"):
            return items
        while True:
            self.skip_space()
            items.append(self.value())
            self.skip_space()
            if self.eat(","):
                continue
            if self.eat("]"):
                return items
            raise self.error("expected `,` or `]` after an array item")

    def digits(self) -> bool:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "0123456789":
            self.pos += 1
        return self.pos > start

    def number(self) -> _Number:
        start = self.pos
        negative = self.eat("-")
        leading_zero = self.peek() == "0"
        if not self.digits():
            raise self.error("expected digits in a number")
        if leading_zero and self.pos - start > 1 + int(negative):
            raise self.error("a number may not start with 0")
        if self.eat(".") and not self.digits():
            raise self.error("expected digits after the decimal point")
        if self.peek() in ("e", "E"):
            self.pos += 1
            if self.peek() in ("+", "-"):
                self.pos += 1
            if not self.digits():
                raise self.error("expected digits in the exponent")
        return _Number(self.text[start : self.pos])

    def hex4(self) -> int:
        digits = self.text[self.pos : self.pos + 4]
        if len(digits) < 4 or not _HEX4.fullmatch(digits):
            raise self.error("expected four hex digits after \\u")
        self.pos += 4
        return int(digits, 16)

    def string(self) -> str:
        self.pos += 1
        out: list[str] = []
        text = self.text
        while True:
            start = self.pos
            while self.pos < len(text):
                c = text[self.pos]
                if c == '"' or c == "\\" or ord(c) < 0x20:
                    break
                self.pos += 1
            out.append(text[start : self.pos])
            c = self.peek()
            if c == "":
                raise self.error("unterminated string")
            if c == '"':
                self.pos += 1
                return "".join(out)
            if c == "\\":
                self.pos += 1
                e = self.peek()
                if e == "u":
                    self.pos += 1
                    out.append(self.unicode_escape())
                    continue
                if e not in _ESCAPES:
                    raise self.error("invalid escape in a string")
                self.pos += 1
                out.append(_ESCAPES[e])
                continue
            raise self.error("control character in a string: escape it")

    def unicode_escape(self) -> str:
        first = self.hex4()
        if 0xD800 <= first < 0xDC00:
            if not self.eat("\\u"):
                raise self.error("lone surrogate in a \\u escape")
            second = self.hex4()
            if not 0xDC00 <= second < 0xE000:
                raise self.error("invalid surrogate pair in a \\u escape")
            code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        else:
            code = first
        if 0xD800 <= code < 0xE000:
            raise self.error("lone surrogate in a \\u escape")
        return chr(code)


def _check_document_size(what: str, text: str) -> None:
    size = len(text.encode("utf-8"))
    if size > MAX_DOCUMENT_BYTES:
        raise _too_large(f"the {what} ({size} bytes)", size, MAX_DOCUMENT_BYTES)
    # Nesting is bounded by the parser, as in the engine (src/json.rs).


def _check_text(path: str, value: str) -> None:
    size = len(value.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise _too_large(f"the text at `{path}` ({size} bytes)", size, MAX_TEXT_BYTES)


def _parse(text: str) -> Any:
    p = _Parser(text)
    p.skip_space()
    value = p.value()
    p.skip_space()
    if p.pos < len(text):
        raise p.error("trailing characters after the JSON value")
    return value


# --- typed access with paths -----------------------------------------------------------


def _member_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _expected(path: str, what: str, found: Any) -> AssessmentError:
    return _shape(path, f"expected {what}, found {_quote(found)}")


class _Fields:
    def __init__(self, value: Any, path: str):
        if not isinstance(value, _Object):
            raise _expected(path, "a JSON object", value)
        # The engine names the first repeated key in sorted order (it sorts to find them).
        keys = sorted(k for k, _ in value)
        for a, b in zip(keys, keys[1:]):
            if a == b:
                raise _shape(_member_path(path, a), "this member appears twice")
        self.path = path
        self.members = value
        self.taken = [False] * len(value)

    def path_of(self, key: str) -> str:
        return _member_path(self.path, key)

    def get(self, key: str) -> Any:
        for i, (k, v) in enumerate(self.members):
            if k == key:
                self.taken[i] = True
                return None if v is _NULL else v
        return None

    def text(self, key: str) -> str:
        v = self.get(key)
        return "" if v is None else _as_string(v, self.path_of(key))

    def opt_string(self, key: str) -> str | None:
        v = self.get(key)
        return None if v is None else _as_string(v, self.path_of(key))

    def bool_or(self, key: str, default: bool) -> bool:
        v = self.get(key)
        if v is None:
            return default
        if isinstance(v, bool):
            return v
        raise _expected(self.path_of(key), "true or false", v)

    def strings(self, key: str) -> list[str]:
        v = self.get(key)
        return [] if v is None else _as_strings(v, self.path_of(key))

    def map(self, key: str, read: Callable[[Any, str], Any]) -> dict[str, Any]:
        path = self.path_of(key)
        v = self.get(key)
        if v is None:
            return {}
        fields = _Fields(v, path)
        return {k: read(item, _member_path(path, k)) for k, item in fields.members}

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        path = self.path_of(key)
        v = self.get(key)
        if v is None:
            raise _shape(self.path, f"missing field `{key}`")
        value = _as_string(v, path)
        if value in allowed:
            return value
        listed = ", ".join(f"`{a}`" for a in allowed)
        raise _shape(path, f"unknown value `{value}`, expected one of {listed}")

    def finish(self, known: tuple[str, ...]) -> None:
        for taken, (key, _) in zip(self.taken, self.members):
            if not taken:
                listed = ", ".join(f"`{k}`" for k in known)
                raise _shape(
                    _member_path(self.path, key),
                    f"unknown field `{key}`, expected one of {listed}",
                )


def _as_string(v: Any, path: str) -> str:
    if isinstance(v, str) and not isinstance(v, _Number):
        return v
    raise _expected(path, "a string", v)


def _as_strings(v: Any, path: str) -> list[str]:
    if isinstance(v, list) and not isinstance(v, _Object):
        return [_as_string(item, f"{path}[{i}]") for i, item in enumerate(v)]
    raise _expected(path, "an array of strings", v)


def _as_u32(v: Any, path: str) -> int:
    if isinstance(v, _Number) and re.fullmatch(r"[0-9]+", v) and int(v) <= 0xFFFFFFFF:
        return int(v)
    raise _expected(path, "a whole number", v)


# --- the document ----------------------------------------------------------------------


def _read(value: Any) -> dict[str, Any]:
    f = _Fields(value, "")
    schema = f.get("schema")
    if schema is None:
        raise _shape("schema", f'missing: an assessment starts with "schema": "{SCHEMA}"')
    if type(schema) is not str or schema != SCHEMA:
        raise _expected("schema", f'"{SCHEMA}"', schema)
    v = f.get("schemaVersion")
    schema_version = SCHEMA_VERSION if v is None else _as_u32(v, "schemaVersion")
    if not OLDEST_SCHEMA_VERSION <= schema_version <= SCHEMA_VERSION:
        raise AssessmentError(
            f"unsupported assessment schemaVersion `{schema_version}`: this build reads "
            f"schemaVersion {OLDEST_SCHEMA_VERSION} to {SCHEMA_VERSION}; a newer file needs a newer ai-risk-map",
            "unsupported_version",
        )
    v = f.get("useCase")
    if v is None:
        use_case = {"name": "", "description": "", "owner": ""}
    else:
        u = _Fields(v, "useCase")
        use_case = {"name": u.text("name"), "description": u.text("description"), "owner": u.text("owner")}
        u.finish(("name", "description", "owner"))

    dasf = f.opt_string("dasf")
    if dasf is None:
        dasf = LATEST_VERSION
    deployment = f.strings("deploymentModels")
    v = f.get("components")
    components = None if v is None else _as_strings(v, "components")

    def risk(v: Any, path: str) -> dict[str, Any]:
        d = _Fields(v, path)
        out: dict[str, Any] = {"pertinent": d.bool_or("pertinent", True)}
        reason = d.text("reason")
        d.finish(("pertinent", "reason"))
        if reason:
            out["reason"] = reason
        return out

    def control(v: Any, path: str) -> dict[str, Any]:
        c = _Fields(v, path)
        out = {"status": c.choice("status", STATUSES)}
        owner, note = c.text("owner"), c.text("note")
        c.finish(("status", "owner", "note"))
        if owner:
            out["owner"] = owner
        if note:
            out["note"] = note
        return out

    risks = f.map("risks", risk)
    controls = f.map("controls", control)
    migration = None
    # Asked for in version 2 only, so that version 1 reports the member as unknown.
    v = f.get("catalogMigration") if schema_version >= 2 else None
    if v is not None:
        m = _Fields(v, "catalogMigration")
        migration = {"from": m.text("from"), "newRisks": m.strings("newRisks"), "newControls": m.strings("newControls")}
        m.finish(("from", "newRisks", "newControls"))
    f.finish(_FIELDS if schema_version >= 2 else _FIELDS[:-1])

    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "schemaVersion": SCHEMA_VERSION,
        "useCase": use_case,
        "dasf": dasf,
        "deploymentModels": deployment,
    }
    if components is not None:
        doc["components"] = components
    doc["risks"] = risks
    doc["controls"] = controls
    if migration is not None:
        doc["catalogMigration"] = migration
    return doc


def _check_texts(doc: dict[str, Any]) -> None:
    for key in ("name", "description", "owner"):
        _check_text(f"useCase.{key}", doc["useCase"][key])
    if "catalogMigration" in doc:
        _check_text("catalogMigration.from", doc["catalogMigration"]["from"])
    for rid, d in doc["risks"].items():
        _check_text(f"risks.{rid}.reason", d.get("reason", ""))
    for cid, c in doc["controls"].items():
        _check_text(f"controls.{cid}.owner", c.get("owner", ""))
        _check_text(f"controls.{cid}.note", c.get("note", ""))


def _quoted(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def _check_ids(kind: str, field: str, given: list[str], known: list[str]) -> None:
    for i, ident in enumerate(given):
        path = f"{field}[{i}]"
        if ident not in known:
            raise _unknown(kind, ident, path, f": expected one of {_quoted(known)}")
        if ident in given[:i]:
            raise _shape(path, f"{kind} `{ident}` is listed twice")


def _squash(s: str) -> str:
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


def _unknown_item(version: str, kind: str, ident: str, path: str) -> AssessmentError:
    cats = catalogs()
    key = "risks" if kind == "risk" else "controls"
    ids = [x["id"] for x in cats[version][key]]
    close = next((k for k in ids if _squash(k) == _squash(ident)), None)
    if close is not None:
        hint = f": did you mean `{close}`?"
    else:
        other = next(
            (v for v in cats if v != version and ident in {x["id"] for x in cats[v][key]}),
            None,
        )
        if other is not None:
            hint = f": it exists in DASF {other}, but this assessment uses DASF {version}"
        else:
            first = ids[0] if ids else ""
            last = ids[-1] if ids else ""
            hint = f": DASF {version} {kind}s run from `{first}` to `{last}`"
    return _unknown(kind, ident, path, hint)


def _validate(doc: dict[str, Any]) -> None:
    cats = catalogs()
    version = doc["dasf"]
    if version not in cats:
        raise _unknown(
            "DASF version",
            version,
            "dasf",
            f": expected one of {_quoted(list(cats))} (or load the catalog it was made with first)",
        )
    cat = cats[version]
    _check_ids(
        "deployment model",
        "deploymentModels",
        doc["deploymentModels"],
        [m["id"] for m in cat["deploymentModels"]],
    )
    if "components" in doc:
        _check_ids("component", "components", doc["components"], [c["id"] for c in cat["components"]])
    if "catalogMigration" in doc:
        m = doc["catalogMigration"]
        _check_ids("risk", "catalogMigration.newRisks", m["newRisks"], [r["id"] for r in cat["risks"]])
        _check_ids("control", "catalogMigration.newControls", m["newControls"], [c["id"] for c in cat["controls"]])
    risks = {r["id"] for r in cat["risks"]}
    for rid in doc["risks"]:
        if rid not in risks:
            raise _unknown_item(version, "risk", rid, f"risks.{rid}")
    controls = {c["id"] for c in cat["controls"]}
    for cid in doc["controls"]:
        if cid not in controls:
            raise _unknown_item(version, "control", cid, f"controls.{cid}")


# --- entry points ----------------------------------------------------------------------


def parse_assessment(text: str) -> dict[str, Any]:
    """Parse and check an assessment document given as JSON text; return it normalised
    (every field present, as the engine writes it). Raises :class:`AssessmentError`."""
    _check_document_size("assessment document", text)
    if not text.strip(_WHITE_SPACE):
        raise _shape("(document)", "the document is empty")
    doc = _read(_parse(text))
    _check_texts(doc)
    _validate(doc)
    return doc


def check_assessment(value: Any) -> dict[str, Any]:
    """The same for a document given as Python data (a dict), which goes through JSON text
    as a JS object does on its way into the engine."""
    if value is None:
        raise AssessmentError(
            "the assessment is missing: pass an object or its JSON text", "invalid_argument"
        )
    if isinstance(value, str):
        return parse_assessment(value)
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise AssessmentError(
            f"the assessment cannot be converted to JSON: {e}", "invalid_argument"
        ) from None
    return parse_assessment(text)


def new_assessment(dasf: str | None = None, deployment: list[str] | None = None) -> dict[str, Any]:
    """A blank assessment, as the engine's ``newAssessment`` makes it."""
    doc: dict[str, Any] = {
        "schema": SCHEMA,
        "schemaVersion": SCHEMA_VERSION,
        "useCase": {"name": "", "description": "", "owner": ""},
        "dasf": dasf or LATEST_VERSION,
        "deploymentModels": list(deployment or []),
        "risks": {},
        "controls": {},
    }
    if doc["dasf"] not in catalogs():
        raise AssessmentError(
            f"unsupported DASF version `{doc['dasf']}`: this build reads DASF "
            + " or ".join(versions()),
            "unsupported_version",
        )
    return check_assessment(doc)


def to_json(doc: dict[str, Any]) -> str:
    """The document as the engine writes it: pretty-printed, two-space indent, unless that
    would take a document near the size limit over it (then compact, so it reads back)."""
    pretty = json.dumps(doc, indent=2, ensure_ascii=False)
    if len(pretty.encode("utf-8")) < MAX_DOCUMENT_BYTES:
        return pretty
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
