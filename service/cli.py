"""The `fichesujet` command: JSON on stdout, French messages on stderr, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import os
import platform
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from service.cli_admin import add_admin, run_admin
from service.domain.codec import encode, load_fiche
from service.domain.fdap import Fdap, conformity_warnings
from service.domain.fiche_sujet import FicheSujet
from service.domain.rules import check, is_valid, report
from service.engines.base import DEFAULT_VARIANTS, MAX_VARIANTS, ProposalRequest
from service.errors import EngineError, FicheSujetError, InputError
from service.settings import Settings

REFINE_PRESETS = ("durcir_objections", "changer_interlocuteur", "contrainte_budget", "resserrer_sequence")
EXIT_INPUT = 2
EXIT_ENGINE = 3

_ARGPARSE_FR = (
    (r"the following arguments are required: (.+)", r"arguments obligatoires manquants : \1"),
    (r"unrecognized arguments: (.+)", r"arguments inconnus : \1"),
    (
        r"argument (\S+): invalid choice: (\S+) \(choose from (.+)\)",
        r"argument \1 : choix invalide \2 (choix : \3)",
    ),
    (r"argument (\S+): invalid int value: (\S+)", r"argument \1 : nombre entier attendu, reçu \2"),
    (r"argument (\S+): expected one argument", r"argument \1 : une valeur est attendue"),
    (r"invalid choice: (\S+)", r"commande inconnue : \1"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in French and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for pattern, replacement in _ARGPARSE_FR:
            message = re.sub(pattern, replacement, message)
        self.print_usage(sys.stderr)
        self.exit(EXIT_INPUT, f"fichesujet : {message}\n")


def _variants(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"nombre entier attendu, reçu {value!r}") from None
    if not 1 <= number <= MAX_VARIANTS:
        raise argparse.ArgumentTypeError(
            f"le nombre de propositions doit être compris entre 1 et {MAX_VARIANTS}"
        )
    return number


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fichesujet", description="Aide à la rédaction des fiches sujets de l'épreuve E4 du BTS NDRC."
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, metavar="COMMANDE")
    propose = commands.add_parser("propose", help="propose des fiches sujets à partir d'une FDAP")
    propose.add_argument(
        "fdap",
        metavar="FDAP",
        type=Path,
        help="FDAP au format fdap/1 (JSON) ou formulaire officiel Word (.docx)",
    )
    propose.add_argument(
        "--variants",
        type=_variants,
        default=DEFAULT_VARIANTS,
        help=f"nombre de propositions (1 à {MAX_VARIANTS}, {DEFAULT_VARIANTS} par défaut)",
    )
    propose.add_argument(
        "--engine", choices=("offline", "llm"), default="offline", help="moteur (offline par défaut)"
    )
    propose.add_argument("--seed", type=int, default=None, help="graine : même graine, mêmes propositions")
    refine = commands.add_parser(
        "refine", help="révise une fiche sujet (consigne au modèle, ou préréglage hors ligne)"
    )
    refine.add_argument(
        "fiche", metavar="FICHE", type=Path, help="fiche sujet au format fiche-sujet/1 (JSON)"
    )
    refine.add_argument(
        "--fdap", required=True, type=Path, help="la FDAP dont la fiche est tirée (JSON ou .docx)"
    )
    how = refine.add_mutually_exclusive_group(required=True)
    how.add_argument("--instruction", help="consigne en français pour le modèle de langage")
    how.add_argument("--preset", help="préréglage hors ligne : " + ", ".join(REFINE_PRESETS))
    refine.add_argument("--seed", type=int, default=None, help="graine des préréglages hors ligne")
    checker = commands.add_parser("check", help="vérifie une fiche sujet au regard de sa FDAP")
    checker.add_argument(
        "fiche", metavar="FICHE", type=Path, help="fiche sujet au format fiche-sujet/1 (JSON)"
    )
    checker.add_argument(
        "--fdap", required=True, type=Path, help="la FDAP dont la fiche est tirée (JSON ou .docx)"
    )
    importer = commands.add_parser(
        "import", help="lit une FDAP Word (annexe V-1) et l'écrit au format fdap/1"
    )
    importer.add_argument("fdap", metavar="FDAP.docx", type=Path, help="la FDAP au format Word (.docx)")
    export = commands.add_parser(
        "export", help="exporte une fiche sujet en Word, PDF ou HTML (annexes V-2, V-3)"
    )
    export.add_argument(
        "fiche", metavar="FICHE", type=Path, help="fiche sujet au format fiche-sujet/1 (JSON)"
    )
    export.add_argument("--format", required=True, choices=("docx", "pdf", "html"), help="format du fichier")
    export.add_argument(
        "--feuilles",
        choices=("candidat", "jury", "les-deux"),
        default="les-deux",
        help="candidat (V-2), jury (V-3) ou les-deux (par défaut)",
    )
    export.add_argument(
        "--brouillon", action="store_true", help="marque « BROUILLON – non approuvée » sur chaque feuille"
    )
    export.add_argument(
        "-o", "--output", metavar="SORTIE", default="-", help="fichier produit (« - » : sortie standard)"
    )
    database = commands.add_parser("db", help="base de données : migrations (upgrade, current)")
    database.add_argument(
        "action",
        choices=("upgrade", "current"),
        help="upgrade : applique les migrations ; current : révision",
    )
    serve = commands.add_parser("serve", help="lance le service web (API JSON)")
    serve.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1 par défaut)")
    serve.add_argument("--port", type=int, default=8000, help="port d'écoute (8000 par défaut)")
    commands.add_parser("demo", help="charge un établissement de démonstration dans la base")
    add_admin(commands)
    from evals.arguments import add_arguments

    add_arguments(commands.add_parser("eval", help="évalue un moteur sur les FDAP et les fiches étiquetées"))
    return parser


def _warn(message: str) -> None:
    print(f"Avertissement : {message}", file=sys.stderr)


async def _refine_llm(settings: Settings, fiche: FicheSujet, fdap: Fdap, instruction: str) -> FicheSujet:
    from service.generation import model_engine

    async with model_engine(settings) as engine:
        return await engine.refine(fiche, fdap, instruction, settings.simulation_minutes)


def _load_fdap(path: Path, settings: Settings) -> Fdap:
    """A fdap/1 JSON file or the official Word form; what the import could not place is a warning."""
    from service.intake import Limits, read_fdap_file

    return read_fdap_file(
        path, Limits.from_settings(settings), warn=lambda line: _warn(f"{path} : {line}")
    ).fdap


def run_import(args: argparse.Namespace, settings: Settings) -> int:
    from service.intake import Limits, read_fdap_file

    upload = read_fdap_file(args.fdap, Limits.from_settings(settings), required=False)
    for line in [*upload.warning_lines(), *upload.missing_lines()]:
        _warn(line)
    sys.stdout.buffer.write(encode(upload.fdap) + b"\n")
    return 0


def run_propose(args: argparse.Namespace, settings: Settings) -> int:
    fdap = _load_fdap(args.fdap, settings)
    for field, message in conformity_warnings(fdap):
        _warn(f"{args.fdap} : {field} : {message}")
    seed = settings.seed if args.seed is None else args.seed
    request = ProposalRequest(
        variants=args.variants, seed=seed, simulation_minutes=settings.simulation_minutes
    )
    from service.generation import generate

    proposals = asyncio.run(generate(fdap, request, settings, args.engine, fallback=False)).propositions
    if args.engine == "offline" and len(proposals) < request.variants:
        raise EngineError(f"{len(proposals)} proposition(s) valide(s) sur {request.variants} demandées")
    if len(proposals) < request.variants:
        _warn(f"le modèle n'a produit que {len(proposals)} proposition(s) valide(s) sur {request.variants}")
    for index, proposal in enumerate(proposals, start=1):
        if not proposal.valide:
            codes = ", ".join(sorted({c.code for c in proposal.constats if c.gravite == "erreur"}))
            raise EngineError(f"la proposition {index} ne respecte pas les règles ({codes})")
    sys.stdout.buffer.write(encode({"propositions": [p.fiche for p in proposals]}) + b"\n")
    return 0


def run_refine(args: argparse.Namespace, settings: Settings) -> int:
    fdap = _load_fdap(args.fdap, settings)
    fiche = load_fiche(args.fiche, settings.max_input_bytes)
    minutes = settings.simulation_minutes
    if args.preset is not None:
        from service.engines.offline.refine import refine_offline

        seed = settings.seed if args.seed is None else args.seed
        revised = refine_offline(fiche, fdap, args.preset, seed=seed, simulation_minutes=minutes)
    else:
        revised = asyncio.run(_refine_llm(settings, fiche, fdap, args.instruction))
    constats = check(revised, fdap, minutes)
    if not is_valid(constats):
        codes = ", ".join(sorted({c.code for c in constats if c.gravite == "erreur"}))
        raise EngineError(f"la fiche révisée ne respecte pas les règles ({codes})")
    sys.stdout.buffer.write(encode(revised) + b"\n")
    return 0


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    fdap = _load_fdap(args.fdap, settings)
    fiche = load_fiche(args.fiche, settings.max_input_bytes)
    constats = check(fiche, fdap, settings.simulation_minutes)
    sys.stdout.buffer.write(encode(report(constats)) + b"\n")
    return 0 if is_valid(constats) else 1


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    fiche = load_fiche(args.fiche, settings.max_input_bytes)
    if args.format == "docx":
        from service.render.export_docx import fiche_docx

        data = fiche_docx(fiche, feuilles=args.feuilles, brouillon=args.brouillon)
    elif args.format == "pdf":
        from service.render.export_pdf import fiche_pdf

        data = fiche_pdf(fiche, feuilles=args.feuilles, brouillon=args.brouillon)
    else:
        from service.render.export_pdf import fiche_html

        data = fiche_html(fiche, feuilles=args.feuilles, brouillon=args.brouillon).encode("utf-8")
    if args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.output)
    try:
        target.write_bytes(data)
    except OSError as exc:
        reasons = {
            FileNotFoundError: "dossier introuvable",
            PermissionError: "permission refusée",
            IsADirectoryError: "c'est un dossier",
        }
        reason = reasons.get(type(exc), "erreur du système de fichiers")
        raise InputError(str(target), "", f"écriture impossible ({reason})") from None
    print(f"Fiche exportée : {target}", file=sys.stderr)
    return 0


def run_eval(args: argparse.Namespace, settings: Settings) -> int:
    from evals.command import run

    return run(args, settings)


@contextlib.contextmanager
def _database_reachable() -> Iterator[None]:
    """A server down or a wrong URL: one French line naming the settings to check, not a traceback."""
    from asyncpg import PostgresError  # type: ignore[import-untyped]
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except (SQLAlchemyError, OSError, PostgresError) as exc:
        raise FicheSujetError(
            f"base de données inaccessible ({type(exc).__name__}) : vérifiez FICHESUJET_DATABASE_URL "
            "et FICHESUJET_DATA_DIR"
        ) from None


def run_db(args: argparse.Namespace, settings: Settings) -> int:
    from service import db

    with _database_reachable():
        if args.action == "upgrade":
            db.upgrade(settings)
            print(f"Base à jour : {db.current(settings)}", file=sys.stderr)
        else:
            print(db.current(settings) or "aucune migration appliquée")
    return 0


# glibc gives each thread that allocates its own malloc arena, up to 8 per core, and keeps what an arena
# held: the service's threads (a pooled SQLite connection each, the render and engine threads) grew its
# RSS by ≈ 10 MiB under the bench's load. Two arenas, as the MALLOC_ARENA_MAX variable would set (which,
# when set, wins): the threads mostly wait on SQLite or the render process, hardly on each other's mallocs.
MALLOC_ARENAS = 2
_M_ARENA_MAX = -8  # glibc's malloc.h


def _fewer_malloc_arenas() -> None:
    """At most MALLOC_ARENAS glibc arenas, set before the service starts its threads; elsewhere nothing."""
    if "MALLOC_ARENA_MAX" in os.environ or platform.libc_ver()[0] != "glibc":
        return
    ctypes.CDLL(None).mallopt(_M_ARENA_MAX, MALLOC_ARENAS)


def run_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Refuses a database not at the head revision before listening (the app's start-up checks it again)."""
    from service import db

    _fewer_malloc_arenas()
    with _database_reachable():
        asyncio.run(db.require_head(settings.database))
    from service.web.app import create_app
    from service.web.serving import serve_app

    serve_app(create_app(settings, run_worker=True), args.host, args.port)
    return 0


def run_demo(args: argparse.Namespace, settings: Settings) -> int:
    from service import db
    from service.review.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    db.upgrade(settings)
    loaded = asyncio.run(load_demo(settings))
    print("Établissement de démonstration " + ("chargé." if loaded else "déjà présent."), file=sys.stderr)
    for email, (_name, roles) in DEMO_USERS.items():
        print(f"  {email} ({', '.join(roles)}) : mot de passe {DEMO_PASSWORD}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.from_env()
        commands = {
            "propose": run_propose,
            "refine": run_refine,
            "check": run_check,
            "import": run_import,
            "export": run_export,
            "eval": run_eval,
            "db": run_db,
            "serve": run_serve,
            "demo": run_demo,
            "admin": run_admin,
        }
        return commands[args.command](args, settings)
    except InputError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_INPUT
    except EngineError as exc:
        print(f"Erreur : aucune proposition valide : {exc}", file=sys.stderr)
        return EXIT_ENGINE
    except FicheSujetError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception as exc:
        print(f"Erreur interne inattendue ({type(exc).__name__}) : merci de la signaler.", file=sys.stderr)
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
