"""The JSON API (/api/...): msgspec DTOs and handlers of a few lines over service.review.access."""

from __future__ import annotations

import datetime
import functools
import logging
import uuid
from typing import Annotated, Any, Literal, cast

import anyio
import msgspec
from litestar import Controller, Request, Response, delete, get, post, put
from litestar.datastructures import UploadFile
from litestar.di import Dependency, Provide
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.params import BodyKwarg, HeaderParameter, PathParameter
from sqlalchemy.ext.asyncio import AsyncSession

from service.db.models import Candidate, FdapRecord, Fiche, FicheVersion, User
from service.domain.codec import decode
from service.domain.fiche_sujet import FicheSujet
from service.errors import InputError, NotFoundError, RenderError
from service.intake import Limits, read_fdap_upload
from service.render.export_docx import Feuilles, fiche_docx
from service.render.export_pdf import fiche_html, fiche_pdf
from service.review import access, service
from service.review.jobs import JobProgress
from service.settings import Settings
from service.web.auth import (
    SESSION_COOKIE,
    SESSION_SECONDS,
    Refusal,
    requires_login,
    session_token,
    session_user_id,
)

LOG = logging.getLogger("fichesujet")

# Injected by name (Litestar 3 drops inferred dependencies); the alias NamedDependency is avoided.
Db = Annotated[AsyncSession, Dependency(kind="named")]
Me = Annotated[User, Dependency(kind="named")]
PathId = Annotated[uuid.UUID, PathParameter()]
IfMatch = Annotated[str | None, HeaderParameter(name="If-Match", required=False)]
_JSON = BodyKwarg(media_type=RequestEncodingType.JSON)
Action = Literal["soumettre", "approuver", "demander_modifications", "remettre"]


class Connexion(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    mot_de_passe: str


class Compte(msgspec.Struct):
    id: uuid.UUID
    email: str
    nom: str
    roles: list[str]


class Avertissement(msgspec.Struct):
    champ: str
    message: str


class FdapResume(msgspec.Struct):
    id: uuid.UUID
    numero: int
    nature: str
    avertissements: list[Avertissement]


class FicheResume(msgspec.Struct):
    id: uuid.UUID
    fdap_id: uuid.UUID
    etat: str
    version: int


class CandidatResume(msgspec.Struct):
    id: uuid.UUID
    nom: str
    prenom: str
    numero: str
    fdaps: list[FdapResume]
    fiches: list[FicheResume]


class FicheCandidatVue(msgspec.Struct):
    id: uuid.UUID
    candidat_id: uuid.UUID
    etat: str
    version: int
    verrou: int
    remise_le: str | None
    fiche_candidat: dict[str, Any]


class FicheJuryVue(msgspec.Struct):
    id: uuid.UUID
    version: int
    verrou: int
    fiche_jury: dict[str, Any]
    modifications: list[dict[str, Any]]


class FdapDeposee(msgspec.Struct):
    fdap: FdapResume
    remplace: bool


async def _uploaded(request: Request[Any, Any, Any]) -> tuple[str, bytes]:
    """The uploaded file's name and bytes: a multipart field « fichier », or the raw body."""
    kind = request.headers.get("content-type", "")
    if kind.startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("fichier")
        if not isinstance(upload, UploadFile):
            raise InputError(
                "requête", "fichier", "joignez la FDAP (fichier .docx ou .json) dans le champ « fichier »"
            )
        return upload.filename or "FDAP", await upload.read()
    data = await request.body()
    if not data:
        raise InputError("requête", "", "corps vide : envoyez la FDAP (fichier .docx ou JSON fdap/1)")
    return ("FDAP.docx" if "wordprocessingml" in kind else "FDAP"), data


class DemandeGeneration(msgspec.Struct, forbid_unknown_fields=True):
    variantes: int = 3


class GenerationCreee(msgspec.Struct):
    id: uuid.UUID


class NouvelleFiche(msgspec.Struct, forbid_unknown_fields=True):
    """A proposal (or a sheet written by hand) to keep as a draft: a fiche-sujet/1 document."""

    commission_id: uuid.UUID
    document: dict[str, Any]
    motif: str = ""


class EditionFiche(msgspec.Struct, forbid_unknown_fields=True):
    """The whole fiche-sujet/1 document as edited; it becomes a new version, in brouillon."""

    document: dict[str, Any]
    motif: str = ""


class ConstatVue(msgspec.Struct):
    code: str
    gravite: str
    champ: str
    message: str


class FicheEnregistree(msgspec.Struct):
    """The saved fiche, with what the rules find in it (an erreur blocks the submission, not the save)."""

    fiche: FicheCandidatVue
    constats: list[ConstatVue]


class EvenementVue(msgspec.Struct):
    le: str
    acteur: str
    action: str
    de: str | None
    vers: str | None
    motif: str


class VersionVue(msgspec.Struct):
    numero: int
    auteur: str
    creee_le: str
    approuvee_le: str | None


class Historique(msgspec.Struct):
    versions: list[VersionVue]
    evenements: list[EvenementVue]


class Transition(msgspec.Struct, forbid_unknown_fields=True):
    action: Action
    motif: str = ""


def _etag(fiche: Fiche) -> dict[str, str]:
    return {"ETag": f'"{fiche.lock_version}"'}


def _expected(if_match: str | None) -> int:
    """The counter named by If-Match; required on every write (428 without it)."""
    if not if_match:
        raise Refusal(
            status_code=428,
            detail="en-tête If-Match obligatoire : renvoyez l'ETag lu sur la fiche pour la modifier",
        )
    try:
        return int(if_match.strip().removeprefix("W/").strip('"'))
    except ValueError:
        return -1


SHEETS = ("candidat", "jury", "les-deux")
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
}


def render_document(fiche: FicheSujet, format: str, *, feuilles: Feuilles, brouillon: bool) -> bytes:
    """The file of one export (CPU-bound: the handler runs it in a worker thread).

    A render that fails is a French RenderError naming the format and the cause, never a bare 500.
    """
    try:
        if format == "docx":
            return fiche_docx(fiche, feuilles=feuilles, brouillon=brouillon)
        if format == "pdf":
            return fiche_pdf(fiche, feuilles=feuilles, brouillon=brouillon)
        return fiche_html(fiche, feuilles=feuilles, brouillon=brouillon).encode()
    except RenderError:
        raise
    except Exception as exc:
        LOG.error("rendu %s impossible", format, exc_info=exc)
        raise RenderError(f"le rendu {format.upper()} de la fiche a échoué ({type(exc).__name__})") from exc


def _document(raw: dict[str, Any]) -> FicheSujet:
    """The request's document as a fiche-sujet/1, with the codec's French errors (400) naming the field."""
    return decode(msgspec.json.encode(raw), FicheSujet, "document")


async def _saved(db_session: AsyncSession, user: User, fiche_id: uuid.UUID) -> Response[FicheEnregistree]:
    fiche, version = await access.fiche_for(db_session, user, fiche_id)
    found = await service.findings(db_session, fiche, version)
    body = FicheEnregistree(
        _fiche_view(fiche, version), [ConstatVue(c.code, c.gravite, c.champ, c.message) for c in found]
    )
    return Response(body, headers=_etag(fiche))


def _fiche_view(fiche: Fiche, version: FicheVersion) -> FicheCandidatVue:
    document = version.document
    visible = ("format", "nature", "fiche_activite", "candidat", "commission", "date", "duree_simulation_min")
    sheet = {key: document[key] for key in visible if key in document}
    sheet["fiche_candidat"] = document.get("fiche_candidat", {})
    return FicheCandidatVue(
        id=fiche.id,
        candidat_id=fiche.candidate_id,
        etat=fiche.state,
        version=fiche.current_version,
        verrou=fiche.lock_version,
        remise_le=fiche.remise_le.isoformat() if fiche.remise_le else None,
        fiche_candidat=sheet,
    )


def _candidate_view(candidate: Candidate, fdaps: list[FdapRecord], fiches: list[Fiche]) -> CandidatResume:
    own = [
        FdapResume(f.id, f.numero, f.nature, [Avertissement(w["champ"], w["message"]) for w in f.warnings])
        for f in fdaps
        if f.candidate_id == candidate.id
    ]
    sheets = [
        FicheResume(f.id, f.fdap_id, f.state, f.current_version)
        for f in fiches
        if f.candidate_id == candidate.id
    ]
    return CandidatResume(candidate.id, candidate.nom, candidate.prenom, candidate.numero, own, sheets)


async def provide_user(request: Request[Any, Any, Any], db_session: Db) -> User:
    try:
        return await access.get_user(db_session, session_user_id(request))
    except NotFoundError:
        raise NotAuthorizedException("compte supprimé") from None


class SessionController(Controller):
    path = "/api/session"
    tags = ["session"]  # noqa: RUF012

    @post("/", name="session:ouvrir", status_code=200, exclude_from_csrf=True)
    async def login(
        self, data: Annotated[Connexion, _JSON], request: Request[Any, Any, Any], db_session: Db
    ) -> Response[Compte]:
        """Ouvre une session (cookie signé) ; les échecs répétés sont freinés."""
        throttle = request.app.state.throttle
        address = request.client.host if request.client else ""
        wait = await throttle.retry_after(data.email, address)
        if wait:
            raise Refusal(
                status_code=429,
                detail=f"trop de tentatives de connexion échouées : réessayez dans {wait} secondes",
                headers={"Retry-After": str(wait)},
            )
        user = await access.authenticate(db_session, data.email, data.mot_de_passe)
        if user is None:
            await throttle.failed(data.email, address)
            raise Refusal(status_code=401, detail="adresse électronique ou mot de passe incorrect")
        await throttle.succeeded(data.email, address)
        response = Response(Compte(user.id, user.email, user.display_name, user.roles))
        response.set_cookie(
            SESSION_COOKIE,
            session_token(request.app.state.secret, user.id),
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.app.state.settings.cookie_secure,
        )
        return response

    @delete("/", name="session:fermer", status_code=204)
    async def logout(self) -> Response[None]:
        """Ferme la session (le cookie est effacé)."""
        response: Response[None] = Response(None, status_code=204)
        response.delete_cookie(SESSION_COOKIE)
        return response

    @get("/", name="session:moi", guards=[requires_login], dependencies={"user": Provide(provide_user)})
    async def me(self, user: Me) -> Compte:
        """Le compte connecté."""
        return Compte(user.id, user.email, user.display_name, user.roles)


class ReviewController(Controller):
    path = "/api"
    guards = [requires_login]  # noqa: RUF012
    dependencies = {"user": Provide(provide_user)}  # noqa: RUF012
    tags = ["relecture"]  # noqa: RUF012

    @get("/candidats", name="candidats:liste")
    async def list_candidats(self, user: Me, db_session: Db) -> list[CandidatResume]:
        """Les candidats de l'établissement de l'utilisateur, avec leurs FDAP."""
        candidates = await access.list_candidates(db_session, user)
        ids = [c.id for c in candidates]
        fdaps = await access.fdaps_of(db_session, ids)
        fiches = await access.fiches_of(db_session, ids)
        return [_candidate_view(c, fdaps, fiches) for c in candidates]

    @get("/fiches/{fiche_id:uuid}", name="fiches:detail")
    async def get_fiche(self, fiche_id: PathId, user: Me, db_session: Db) -> Response[FicheCandidatVue]:
        """La fiche candidat (annexe V-2) ; l'ETag est le compteur de version à renvoyer en If-Match."""
        fiche, version = await access.fiche_for(db_session, user, fiche_id)
        return Response(_fiche_view(fiche, version), headers=_etag(fiche))

    @get("/fiches/{fiche_id:uuid}/jury", name="fiches:jury")
    async def get_fiche_jury(self, fiche_id: PathId, user: Me, db_session: Db) -> Response[FicheJuryVue]:
        """La fiche jury (annexe V-3) : membres de la commission et auteurs de la fiche seulement."""
        fiche, version = await access.jury_fiche_for(db_session, user, fiche_id)
        document = version.document
        view = FicheJuryVue(
            fiche.id,
            fiche.current_version,
            fiche.lock_version,
            document.get("fiche_jury", {}),
            document.get("modifications", []),
        )
        return Response(view, headers=_etag(fiche))

    @post("/fiches/{fiche_id:uuid}/transitions", name="fiches:transition", status_code=200)
    async def transition(
        self,
        fiche_id: PathId,
        data: Annotated[Transition, _JSON],
        user: Me,
        db_session: Db,
        if_match: IfMatch = None,
    ) -> Response[FicheCandidatVue]:
        """Fait avancer la fiche dans le circuit ; If-Match obligatoire, 409 si la fiche a changé."""
        expected = _expected(if_match)
        fiche = await access.transition(db_session, user, fiche_id, data.action, data.motif, expected)
        _, version = await access.fiche_for(db_session, user, fiche.id)
        return Response(_fiche_view(fiche, version), headers=_etag(fiche))

    @post("/fdaps/{fdap_id:uuid}/fiches", name="fiches:creer", status_code=201)
    async def create_fiche(
        self, fdap_id: PathId, data: Annotated[NouvelleFiche, _JSON], user: Me, db_session: Db
    ) -> Response[FicheEnregistree]:
        """Garde une proposition (ou une fiche écrite à la main) comme brouillon de fiche sujet."""
        document = _document(data.document)
        fiche = await access.create_fiche_for(
            db_session, user, fdap_id, data.commission_id, document, data.motif
        )
        response = await _saved(db_session, user, fiche.id)
        response.status_code = 201
        return response

    @put("/fiches/{fiche_id:uuid}", name="fiches:modifier")
    async def edit_fiche(
        self,
        fiche_id: PathId,
        data: Annotated[EditionFiche, _JSON],
        user: Me,
        db_session: Db,
        if_match: IfMatch = None,
    ) -> Response[FicheEnregistree]:
        """Enregistre une nouvelle version (retour en brouillon) ; If-Match obligatoire, 409 si la fiche
        a changé ; une version approuvée reste telle quelle."""
        expected = _expected(if_match)
        document = _document(data.document)
        await access.edit_for(db_session, user, fiche_id, document, data.motif, expected)
        return await _saved(db_session, user, fiche_id)

    @get("/fiches/{fiche_id:uuid}/historique", name="fiches:historique")
    async def get_history(self, fiche_id: PathId, user: Me, db_session: Db) -> Historique:
        """Les versions et la trace de chaque action (qui, quand, de quel état à quel état, pourquoi)."""
        versions, events, names = await access.history_for(db_session, user, fiche_id)

        def iso(moment: datetime.datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return Historique(
            [
                VersionVue(v.number, names.get(v.author_id, ""), v.created_at.isoformat(), iso(v.approved_at))
                for v in versions
            ],
            [
                EvenementVue(
                    e.at.isoformat(),
                    names.get(e.actor_id, "") if e.actor_id else "",
                    e.action,
                    e.from_state,
                    e.to_state,
                    e.reason,
                )
                for e in events
            ],
        )

    @get("/fiches/{fiche_id:uuid}/documents/{fichier:str}", name="fiches:document")
    async def get_document(
        self, fiche_id: PathId, fichier: Annotated[str, PathParameter()], user: Me, db_session: Db
    ) -> Response[bytes]:
        """La fiche en Word, PDF ou page HTML (mise en page officielle) : `candidat` (V-2, tout
        l'établissement), `jury` (V-3) ou `les-deux` (commission et auteurs seulement) ; une version non
        approuvée est marquée « BROUILLON »."""
        feuilles, _, format = fichier.partition(".")
        if feuilles not in SHEETS or format not in DOCUMENT_TYPES:
            raise NotFoundError(
                "document inconnu : demandez candidat, jury ou les-deux, en .docx, .pdf ou .html "
                "(par exemple documents/candidat.pdf)"
            )
        sheets = cast(Feuilles, feuilles)
        if sheets == "candidat":
            fiche, version = await access.fiche_for(db_session, user, fiche_id)
        else:
            fiche, version = await access.jury_fiche_for(db_session, user, fiche_id)
        document = msgspec.convert(version.document, FicheSujet)
        draft = fiche.state not in ("approuvee", "remise")
        content = await anyio.to_thread.run_sync(
            functools.partial(render_document, document, format, feuilles=sheets, brouillon=draft)
        )
        name = f"fiche-{feuilles}-{fiche.id.hex[:8]}-v{fiche.current_version}.{format}"
        disposition = "inline" if format == "html" else "attachment"
        headers = {
            "Content-Disposition": f'{disposition}; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return Response(content, media_type=DOCUMENT_TYPES[format], headers=headers)

    @post("/candidats/{candidate_id:uuid}/fdaps", name="fdaps:deposer", status_code=201)
    async def put_fdap(
        self, candidate_id: PathId, request: Request[Any, Any, Any], user: Me, db_session: Db
    ) -> FdapDeposee:
        """Dépose une FDAP du candidat : le formulaire officiel Word (.docx) ou le JSON fdap/1, en corps
        brut ou en multipart (champ « fichier »). Remplace la FDAP de même nature tant qu'aucune fiche n'en
        est tirée. Ce que l'import n'a pas su placer est rendu en avertissements, jamais perdu en silence."""
        settings: Settings = request.app.state.settings
        name, data = await _uploaded(request)
        upload = await anyio.to_thread.run_sync(
            functools.partial(read_fdap_upload, data, name, Limits.from_settings(settings))
        )
        record, replaced = await access.put_fdap_for(
            db_session, user, candidate_id, upload.fdap, upload.notes()
        )
        return FdapDeposee(
            FdapResume(
                record.id,
                record.numero,
                record.nature,
                [Avertissement(w["champ"], w["message"]) for w in record.warnings],
            ),
            replaced,
        )

    @post("/fdaps/{fdap_id:uuid}/generations", name="generations:creer", status_code=202)
    async def create_generation(
        self, fdap_id: PathId, data: Annotated[DemandeGeneration, _JSON], user: Me, db_session: Db
    ) -> GenerationCreee:
        """Demande des propositions pour une FDAP : une tâche durable, suivie par son id."""
        return GenerationCreee(await access.enqueue_for(db_session, user, fdap_id, data.variantes))

    @get("/generations/{job_id:uuid}", name="generations:suivi")
    async def get_generation(self, job_id: PathId, user: Me, db_session: Db) -> JobProgress:
        """L'avancement d'une tâche de génération."""
        return await access.progress_for(db_session, user, job_id)


API_ROUTES = [SessionController, ReviewController]
