"""The cache of approved renders on disk: kept across restarts, never served damaged, bounded in size."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest

from service.render import cache as render_cache
from service.render.cache import RenderCache, renderer_version

FICHE, VERSION = uuid.uuid4(), uuid.uuid4()


def test_a_cached_file_survives_a_restart_and_its_key_names_the_renderer(tmp_path: Path) -> None:
    first = RenderCache(tmp_path, 10_000)
    path = first.path(FICHE, VERSION, "candidat", "pdf")
    first.put(path, b"%PDF-1.7 contenu")
    restarted = RenderCache(tmp_path, 10_000)
    assert restarted.get(restarted.path(FICHE, VERSION, "candidat", "pdf")) == b"%PDF-1.7 contenu"
    assert path.parent.name == FICHE.hex and renderer_version() in path.name
    assert restarted.get(restarted.path(FICHE, VERSION, "jury", "pdf")) is None
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left behind


def test_a_truncated_or_corrupt_file_is_not_served_and_is_deleted(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path, 10_000)
    for damage in (lambda data: data[:-3], lambda data: data[:10], lambda data: data[:-1] + b"X"):
        path = cache.path(FICHE, VERSION, "les-deux", "docx")
        cache.put(path, b"PK un document Word complet")
        path.write_bytes(damage(path.read_bytes()))
        assert cache.get(path) is None
        assert not path.exists()


def test_past_its_bound_the_least_recently_served_files_go_first(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path, 3500)  # three files of 1,032 bytes, not four; 90 % kept after eviction
    paths = [cache.path(uuid.uuid4(), uuid.uuid4(), "candidat", "pdf") for _ in range(4)]
    for age, path in enumerate(paths[:3]):
        cache.put(path, bytes(1000))
        os.utime(path, (1_000_000 + age, 1_000_000 + age))
    assert cache.get(paths[0]) == bytes(1000)  # served again: now the most recent
    cache.put(paths[3], bytes(1000))
    assert [path.exists() for path in paths] == [True, False, True, True]


def test_a_zero_bound_keeps_nothing(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path, 0)
    path = cache.path(FICHE, VERSION, "candidat", "html")
    cache.put(path, b"<html>")
    assert not path.exists() and cache.get(path) is None


def test_a_render_begun_before_a_purge_is_not_written_back_after_it(tmp_path: Path) -> None:
    cache = RenderCache(tmp_path, 10_000)
    path = cache.path(FICHE, VERSION, "candidat", "pdf")
    cache.put(path, b"%PDF-1.7 rendue avant la purge")
    before = cache.purges  # a request reads this, then renders while a purge deletes the fiche
    cache.forget([FICHE])
    assert not (tmp_path / FICHE.hex).exists()  # the purge deleted what was cached
    cache.put(path, b"%PDF-1.7 une fiche purgee", before)
    assert not path.exists() and not (tmp_path / FICHE.hex).exists()
    cache.put(path, b"%PDF-1.7 rendue apres la purge", cache.purges)
    assert cache.get(path) == b"%PDF-1.7 rendue apres la purge"


def test_a_changed_template_changes_the_renderer_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "service" / "render"
    shutil.copytree(render_cache.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    sheet = copy.parent / "domain" / render_cache.DOMAIN_SHEET.name
    sheet.parent.mkdir()
    shutil.copy(render_cache.DOMAIN_SHEET, sheet)
    templates = sorted(p for p in copy.rglob("*.css"))
    assert templates, "aucune feuille de style dans le paquet de rendu"
    monkeypatch.setattr(render_cache, "PACKAGE", copy)
    monkeypatch.setattr(render_cache, "DOMAIN_SHEET", sheet)
    renderer_version.cache_clear()
    try:
        before = renderer_version()
        templates[0].write_bytes(templates[0].read_bytes() + b"\n")
        renderer_version.cache_clear()
        assert renderer_version() != before
    finally:
        renderer_version.cache_clear()
