"""Shared fixtures: the repository root, the example assessment, the native CLI."""

from __future__ import annotations

import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture()
def example_path() -> pathlib.Path:
    return REPO / "examples" / "rag-chatbot.assessment.json"


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    path = REPO / "target" / "release" / "ai-risk-map"
    if not path.is_file():
        pytest.skip("the native CLI is not built (scripts/build.sh builds it)")
    return path
