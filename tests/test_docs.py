"""The docs do not rot: every relative link in README.md and docs/ resolves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = sorted([REPO / "README.md", *(REPO / "docs").rglob("*.md")])
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(doc: Path) -> None:
    broken = []
    for target in LINK.findall(doc.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # external (http:, mailto:) links are not checked offline
        if not (doc.parent / target).exists():
            broken.append(target)
    assert broken == [], f"{doc.name} links to missing files: {broken}"


def test_api_reference_is_up_to_date() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_api", REPO / "docs" / "make_api.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    assert current == module.render(), "docs/api.md is stale: run python docs/make_api.py"


def test_every_public_name_is_documented() -> None:
    import jobstats

    api = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
    missing = [n for n in jobstats.__all__ if not n.startswith("_") and f"`{n}`" not in api]
    assert missing == []
