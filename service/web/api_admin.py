"""The routes a school needs to start: its candidates and commissions for everyone; accounts, exam sessions,
commissions and candidates (one by one or a class list) for its admins. Handlers over review.admin and roster."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import ResponseHeader
from litestar.params import QueryParameter

from service.render.documents import cache_for
from service.review import access, admin, candidate_list, purge, roster
from service.review.candidate_list import DEFAULT_PER_PAGE, MAX_PER_PAGE, CandidatePage
from service.settings import Settings
from service.web.api_common import JSON_BODY, USER, Db, Me, PathId, uploaded
from service.web.auth import requires_login
from service.web.dtos import (
    CandidatResume,
    CandidatsImportes,
    CommissionVue,
    Compte,
    EditionCandidat,
    EditionCommission,
    EditionCompte,
    NouveauCompte,
    NouvelleSessionExamen,
    SessionExamenVue,
    account_view,
    candidate_line_view,
    candidate_view,
    commission_view,
)

IMPORT_HELP = (
    "Importe une liste de classe CSV (admin), en corps brut (text/csv) ou en multipart (champ « fichier ») : "
    "UTF-8 avec ou sans BOM, séparateur « ; » ou « , », une ligne d'en-tête avec les colonnes `nom`, `prenom` "
    "et `numero` (numéro de candidat, unique dans l'établissement ; « prénom », « numéro », « N° » sont "
    "reconnus), puis un candidat par ligne. Tout ou rien : la moindre ligne fautive et rien n'est importé "
    "(400 listant chaque ligne en erreur). `session_id` : la session d'examen, facultative s'il n'y en a qu'une."
)
PURGE_HELP = (
    "Purge une session d'examen après les résultats (admin) : supprime ses candidats, leurs FDAP, fiches, "
    "versions, commentaires, décisions et générations ; la session, les commissions et le journal d'audit "
    f"restent. Possible à partir du 1er septembre de l'année de la session (409 avant). `confirmation` : "
    f"« {purge.CONFIRMATION} ». Irréversible ; un événement d'audit compte ce qui a été supprimé."
)


class ConfirmationPurge(msgspec.Struct, forbid_unknown_fields=True):
    confirmation: str


SessionQuery = Annotated[uuid.UUID | None, QueryParameter(required=False)]
PageNumber = Annotated[
    int, QueryParameter(ge=1, le=100_000, required=False, description="page voulue, à partir de 1")
]
PerPage = Annotated[
    int,
    QueryParameter(
        ge=1, le=MAX_PER_PAGE, required=False, description=f"candidats par page, {MAX_PER_PAGE} au plus"
    ),
]
LIST_HELP = (
    f"Une page de candidats par nom ({DEFAULT_PER_PAGE} par défaut, `par_page` jusqu'à {MAX_PER_PAGE}) ; "
    "l'en-tête `X-Total-Count` donne le nombre de candidats de l'établissement, l'en-tête `Link` les pages "
    'suivante (`rel="next"`) et précédente (`rel="prev"`). Une page au-delà de la dernière est vide.'
)
PAGE_HEADERS = [
    ResponseHeader(
        name="X-Total-Count", documentation_only=True, description="nombre de candidats de l'établissement"
    ),
    ResponseHeader(
        name="Link", documentation_only=True, description="pages suivante et précédente (RFC 8288)"
    ),
]


def page_headers(path: str, found: CandidatePage) -> dict[str, str]:
    """X-Total-Count, and Link to the next and previous pages with the same page size."""
    links = []
    if found.has_next:
        links.append(f'<{path}?page={found.number + 1}&par_page={found.per_page}>; rel="next"')
    if found.number > 1:
        links.append(f'<{path}?page={found.number - 1}&par_page={found.per_page}>; rel="prev"')
    headers = {"X-Total-Count": str(found.total)}
    if links:
        headers["Link"] = ", ".join(links)
    return headers


class SchoolController(Controller):
    """The school's people: everyone reads its candidates and commissions, its admins change them."""

    path = "/api"
    guards = [requires_login]  # noqa: RUF012
    dependencies = USER
    tags = ["établissement"]  # noqa: RUF012

    @get("/commissions", name="commissions:liste")
    async def list_commissions(self, user: Me, db_session: Db) -> list[CommissionVue]:
        """Les commissions de l'établissement, leurs membres, et si l'on en fait partie : l'`id` à donner
        en `commission_id` pour garder une proposition (POST /api/fdaps/{id}/fiches)."""
        return [commission_view(c, user) for c in await access.commissions_for(db_session, user)]

    @post("/commissions", name="commissions:creer", status_code=201)
    async def create_commission(
        self, data: Annotated[EditionCommission, JSON_BODY], user: Me, db_session: Db
    ) -> CommissionVue:
        """Crée une commission (admin) : numéro, membres (comptes ayant le rôle commission)."""
        made = await admin.create_commission(db_session, user, data.numero, data.membres, data.session_id)
        return commission_view(made, user)

    @put("/commissions/{commission_id:uuid}", name="commissions:modifier")
    async def edit_commission(
        self, commission_id: PathId, data: Annotated[EditionCommission, JSON_BODY], user: Me, db_session: Db
    ) -> CommissionVue:
        """Renomme une commission ou change ses membres (admin) ; sa session d'examen ne change pas."""
        edited = await admin.edit_commission(db_session, user, commission_id, data.numero, data.membres)
        return commission_view(edited, user)

    @get("/sessions-examen", name="sessions-examen:liste")
    async def list_exam_sessions(self, user: Me, db_session: Db) -> list[SessionExamenVue]:
        """Les sessions d'examen de l'établissement (année, CCF ou ponctuel, durée de la simulation)."""
        exams = await admin.list_exam_sessions(db_session, user)
        return [SessionExamenVue(e.id, e.year, e.mode, e.simulation_minutes) for e in exams]

    @post("/sessions-examen", name="sessions-examen:creer", status_code=201)
    async def create_exam_session(
        self, data: Annotated[NouvelleSessionExamen, JSON_BODY], user: Me, db_session: Db
    ) -> SessionExamenVue:
        """Ouvre une session d'examen (admin)."""
        e = await admin.create_exam_session(
            db_session, user, data.annee, data.mode, data.duree_simulation_min
        )
        return SessionExamenVue(e.id, e.year, e.mode, e.simulation_minutes)

    @post(
        "/sessions-examen/{session_id:uuid}/purge",
        name="sessions-examen:purger",
        status_code=200,
        description=PURGE_HELP,
    )
    async def purge_exam_session(
        self,
        session_id: PathId,
        data: Annotated[ConfirmationPurge, JSON_BODY],
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
    ) -> purge.Purged:
        """Efface les données des candidats d'une session dont les résultats sont publiés."""
        cache = cache_for(request.app.state.settings)
        return await purge.purge_session(
            db_session, session_id, user, confirmation=data.confirmation, cache=cache
        )

    @get("/enseignants", name="enseignants:liste")
    async def list_accounts(self, user: Me, db_session: Db) -> list[Compte]:
        """Les comptes de l'établissement et leurs rôles (admin)."""
        return [account_view(u) for u in await admin.list_accounts(db_session, user)]

    @post("/enseignants", name="enseignants:creer", status_code=201)
    async def create_account(
        self, data: Annotated[NouveauCompte, JSON_BODY], user: Me, db_session: Db
    ) -> Compte:
        """Crée un compte de l'établissement avec son premier mot de passe (admin)."""
        made = await admin.create_account(
            db_session, user, data.email, data.nom, data.roles, data.mot_de_passe
        )
        return account_view(made)

    @put("/enseignants/{user_id:uuid}", name="enseignants:modifier")
    async def edit_account(
        self, user_id: PathId, data: Annotated[EditionCompte, JSON_BODY], user: Me, db_session: Db
    ) -> Compte:
        """Modifie un compte (admin) ; `mot_de_passe` pour en fixer un nouveau ; `actif: false` le désactive
        (plus de connexion, sessions ouvertes comprises) sans effacer ce qu'il a écrit."""
        edited = await admin.edit_account(
            db_session, user, user_id, data.email, data.nom, data.roles, data.mot_de_passe, data.actif
        )
        return account_view(edited)

    @get(
        "/candidats",
        name="candidats:liste",
        response_headers=PAGE_HEADERS,
        description=LIST_HELP,
    )
    async def list_candidats(
        self,
        request: Request[Any, Any, Any],
        user: Me,
        db_session: Db,
        page: PageNumber = 1,
        par_page: PerPage = DEFAULT_PER_PAGE,
    ) -> Response[list[CandidatResume]]:
        """Les candidats de l'établissement de l'utilisateur, avec leurs FDAP et leurs fiches, par pages."""
        found = await candidate_list.list_candidates(db_session, user, page, par_page)
        items = [candidate_line_view(line) for line in found.items]
        return Response(items, headers=page_headers(request.url.path, found))

    @post("/candidats", name="candidats:creer", status_code=201)
    async def create_candidate(
        self, data: Annotated[EditionCandidat, JSON_BODY], user: Me, db_session: Db
    ) -> CandidatResume:
        """Inscrit un candidat (admin) ; son numéro est unique dans l'établissement."""
        made = await roster.create_candidate(
            db_session, user, data.nom, data.prenom, data.numero, data.enseignants, data.session_id
        )
        return candidate_view(made)

    @put("/candidats/{candidate_id:uuid}", name="candidats:modifier")
    async def edit_candidate(
        self, candidate_id: PathId, data: Annotated[EditionCandidat, JSON_BODY], user: Me, db_session: Db
    ) -> CandidatResume:
        """Modifie un candidat (admin) ; sa session d'examen seulement tant qu'aucune fiche n'est tirée."""
        edited = await roster.edit_candidate(
            db_session,
            user,
            candidate_id,
            data.nom,
            data.prenom,
            data.numero,
            data.enseignants,
            data.session_id,
        )
        return candidate_view(edited)

    @post("/candidats/import", name="candidats:importer", status_code=201, description=IMPORT_HELP)
    async def import_candidates(
        self, request: Request[Any, Any, Any], user: Me, db_session: Db, session_id: SessionQuery = None
    ) -> CandidatsImportes:
        """Une classe entière en une fois, sans jamais la moitié d'une liste en base."""
        settings: Settings = request.app.state.settings
        _, data = await uploaded(request, "la liste de classe (fichier .csv)", "liste.csv")
        made = await roster.import_candidates(db_session, user, data, session_id, settings.max_input_bytes)
        return CandidatsImportes(len(made), [candidate_view(c) for c in made])
