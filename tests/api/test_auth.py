"""The generated secret key, the Secure flag and the login throttle's window."""

from __future__ import annotations

import datetime
import stat
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from service import db
from service.db.models import LoginFailure
from service.settings import Settings
from service.web.app import create_app
from service.web.auth import LoginThrottle, secret_key
from tests import databases
from tests.api.conftest import PASSWORD
from tests.review.conftest import Factory, World, make_world


def test_secret_key_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = secret_key(settings)
    assert secret_key(settings) == first and len(first) == 32
    assert stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode) == 0o600
    assert secret_key(Settings(data_dir=tmp_path / "data", secret_key="fixe")) != first


def test_settings_read_cookie_secure_and_secret_key() -> None:
    settings = Settings.from_env({"FICHESUJET_COOKIE_SECURE": "1", "FICHESUJET_SECRET_KEY": "abc"})
    assert (settings.cookie_secure, settings.secret_key) == (True, "abc")
    assert Settings.from_env({}).cookie_secure is False


@pytest.mark.anyio
async def test_throttle_forgets_failures_after_its_window(factory: Factory) -> None:
    throttle = LoginThrottle(factory, limit=2, window=10)
    t0 = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
    assert await throttle.admit("a@b", "ip", now=t0) == 0
    assert await throttle.admit("A@b ", "ip", now=t0 + datetime.timedelta(seconds=1)) == 0
    assert await throttle.admit("A@b", "ip", now=t0 + datetime.timedelta(seconds=5)) == 6
    assert await throttle.admit("a@b", "autre-ip", now=t0 + datetime.timedelta(seconds=5)) == 0
    assert await throttle.admit("a@b", "ip", now=t0 + datetime.timedelta(seconds=11.5)) == 0
    # A later attempt purges the rows the window no longer needs.
    assert await throttle.admit("c@d", "ip", now=t0 + datetime.timedelta(seconds=30)) == 0
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(LoginFailure)) == 1


@pytest.mark.anyio
async def test_throttle_is_shared_by_two_service_instances(api_settings: Settings, world: World) -> None:
    """Two apps on one database (two processes behind a load balancer): failures on one count on the other."""
    async with (
        AsyncTestClient(app=create_app(api_settings)) as first,
        AsyncTestClient(app=create_app(api_settings)) as second,
    ):
        wrong = {"email": "autrice@lycee.example", "mot_de_passe": "faux"}
        for client in (first, second, first, second, first):
            assert (await client.post("/api/session", json=wrong)).status_code == 401
        refused = await second.post("/api/session", json=wrong | {"mot_de_passe": PASSWORD})
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) > 0
        assert "trop de tentatives" in refused.json()["detail"]


@pytest.fixture
def secure_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", cookie_secure=True)
    databases.migrate_sqlite(settings)
    return settings


@pytest.mark.anyio
async def test_secure_cookie_when_configured(secure_settings: Settings) -> None:
    settings = secure_settings
    engine = db.create_engine(settings.database, null_pool=True)
    try:
        await make_world(db.session_factory(engine))
    finally:
        await engine.dispose()
    client: AsyncTestClient[Any]
    async with AsyncTestClient(app=create_app(settings)) as client:
        login = {"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
        response = await client.post("/api/session", json=login)
    assert response.status_code == 200
    assert "secure" in response.headers["set-cookie"].lower()
