"""The class list reader and the all-or-nothing import, on a real database (SQLite, and PostgreSQL when set)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from service.db.models import AuditEvent, Candidate, User
from service.errors import InputError
from service.review.class_list import MAX_ROWS, read_class_list
from service.review.roster import import_candidates
from tests.review.conftest import Factory, World

pytestmark = pytest.mark.anyio
LIMIT = 1024 * 1024


def test_headers_are_read_without_accents_case_or_order_and_lines_keep_their_number() -> None:
    text = "N° ; NOM ; Prénom\r\n\r\n0007 ; Durand ; Yanis\r\n0008;Leroy;\r\n"
    rows, errors = read_class_list(text.encode(), LIMIT)
    assert [(r.line, r.nom, r.prenom, r.numero) for r in rows] == [(3, "Durand", "Yanis", "0007")]
    assert errors == [(4, "ligne 4 : prénom manquant")]


def test_a_file_over_the_size_limit_is_refused_before_reading() -> None:
    with pytest.raises(InputError, match=r"fichier trop volumineux \(41 octets ; 40 au plus\)"):
        read_class_list(b"nom;prenom;numero\nDurand;Yanis;0007\n" + b"x" * 5, 40)


def test_control_characters_and_formulas_are_refused_by_line() -> None:
    text = "nom,prenom,numero\nDu\x07rand,Yanis,1\n@SUM(A1),Léa,2\nPetit,+33,3\n"
    _, errors = read_class_list(text.encode(), LIMIT)
    assert [message for _, message in errors] == [
        "ligne 2 : nom refusé : il contient un caractère de contrôle",
        "ligne 3 : nom « @SUM(A1) » refusé : il commence par « @ » (formule de tableur)",
        "ligne 4 : prénom « +33 » refusé : il commence par « + » (formule de tableur)",
    ]


async def _admin(factory: Factory, world: World) -> User:
    async with factory() as session, session.begin():
        author = await session.get(User, world.author)
        assert author is not None
        admin = User(
            etablissement_id=author.etablissement_id,
            email="dir@lycee.example",
            display_name="Dir",
            roles=["admin"],
        )
        session.add(admin)
    return admin


async def _count(factory: Factory) -> tuple[int, int]:
    async with factory() as session:
        candidates = await session.scalar(select(func.count()).select_from(Candidate))
        events = await session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "importer")
        )
        return candidates or 0, events or 0


async def test_an_import_is_saved_whole_and_audited(factory: Factory, world: World) -> None:
    admin = await _admin(factory, world)
    text = "nom;prenom;numero\n" + "".join(f"Nom{i};Prénom{i};{1000 + i}\n" for i in range(600))
    async with factory() as session, session.begin():
        made = await import_candidates(session, admin, text.encode(), None, LIMIT)
    assert len(made) == 600
    assert await _count(factory) == (601, 600)


async def test_one_bad_line_among_hundreds_saves_nothing(factory: Factory, world: World) -> None:
    admin = await _admin(factory, world)
    lines = [f"Nom{i};Prénom{i};{1000 + i}\n" for i in range(600)]
    lines[550] = "Nom;Prénom;0123\n"  # the number of the world's candidate, past the first IN batch
    async with factory() as session:
        with pytest.raises(InputError) as refused:
            async with session.begin():
                await import_candidates(
                    session, admin, ("nom;prenom;numero\n" + "".join(lines)).encode(), None, LIMIT
                )
    assert str(refused.value) == (
        "liste de classe : 1 erreur(s), rien n'a été importé : "
        "ligne 552 : le numéro de candidat 0123 est déjà pris dans l'établissement"
    )
    assert await _count(factory) == (1, 0)


def test_the_empty_cells_a_spreadsheet_leaves_at_the_end_of_lines_are_ignored() -> None:
    text = "nom;prenom;numero;;\nDurand;Yanis;0007;;\nLeroy;Chloé;0008\nPetit;Inès;0009;x\n"
    rows, errors = read_class_list(text.encode(), LIMIT)
    assert [r.numero for r in rows] == ["0007", "0008"]
    assert errors == [(4, "ligne 4 : 4 valeur(s) au lieu de 3")]


def test_a_list_longer_than_the_limit_is_refused_whole() -> None:
    text = "nom;prenom;numero\n" + "".join(f"N;P;{i}\n" for i in range(MAX_ROWS + 1))
    with pytest.raises(InputError, match=f"trop de lignes \\({MAX_ROWS} candidats au plus par import\\)"):
        read_class_list(text.encode(), 10 * LIMIT)
