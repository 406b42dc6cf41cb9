"""The key generated under data_dir when none is configured: instances starting at once end with one key."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.settings import Settings
from service.web.auth import secret_key


def test_two_creators_that_both_saw_no_key_file_end_with_one_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window a start-up race cannot hit reliably: both instances looked before either wrote."""
    settings = Settings(data_dir=tmp_path / "data")
    original = Path.exists
    monkeypatch.setattr(Path, "exists", lambda path: path.name != "secret_key" and original(path))
    first = secret_key(settings)
    second = secret_key(settings)
    assert first == second and len(first) == 32
    assert bytes.fromhex((tmp_path / "data" / "secret_key").read_text().strip()) == first
    assert [p.name for p in (tmp_path / "data").iterdir()] == ["secret_key"]  # no draft left behind
