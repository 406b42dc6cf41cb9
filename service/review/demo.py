"""`fichesujet demo`: a demo school with a living queue (idempotent: loaded once, then left alone)."""

from __future__ import annotations

import datetime
import uuid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from service import db, generation
from service.db.models import Candidate, Commission, Etablissement, ExamSession, User
from service.domain.codec import load_fdap, load_fiche
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.review import service
from service.review.passwords import hash_password
from service.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "fdap"
SHEETS = FIXTURES.parent / "fiches"
DEMO_UAI = "0000000D"
DEMO_PASSWORD = "demo-fichesujet"
# email -> (display name, roles)
DEMO_USERS = {
    "admin@demo.fichesujet.fr": ("Alice Admin", ["admin"]),
    "enseignante@demo.fichesujet.fr": ("Élise Enseignante", ["enseignant"]),
    "membre1@demo.fichesujet.fr": ("Marc Membre", ["enseignant", "commission"]),
    "membre2@demo.fichesujet.fr": ("Nadia Membre", ["commission"]),
}
# (nom, prénom, FDAP NV, FDAP EC, state of the fiche on the NV one, the sheet a teacher finished for it).
# A draft is the offline engine's proposal, « [à préciser] » and all; a sheet past the draft state is one a
# teacher wrote or completed (the labelled good sheets of fixtures/fiches/), as a real queue holds. No state:
# both FDAPs and no fiche yet, the first step a new user sees in « À écrire ».
CANDIDATES = [
    ("Martin", "Léa", "01-assurance-sante-kine", "02-running-analyse-foulee", "brouillon", ""),
    (
        "Bernard",
        "Hugo",
        "13-club-fitness-cse",
        "05-immobilier-portes-ouvertes-neuf",
        "soumise",
        "13-01-bon-renouvellement-ateliers",
    ),
    (
        "Petit",
        "Inès",
        "17-opticien-verres-progressifs",
        "07-concession-lancement-electrique",
        "modifications_demandees",
        "17-01-bon-verres-bureau-actif",
    ),
    (
        "Durand",
        "Yanis",
        "06-concession-utilitaire-artisan",
        "09-restaurant-soiree-mets-vins",
        "approuvee",
        "06-01-bon-reprise-estimee-electricien",
    ),
    (
        "Leroy",
        "Chloé",
        "15-agence-evenementielle-gala",
        "11-b2b-petit-dejeuner-cybersecurite",
        "remise",
        "15-02-bon-daf-conclusion-devis",
    ),
    ("Moreau", "Camille", "19-parfumerie-coffret-fidelite", "29-animalerie-journee-adoption", "", ""),
]


async def _people(session: AsyncSession, school: Etablissement) -> dict[str, User]:
    password = hash_password(DEMO_PASSWORD)
    users = {
        email: User(
            etablissement_id=school.id, email=email, display_name=name, password_hash=password, roles=roles
        )
        for email, (name, roles) in DEMO_USERS.items()
    }
    session.add_all(users.values())
    await session.flush()
    return users


async def _advance(
    session: AsyncSession, fiche_id: uuid.UUID, target: str, author: User, reviewer: User
) -> None:
    """Walk a new fiche through the workflow up to `target`, as its users would."""
    path = {
        "brouillon": [],
        "soumise": ["soumettre"],
        "modifications_demandees": ["soumettre", "demander"],
        "approuvee": ["soumettre", "approuver"],
        "remise": ["soumettre", "approuver", "remettre"],
    }[target]
    lock = 1
    for step in path:
        if step == "soumettre":
            fiche = await service.submit(session, fiche_id, author.id, lock)
        elif step == "demander":
            fiche = await service.request_changes(
                session, fiche_id, reviewer.id, lock, "rendre les objections plus exigeantes"
            )
        elif step == "approuver":
            fiche = await service.approve(session, fiche_id, reviewer.id, lock, "prête à jouer")
        else:
            fiche = await service.hand_over(session, fiche_id, reviewer.id, lock, datetime.date(2026, 4, 20))
        lock = fiche.lock_version


async def _demo_sheet(settings: Settings, fdap: Fdap, seed: int, sheet: str) -> FicheSujet:
    """A draft straight from the offline engine, or the sheet a teacher finished (no « [à préciser] »)."""
    if not sheet:
        request = ProposalRequest(variants=1, seed=seed, simulation_minutes=settings.simulation_minutes)
        drafted = await generation.generate(fdap, request, settings, "offline", fallback=False)
        return drafted.propositions[0].fiche
    return load_fiche(SHEETS / f"{sheet}.json")


async def _load(session: AsyncSession, settings: Settings) -> None:
    school = Etablissement(name="Lycée de démonstration", uai=DEMO_UAI)
    session.add(school)
    await session.flush()
    users = await _people(session, school)
    author, member1, member2 = (
        users["enseignante@demo.fichesujet.fr"],
        users["membre1@demo.fichesujet.fr"],
        users["membre2@demo.fichesujet.fr"],
    )
    exam = ExamSession(
        etablissement_id=school.id, year=2026, mode="ccf", simulation_minutes=settings.simulation_minutes
    )
    session.add(exam)
    await session.flush()
    commission = Commission(exam_session_id=exam.id, number="1", members=[member1, member2])
    session.add(commission)
    for numero, (nom, prenom, nv, ec, state, sheet) in enumerate(CANDIDATES, start=1):
        candidate = Candidate(
            etablissement_id=school.id,
            exam_session_id=exam.id,
            nom=nom,
            prenom=prenom,
            numero=f"2026-{numero:03d}",
            teachers=[author],
        )
        session.add(candidate)
        await session.flush()
        fdap_nv = load_fdap(FIXTURES / f"{nv}.json")
        record = await service.add_fdap(session, candidate.id, fdap_nv)
        await service.add_fdap(session, candidate.id, load_fdap(FIXTURES / f"{ec}.json"))
        if not state:
            continue
        proposal = await _demo_sheet(settings, fdap_nv, numero, sheet)
        fiche = await service.create_fiche(
            session, fdap_id=record.id, commission_id=commission.id, document=proposal, author_id=author.id
        )
        await _advance(session, fiche.id, state, author, member2)


async def load_demo(settings: Settings) -> bool:
    """Load the demo school into the configured database; False when it is already there."""

    async def load(session: AsyncSession) -> bool:
        if await session.scalar(select(Etablissement).where(Etablissement.uai == DEMO_UAI)):
            return False
        await _load(session, settings)
        return True

    return await db.in_transaction(settings.database, load)
