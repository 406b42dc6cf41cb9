"""Password hashes with argon2 (argon2-cffi's recommended parameters), computed off the event loop."""

from __future__ import annotations

import asyncio
import functools
import os
from concurrent.futures import ThreadPoolExecutor

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
# One thread per core: a burst of logins queues here instead of freezing every other request.
_POOL = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="argon2")


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; an empty or unreadable hash never matches."""
    if not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@functools.cache
def _dummy_hash() -> str:
    return _HASHER.hash("aucun compte ne porte ce mot de passe")


def _check(password_hash: str | None, password: str) -> bool:
    if password_hash is None:  # no such account: the same work, so the time says nothing
        verify_password(_dummy_hash(), password)
        return False
    return verify_password(password_hash, password)


async def check_password(password_hash: str | None, password: str) -> bool:
    """verify_password in the hashing threads; `None` (no usable account) costs as much and never matches."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, _check, password_hash, password)


async def new_hash(password: str) -> str:
    """hash_password in the hashing threads."""
    return await asyncio.get_running_loop().run_in_executor(_POOL, hash_password, password)
