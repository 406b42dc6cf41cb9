"""`fichesujet admin …`: create a school and its first admin; purge an exam session after its results."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import InputError
from service.settings import Settings

ADMIN_PASSWORD_ENV = "FICHESUJET_ADMIN_PASSWORD"
T = TypeVar("T")


def add_admin(commands: argparse._SubParsersAction[Any]) -> None:
    admin = commands.add_parser(
        "admin", help="administration : créer un établissement, purger une session d'examen"
    )
    actions = admin.add_subparsers(dest="action", required=True, parser_class=type(admin), metavar="ACTION")
    school = actions.add_parser(
        "creer-etablissement",
        help=f"crée un établissement et son premier compte admin (mot de passe : {ADMIN_PASSWORD_ENV} "
        "ou l'entrée standard, jamais la ligne de commande)",
    )
    school.add_argument("--nom", required=True, help="nom de l'établissement")
    school.add_argument("--uai", default="", help="code UAI (facultatif)")
    school.add_argument("--email", required=True, help="adresse électronique du premier admin")
    school.add_argument("--nom-admin", required=True, help="nom affiché du premier admin")
    purge = actions.add_parser(
        "purger-session",
        help="supprime les candidats d'une session d'examen et tout ce qui les concerne, après les "
        "résultats (à partir du 1er septembre de l'année de la session) ; irréversible, audité",
    )
    purge.add_argument("--session", required=True, type=uuid.UUID, help="identifiant de la session d'examen")
    purge.add_argument("--admin", required=True, help="adresse électronique de l'admin qui purge (audit)")
    purge.add_argument("--confirmation", required=True, help="tapez PURGER pour confirmer")


def _admin_password() -> str:
    """From the environment, else typed twice at a terminal, else the first line of the standard input."""
    if password := os.environ.get(ADMIN_PASSWORD_ENV, ""):
        return password
    if sys.stdin.isatty():
        import getpass

        password = getpass.getpass("Mot de passe du premier admin : ")
        if getpass.getpass("Le même, une seconde fois : ") != password:
            raise InputError("mot de passe", "", "les deux saisies diffèrent")
        return password
    return sys.stdin.readline().rstrip("\r\n")


def _in_transaction(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Migrate, then run `work` in one transaction on a fresh engine."""
    from service import db

    db.upgrade(settings)
    return asyncio.run(db.in_transaction(settings.database, work))


def run_admin(args: argparse.Namespace, settings: Settings) -> int:
    return _purge(args, settings) if args.action == "purger-session" else _create_school(args, settings)


def _create_school(args: argparse.Namespace, settings: Settings) -> int:
    from service.review.admin import create_school

    password = _admin_password()

    async def create(session: AsyncSession) -> dict[str, str]:
        user = await create_school(session, args.nom, args.uai, args.email, args.nom_admin, password)
        return {"etablissement": str(user.etablissement_id), "compte": str(user.id), "email": user.email}

    made = _in_transaction(settings, create)
    print(json.dumps(made, ensure_ascii=False, indent=2))
    print(
        f"Établissement « {args.nom.strip()} » créé ; connectez-vous avec {made['email']}.", file=sys.stderr
    )
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    import msgspec

    from service.render.documents import cache_for
    from service.review import purge

    async def run(session: AsyncSession) -> purge.Purged:
        actor = await purge.account(session, args.admin)
        return await purge.purge_session(
            session, args.session, actor, confirmation=args.confirmation, cache=cache_for(settings)
        )

    purged = _in_transaction(settings, run)
    print(json.dumps(msgspec.to_builtins(purged), ensure_ascii=False, indent=2))
    print(f"Session {purged.annee} purgée : {purged.candidats} candidat(s) supprimé(s).", file=sys.stderr)
    return 0
