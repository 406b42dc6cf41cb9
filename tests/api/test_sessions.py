"""Server-side sessions (logout, password change, inactivity), concurrent logins, timing and the client address."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import ipaddress
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import uvicorn
from litestar.testing import AsyncTestClient
from sqlalchemy import event, func, select, update

from service import db
from service.db.models import LoginFailure, User, UserSession
from service.review import access, admin
from service.review.passwords import hash_password
from service.settings import Settings, SettingsError
from service.web.app import create_app
from service.web.auth import SESSION_COOKIE, client_address
from tests.api.conftest import PASSWORD, login
from tests.api.test_api import assert_problem
from tests.review.conftest import Factory, World

pytestmark = pytest.mark.anyio
Client = AsyncTestClient[Any]
AUTHOR = {"email": "autrice@lycee.example", "mot_de_passe": PASSWORD}
WRONG = AUTHOR | {"mot_de_passe": "pas-le-bon"}


async def _copy(settings: Settings, cookie: str) -> Client:
    """A second browser holding a copied session cookie (the caller closes it)."""
    thief: Client = AsyncTestClient(app=create_app(settings))
    await thief.__aenter__()
    thief.cookies.set(SESSION_COOKIE, cookie)
    return thief


async def _sessions(factory: Factory) -> list[UserSession]:
    async with factory() as session:
        return list(await session.scalars(select(UserSession).order_by(UserSession.created_at)))


async def _age(factory: Factory, **ago: datetime.timedelta) -> None:
    """Moves every session's timestamps into the past (created_at, last_seen_at)."""
    now = datetime.datetime.now(datetime.UTC)
    async with factory() as session, session.begin():
        await session.execute(update(UserSession).values({k: now - v for k, v in ago.items()}))


async def test_logout_ends_the_session_and_a_copied_cookie_stops_at_once(
    api_settings: Settings, client: Client, world: World
) -> None:
    token = await login(client, "autrice")
    cookie = client.cookies[SESSION_COOKIE]
    thief = await _copy(api_settings, cookie)
    try:
        assert (await thief.get("/api/session")).status_code == 200
        assert (await client.delete("/api/session", headers={"x-csrftoken": token})).status_code == 204
        assert_problem(await thief.get("/api/session"), 401)
        assert_problem(await thief.get("/api/candidats"), 401)
    finally:
        await thief.__aexit__(None, None, None)


async def test_the_cookie_is_random_and_only_its_hash_is_stored(
    client: Client, factory: Factory, world: World
) -> None:
    await login(client, "autrice")
    cookie = client.cookies[SESSION_COOKIE]
    assert world.author.hex not in cookie and len(cookie) >= 40
    [row] = await _sessions(factory)
    assert row.user_id == world.author and row.ended_at is None
    assert row.token_hash == hashlib.sha256(cookie.encode()).hexdigest() != cookie


async def test_a_password_change_ends_every_session_of_that_user_only(
    api_settings: Settings, factory: Factory, world: World
) -> None:
    async with (
        AsyncTestClient(app=create_app(api_settings)) as laptop,
        AsyncTestClient(app=create_app(api_settings)) as phone,
        AsyncTestClient(app=create_app(api_settings)) as colleague,
    ):
        for who, name in ((laptop, "autrice"), (phone, "autrice"), (colleague, "membre-a")):
            await login(who, name)
        async with factory() as session, session.begin():
            boss = await session.get(User, world.member_b)
            assert boss is not None
            boss.roles = ["commission", "admin"]
            await session.flush()
            await admin.edit_account(
                session,
                boss,
                world.author,
                AUTHOR["email"],
                "Autrice",
                ["enseignant"],
                "nouveau-mot-de-passe-1",
            )
        assert_problem(await laptop.get("/api/session"), 401)
        assert_problem(await phone.get("/api/session"), 401)
        assert (await colleague.get("/api/session")).status_code == 200


async def test_deactivating_an_account_ends_its_sessions(
    api_settings: Settings, factory: Factory, world: World
) -> None:
    async with AsyncTestClient(app=create_app(api_settings)) as teacher:
        await login(teacher, "membre-a")
        async with factory() as session, session.begin():
            boss = await session.get(User, world.member_b)
            assert boss is not None
            boss.roles = ["commission", "admin"]
            await session.flush()
            await admin.edit_account(
                session,
                boss,
                world.member_a,
                "membre-a@lycee.example",
                "Membre-a",
                ["commission"],
                None,
                False,
            )
        assert_problem(await teacher.get("/api/session"), 401)
        assert all(row.ended_at is not None for row in await _sessions(factory))


async def test_a_session_ends_after_inactivity_and_after_twelve_hours(
    client: Client, factory: Factory, world: World
) -> None:
    await login(client, "autrice")
    await _age(factory, last_seen_at=datetime.timedelta(minutes=119))
    assert (await client.get("/api/session")).status_code == 200  # the default: 120 minutes idle
    await _age(factory, last_seen_at=datetime.timedelta(minutes=121))
    assert_problem(await client.get("/api/session"), 401)
    await login(client, "autrice")
    await _age(
        factory, created_at=datetime.timedelta(hours=12, minutes=1), last_seen_at=datetime.timedelta(0)
    )
    assert_problem(await client.get("/api/session"), 401)


async def test_idle_minutes_come_from_the_settings(
    api_settings: Settings, world: World, factory: Factory
) -> None:
    assert Settings.from_env({"FICHESUJET_SESSION_IDLE_MINUTES": "15"}).session_idle_minutes == 15
    with pytest.raises(SettingsError, match="FICHESUJET_SESSION_IDLE_MINUTES"):
        Settings.from_env({"FICHESUJET_SESSION_IDLE_MINUTES": "0"})
    short = Settings(
        data_dir=api_settings.data_dir,
        secret_key="cle-de-test",
        database_url=api_settings.database_url,
        session_idle_minutes=5,
    )
    async with AsyncTestClient(app=create_app(short)) as client:
        await login(client, "autrice")
        await _age(factory, last_seen_at=datetime.timedelta(minutes=6))
        assert_problem(await client.get("/api/session"), 401)


async def test_last_seen_is_written_at_most_once_a_minute(
    client: Client, factory: Factory, world: World
) -> None:
    await login(client, "autrice")
    await _age(factory, last_seen_at=datetime.timedelta(seconds=30))
    [before] = await _sessions(factory)
    for _ in range(3):
        assert (await client.get("/api/session")).status_code == 200
    [same] = await _sessions(factory)
    assert same.last_seen_at == before.last_seen_at
    await _age(factory, last_seen_at=datetime.timedelta(seconds=90))
    assert (await client.get("/api/session")).status_code == 200
    [moved] = await _sessions(factory)
    assert datetime.datetime.now(datetime.UTC) - moved.last_seen_at < datetime.timedelta(seconds=10)


async def test_ended_and_expired_rows_are_purged_at_a_later_login(
    client: Client, factory: Factory, world: World
) -> None:
    token = await login(client, "autrice")
    await client.delete("/api/session", headers={"x-csrftoken": token})
    await login(client, "membre-a")
    await _age(factory, created_at=datetime.timedelta(hours=13), last_seen_at=datetime.timedelta(hours=13))
    await login(client, "membre-b")
    rows = await _sessions(factory)
    assert len(rows) == 1 and rows[0].user_id == world.member_b


@asynccontextmanager
async def _served(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app under uvicorn in this event loop, and a client whose requests really run at once."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings), port=0, log_level="warning", ws="none"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    limits = httpx.Limits(max_connections=40)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60, limits=limits) as http:
            yield http
    finally:
        server.should_exit = True
        await task


async def test_a_burst_of_30_wrong_passwords_lets_at_most_5_through(
    api_settings: Settings, factory: Factory, world: World
) -> None:
    async with _served(api_settings) as http:
        answers = await asyncio.gather(*(http.post("/api/session", json=WRONG) for _ in range(30)))
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {401, 429}, statuses
    assert statuses.count(401) <= 5, statuses
    async with factory() as session:
        assert await session.scalar(select(func.count()).select_from(LoginFailure)) <= 5


async def test_30_concurrent_logins_never_exhaust_the_pool(api_settings: Settings, world: World) -> None:
    people = ["autrice", "membre-a", "membre-b", "autre"]
    bodies = [
        {"email": f"{people[n % 4]}@lycee.example", "mot_de_passe": PASSWORD if n % 5 else "faux"}
        for n in range(30)
    ]
    started = time.monotonic()
    async with _served(api_settings) as http:
        answers = await asyncio.gather(*(http.post("/api/session", json=body) for body in bodies))
    statuses = [a.status_code for a in answers]
    assert set(statuses) <= {200, 401, 429} and 200 in statuses, statuses
    assert time.monotonic() - started < 25


@pytest.mark.usefixtures("real_password_cost")
async def test_an_unknown_or_inactive_account_takes_as_long_as_a_wrong_password(
    factory: Factory, world: World
) -> None:
    async with factory() as session, session.begin():
        await session.execute(update(User).where(User.id == world.outsider).values(active=False))
        costly = hash_password(PASSWORD)  # the service's cost, as a real account's hash has
        await session.execute(update(User).where(User.id == world.author).values(password_hash=costly))

    async def median(email: str) -> float:
        spent = []
        for _ in range(7):
            async with factory() as session:
                started = time.perf_counter()
                assert await access.authenticate(session, email, "pas-le-bon") is None
                spent.append(time.perf_counter() - started)
        return statistics.median(spent)

    known = await median("autrice@lycee.example")
    for other in ("personne@lycee.example", "autre@lycee.example"):
        assert 0.5 < (await median(other)) / known < 2


async def test_login_takes_json_or_the_form_only(client: Client, world: World) -> None:
    body = '{"email": "autrice@lycee.example", "mot_de_passe": "motdepasse-de-test"}'
    for kind in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
        refused = await client.post("/api/session", content=body, headers={"content-type": kind})
        detail = assert_problem(refused, 415)["detail"]
        assert "application/json" in detail and "type de contenu" in detail
    assert SESSION_COOKIE not in client.cookies
    assert (await client.post("/api/session", json=AUTHOR)).status_code == 200


def test_forwarded_for_is_read_only_from_trusted_proxies() -> None:
    proxies = Settings.from_env({"FICHESUJET_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16"}).proxies
    assert proxies == (ipaddress.ip_network("10.0.0.1/32"), ipaddress.ip_network("192.168.0.0/16"))
    assert Settings().proxies == ()
    with pytest.raises(SettingsError, match="FICHESUJET_TRUSTED_PROXIES"):
        Settings.from_env({"FICHESUJET_TRUSTED_PROXIES": "proxy.example"})
    # Untrusted peer: the header is the client's own word, ignored.
    assert client_address("203.0.113.9", "1.2.3.4", ()) == "203.0.113.9"
    assert client_address("127.0.0.1", "1.2.3.4", ()) == "127.0.0.1"
    assert client_address("203.0.113.9", "1.2.3.4", proxies) == "203.0.113.9"
    # Trusted proxies: the right-most address no trusted proxy added (a forged left part is skipped).
    assert client_address("10.0.0.1", "6.6.6.6, 198.51.100.7", proxies) == "198.51.100.7"
    assert client_address("10.0.0.1", "6.6.6.6, 198.51.100.7, 192.168.3.4", proxies) == "198.51.100.7"
    assert client_address("10.0.0.1", "", proxies) == "10.0.0.1"
    assert client_address("10.0.0.1", "pas-une-adresse", proxies) == "10.0.0.1"


async def test_forwarded_for_cannot_dodge_the_throttle(client: Client, world: World) -> None:
    for n in range(5):
        answer = await client.post("/api/session", json=WRONG, headers={"x-forwarded-for": f"198.51.100.{n}"})
        assert answer.status_code == 401
    last = await client.post("/api/session", json=AUTHOR, headers={"x-forwarded-for": "198.51.100.99"})
    assert_problem(last, 429)


def test_serve_lets_uvicorn_trust_no_forwarded_header(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import argparse

    from service.cli import run_serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    settings = Settings(data_dir=tmp_path, secret_key="k")
    db.upgrade(settings)  # serve refuses a database not at head
    run_serve(argparse.Namespace(host="127.0.0.1", port=0), settings)
    assert seen["proxy_headers"] is False


async def test_a_request_costs_one_session_lookup(client: Client, world: World) -> None:
    await login(client, "autrice")
    statements: list[str] = []
    engine = client.app.state.engine.sync_engine
    listen = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listen)
    try:
        assert (await client.get("/api/candidats")).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    lookups = [s for s in statements if "user_session" in s]
    assert len(lookups) == 1 and "token_hash" in lookups[0] and lookups[0].lstrip().startswith("SELECT")
    # the account that lookup loaded serves the handler: no second read of it
    assert not [s for s in statements if s.lstrip().startswith("SELECT user_account.id AS")]
