"""`fichesujet admin purger-session`: the same purge as the admin's route, from the command line."""

from __future__ import annotations

import asyncio
import json
import uuid
from pathlib import Path

from sqlalchemy import select

from service import db
from service.db.models import AuditEvent, Candidate, ExamSession, User
from service.settings import Settings
from tests.cli.test_cli_admin import PASSWORD, _args, _env
from tests.conftest import Runner

ADMIN = "proviseur@lycee-neuf.fr"


def _settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url=_env(tmp_path)["FICHESUJET_DATABASE_URL"])


async def _sessions(settings: Settings) -> tuple[uuid.UUID, uuid.UUID]:
    """A 2025 session (results out) and a 2027 one, each with one candidate; their ids."""
    engine = db.create_engine(settings.database)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            admin = await session.scalar(select(User).where(User.email == ADMIN))
            assert admin is not None
            ids = []
            for year in (2025, 2027):
                exam = ExamSession(etablissement_id=admin.etablissement_id, year=year, mode="ccf")
                session.add(exam)
                await session.flush()
                session.add(
                    Candidate(
                        etablissement_id=admin.etablissement_id, exam_session_id=exam.id, nom="N", prenom="P"
                    )
                )
                ids.append(exam.id)
            return ids[0], ids[1]
    finally:
        await engine.dispose()


async def _left(settings: Settings) -> tuple[int, list[str]]:
    """The candidates left, and the actions of the exam sessions' audit events."""
    engine = db.create_engine(settings.database)
    try:
        async with db.session_factory(engine)() as session:
            candidates = list(await session.scalars(select(Candidate)))
            events = await session.scalars(select(AuditEvent).where(AuditEvent.entity == "session_examen"))
            return len(candidates), [e.action for e in events]
    finally:
        await engine.dispose()


def test_an_admin_purges_a_past_session_from_the_command_line(fichesujet: Runner, tmp_path: Path) -> None:
    env = _env(tmp_path) | {"FICHESUJET_ADMIN_PASSWORD": PASSWORD}
    assert fichesujet(*_args(), "--nom-admin", "P", env=env).returncode == 0
    settings = _settings(tmp_path)
    past, future = asyncio.run(_sessions(settings))
    command = ["admin", "purger-session", "--admin", ADMIN]
    unconfirmed = fichesujet(*command, "--session", str(past), "--confirmation", "oui", env=env)
    assert unconfirmed.returncode == 2 and "tapez PURGER" in unconfirmed.stderr
    early = fichesujet(*command, "--session", str(future), "--confirmation", "PURGER", env=env)
    assert early.returncode == 2 and "à partir du 01/09/2027" in early.stderr
    done = fichesujet(*command, "--session", str(past), "--confirmation", "PURGER", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["candidats"] == 1
    assert "Session 2025 purgée" in done.stderr
    assert asyncio.run(_left(settings)) == (1, ["purger"])
