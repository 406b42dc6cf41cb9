"""Session tokens, the generated secret key, the Secure flag and the login throttle's window."""

from __future__ import annotations

import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.review import db
from service.review.auth import LoginThrottle, read_token, secret_key, session_token
from service.settings import Settings
from tests.api.conftest import PASSWORD
from tests.review.conftest import make_world


def test_token_names_its_user_until_it_expires_or_is_tampered() -> None:
    key, user = b"k" * 32, uuid.uuid4()
    token = session_token(key, user, now=1000)
    assert read_token(key, token, now=1001) == user
    assert read_token(key, token, now=1000 + 13 * 3600) is None
    assert read_token(b"x" * 32, token, now=1001) is None
    assert read_token(key, token.replace(user.hex, uuid.uuid4().hex), now=1001) is None
    assert read_token(key, "pas-un-jeton", now=1001) is None


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


def test_throttle_forgets_failures_after_its_window() -> None:
    throttle = LoginThrottle(limit=2, window=10)
    throttle._failures[("a@b", "ip")].extend([100.0, 101.0])
    assert throttle.retry_after("A@b", "ip", now=105) == 6
    assert throttle.retry_after("a@b", "autre-ip", now=105) == 0
    assert throttle.retry_after("a@b", "ip", now=111.5) == 0


@pytest.fixture
def secure_settings(tmp_path: Path) -> Settings:
    settings = Settings(data_dir=tmp_path / "data", cookie_secure=True)
    db.upgrade(settings)
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
