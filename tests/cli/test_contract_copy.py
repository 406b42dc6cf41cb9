"""The copy of the format contract shipped in docs/ (a clone has no ../shared) stays the contract itself."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

SHARED = ROOT.parent / "shared" / "spec" / "formats.md"
COPY = ROOT / "docs" / "formats.md"


@pytest.mark.skipif(not SHARED.exists(), reason="../shared absent : rien à comparer")
def test_the_shipped_contract_is_the_shared_one_word_for_word() -> None:
    assert COPY.read_text(encoding="utf-8").endswith(SHARED.read_text(encoding="utf-8"))


def test_the_readme_points_to_a_contract_a_clone_has() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/formats.md)" in readme and "../shared/spec" not in readme
    assert COPY.exists()
