"""WeasyPrint is loaded once, in a way no machine can turn into a 500: its import-time warnings are logged,
a missing system library is a French error naming the Debian package."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from service.render.export_pdf import missing_library
from tests.conftest import ROOT

FAKE = {
    # Warns at import like WeasyPrint without libharfbuzz-subset0, then works.
    "warns": """
        import warnings
        warnings.warn("HarfBuzz-Subset will be required", category=DeprecationWarning)
        HTML = object
    """,
    # Fails at import like WeasyPrint without Pango.
    "no-pango": """
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
    """,
}


def _load_with_fake_weasyprint(tmp_path: Path, kind: str) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(textwrap.dedent(FAKE[kind]))
    (package / "urls.py").write_text("URLFetcher = object\n")
    (package / "text").mkdir()
    (package / "text" / "__init__.py").write_text("")
    (package / "text" / "fonts.py").write_text("FontConfiguration = object\n")
    code = (
        "from service.render.export_pdf import _weasyprint\n"
        "from service.errors import RenderError\n"
        "try:\n    _weasyprint()\nexcept RenderError as exc:\n    print('RenderError:', exc)\n"
        "else:\n    print('chargé')\n"
    )
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={"PYTHONPATH": f"{tmp_path}:{ROOT}", "PATH": "/usr/bin:/bin"},
    )


def test_a_warning_at_import_is_logged_not_raised_even_with_warnings_as_errors(tmp_path: Path) -> None:
    done = _load_with_fake_weasyprint(tmp_path, "warns")
    assert done.stdout.strip() == "chargé", done.stderr
    assert "rendu PDF : HarfBuzz-Subset will be required" in done.stderr


def test_a_missing_library_is_a_french_error_naming_the_debian_package(tmp_path: Path) -> None:
    done = _load_with_fake_weasyprint(tmp_path, "no-pango")
    assert "RenderError: rendu PDF impossible" in done.stdout, done.stderr
    assert "installez le paquet Debian libpango-1.0-0" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    ("message", "package"),
    [
        ("cannot load library 'libgobject-2.0-0': error", "libglib2.0-0"),
        ("cannot load library 'libpangoft2-1.0-0': error", "libpangoft2-1.0-0"),
        ("cannot load library 'libharfbuzz-0': error", "libharfbuzz0b"),
        ("cannot load library 'libfontconfig-1': error", "libfontconfig1"),
        ("something else", ""),
    ],
)
def test_each_library_weasyprint_opens_maps_to_its_debian_package(message: str, package: str) -> None:
    assert missing_library(message) == package


def test_system_packages_check_names_every_library_weasyprint_opens() -> None:
    script = (ROOT / "scripts" / "system-packages").read_text()
    for soname in (
        "libpango-1.0.so.0",
        "libpangoft2-1.0.so.0",
        "libharfbuzz-subset.so.0",
        "libfontconfig.so.1",
    ):
        assert soname in script
