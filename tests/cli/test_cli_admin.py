"""`fichesujet admin creer-etablissement`: a real school and its first admin, the password never on the command line."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from pathlib import Path

from service import db
from service.review import access
from service.settings import Settings
from tests.conftest import ROOT, Runner

PASSWORD = "un-mot-de-passe-solide"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        "FICHESUJET_DATA_DIR": str(tmp_path),
        "FICHESUJET_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fichesujet.sqlite'}",
        "FICHESUJET_ADMIN_PASSWORD": "",
    }


def _args(email: str = "proviseur@lycee-neuf.fr") -> list[str]:
    return ["admin", "creer-etablissement", "--nom", "Lycée Neuf", "--uai", "0123456a", "--email", email]


def _signs_in(tmp_path: Path, email: str, password: str) -> str | None:
    """The roles of the account that signs in with these, None when refused."""
    settings = Settings(data_dir=tmp_path, database_url=_env(tmp_path)["FICHESUJET_DATABASE_URL"])

    async def check() -> str | None:
        engine = db.create_engine(settings.database)
        try:
            async with db.session_factory(engine)() as session:
                user = await access.authenticate(session, email, password)
                return ",".join(user.roles) if user else None
        finally:
            await engine.dispose()

    return asyncio.run(check())


def test_the_first_admin_signs_in_with_the_password_from_the_environment(
    fichesujet: Runner, tmp_path: Path
) -> None:
    env = _env(tmp_path) | {"FICHESUJET_ADMIN_PASSWORD": PASSWORD}
    result = fichesujet(*_args(), "--nom-admin", "Paule Proviseure", env=env)
    assert result.returncode == 0, result.stderr
    assert '"email": "proviseur@lycee-neuf.fr"' in result.stdout and '"etablissement"' in result.stdout
    assert "Établissement « Lycée Neuf » créé" in result.stderr
    assert _signs_in(tmp_path, "proviseur@lycee-neuf.fr", PASSWORD) == "admin"


def test_the_password_may_come_from_the_standard_input(tmp_path: Path) -> None:
    script = shutil.which("fichesujet", path=str(Path(sys.executable).parent))
    assert script
    command = [script, *_args("adjointe@lycee-neuf.fr"), "--nom-admin", "Ada Adjointe"]
    result = subprocess.run(
        command,
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _signs_in(tmp_path, "adjointe@lycee-neuf.fr", PASSWORD) == "admin"
    assert _signs_in(tmp_path, "adjointe@lycee-neuf.fr", PASSWORD + "x") is None


def test_a_password_on_the_command_line_is_refused(fichesujet: Runner, tmp_path: Path) -> None:
    result = fichesujet(*_args(), "--nom-admin", "P", "--mot-de-passe", PASSWORD, env=_env(tmp_path))
    assert result.returncode == 2 and "arguments inconnus : --mot-de-passe" in result.stderr


def test_a_short_password_or_a_taken_address_creates_nothing(fichesujet: Runner, tmp_path: Path) -> None:
    short = fichesujet(
        *_args(), "--nom-admin", "P", env=_env(tmp_path) | {"FICHESUJET_ADMIN_PASSWORD": "court"}
    )
    assert short.returncode == 2 and "mot de passe trop court (12 caractères au moins)" in short.stderr
    assert short.stdout == "" and _signs_in(tmp_path, "proviseur@lycee-neuf.fr", "court") is None
    env = _env(tmp_path) | {"FICHESUJET_ADMIN_PASSWORD": PASSWORD}
    assert fichesujet(*_args(), "--nom-admin", "P", env=env).returncode == 0
    again = fichesujet(*_args("PROVISEUR@lycee-neuf.fr"), "--nom-admin", "Q", env=env)
    assert again.returncode == 2 and "déjà celle d'un autre compte" in again.stderr
