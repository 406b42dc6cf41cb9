"""The security journal (logger `fichesujet.securite`): sign-ins, refusals, throttling, sign-outs, denials.

What an administrator needs to see an attack (OWASP ASVS 7.2), and nothing that identifies a person: the
e-mail typed at sign-in appears only as a keyed fingerprint, the same for the same address, useless to
anyone without the service's secret key; never a password, a cookie or a name.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from typing import Any

from litestar.connection import ASGIConnection

LOG = logging.getLogger("fichesujet.securite")


def fingerprint(secret: bytes, email: str) -> str:
    """A short keyed fingerprint of a typed e-mail: repeated attempts on one account show as one value."""
    folded = email.strip().lower().encode()
    return hmac.new(secret, b"courriel:" + folded, hashlib.sha256).hexdigest()[:12]


def sign_in_refused(
    connection: ASGIConnection[Any, Any, Any, Any], email: str, address: str, why: str
) -> None:
    LOG.warning(
        "connexion refusée (%s) : compte %s, adresse %s",
        why,
        fingerprint(connection.app.state.secret, email),
        address,
    )


def signed_in(user_id: uuid.UUID, address: str) -> None:
    LOG.info("connexion : utilisateur %s, adresse %s", user_id, address)


def signed_out(user_id: uuid.UUID | None) -> None:
    LOG.info("déconnexion : utilisateur %s", user_id or "inconnu (session déjà close)")


def access_refused(connection: ASGIConnection[Any, Any, Any, Any], user_id: uuid.UUID | None) -> None:
    """A 403: who asked (when known) for what; the path holds identifiers only, never a name."""
    method = connection.scope.get("method", "")
    LOG.warning("accès refusé : %s %s, utilisateur %s", method, connection.url.path, user_id or "inconnu")
