"""What the reader found, field by field, and the `Fdap` assembled from it; what found no field is kept too.

Every text the reader meets is noted in reading order, so that a text no rubric received is reported with
the text just before and after it: the teacher finds it in the document (« rien n'est perdu en silence »).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.domain.fdap import (
    Activite,
    Analyse,
    BilanReflexif,
    Cadre,
    Candidat,
    CiblageProspection,
    Deroulement,
    Fdap,
    InformationCommerciale,
    Phase,
    Veille,
)
from service.errors import InputError
from service.intake.labels import LIST_KEYS
from service.intake.ticks import NatureEvidence, decide_nature
from service.intake.walk import clean_value

_AROUND_LIMIT = 60


@dataclass(frozen=True)
class NonPlace:
    """Text found in the document that no field of fdap/1 received."""

    rubrique: str
    texte: str
    message: str
    avant: str = ""  # the text just before it in the document
    apres: str = ""  # the text just after it

    def where(self) -> str:
        """« après « … », avant « … » »: where to find it in the document."""
        parts = [
            f"après « {self.avant} »" if self.avant else "",
            f"avant « {self.apres} »" if self.apres else "",
        ]
        return ", ".join(part for part in parts if part)


@dataclass
class ImportResult:
    fdap: Fdap
    non_places: list[NonPlace] = field(default_factory=list)
    nature_lue: str = ""  # how the NV/EC box was read, for the teacher's information


def _excerpt(text: str) -> str:
    first = next((line.strip() for line in text.split("\n") if line.strip()), "")
    return first if len(first) <= _AROUND_LIMIT else first[: _AROUND_LIMIT - 1] + "…"


@dataclass
class _Pending:
    rubrique: str
    texte: str
    message: str
    position: int


@dataclass
class Collected:
    texts: dict[str, list[str]] = field(default_factory=dict)
    items: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: {key: [] for key in LIST_KEYS})
    nature: NatureEvidence = field(default_factory=NatureEvidence)
    numero: int | None = None
    annexe: list[str] = field(default_factory=list)
    found: int = 0  # labels recognised: none means this is no FDAP
    trail: list[str] = field(default_factory=list)  # every text met, in reading order
    pending: list[_Pending] = field(default_factory=list)

    def note(self, text: str) -> int:
        """Record a text met in the document; its position, to name what is around it."""
        self.trail.append(_excerpt(text))
        return len(self.trail) - 1

    def add_text(self, key: str, value: str, sublabel: str = "") -> None:
        if value:
            self.texts.setdefault(key, []).append(f"{sublabel} : {value}" if sublabel else value)

    def add_item(self, key: str, main: str, tools: str) -> None:
        self.items[key].append((main, tools))

    def unplaced(self, rubric: str, text: str, message: str, position: int | None = None) -> None:
        if text.strip():
            where = len(self.trail) - 1 if position is None else position
            self.pending.append(_Pending(rubric, text.strip(), message, where))

    def non_places(self) -> list[NonPlace]:
        return [self._around(item) for item in self.pending]

    def _around(self, item: _Pending) -> NonPlace:
        own = _excerpt(item.texte)
        before = next((text for text in reversed(self.trail[: item.position]) if text and text != own), "")
        after = next((text for text in self.trail[item.position + 1 :] if text and text != own), "")
        return NonPlace(item.rubrique, item.texte, item.message, before, after)

    def text(self, key: str) -> str:
        return "\n".join(self.texts.get(key, []))

    def result(self, source: str) -> ImportResult:
        if not self.found:
            raise InputError(
                source, "", "aucune rubrique de FDAP (annexe V-1) reconnue dans ce document Word"
            )
        nature, how = decide_nature(self.nature, source)
        text = self.text
        fdap = Fdap(
            numero=self.numero or 1,
            nature=nature,
            titre=text("titre"),
            candidat=Candidat(
                nom=text("candidat.nom"), prenom=text("candidat.prenom"), numero=text("candidat.numero")
            ),
            cadre=Cadre(
                organisation=text("cadre.organisation"),
                adresse=text("cadre.adresse"),
                type_structure=text("cadre.type_structure"),
                offre_commerciale=text("cadre.offre_commerciale"),
                types_clients=text("cadre.types_clients"),
                methodes_vente=text("cadre.methodes_vente"),
            ),
            analyse=Analyse(
                dates=text("analyse.dates"),
                lieu=text("analyse.lieu"),
                historique_problematique=text("analyse.historique_problematique"),
                acteurs=text("analyse.acteurs"),
                objectifs_operationnels=text("analyse.objectifs_operationnels"),
            ),
            deroulement=Deroulement(
                phases=[Phase(phase=main, outils=tools) for main, tools in self.items["deroulement.phases"]],
                resultats=text("deroulement.resultats"),
                difficultes=text("deroulement.difficultes"),
            ),
            ciblage_prospection=self._ciblage(),
            information_commerciale=InformationCommerciale(
                informations_marche=text("information_commerciale.informations_marche"),
                objectifs=text("information_commerciale.objectifs"),
                veille=[
                    Veille(source=main, outils=tools)
                    for main, tools in self.items["information_commerciale.veille"]
                ],
                contribution_expertise=text("information_commerciale.contribution_expertise"),
            ),
            annexe_offre=clean_value(self.annexe),
        )
        return ImportResult(fdap=fdap, non_places=self.non_places(), nature_lue=how)

    def _ciblage(self) -> CiblageProspection:
        text = self.text
        return CiblageProspection(
            demarche=text("ciblage_prospection.demarche"),
            objectifs=text("ciblage_prospection.objectifs"),
            activites=[
                Activite(activite=main, outils=tools)
                for main, tools in self.items["ciblage_prospection.activites"]
            ],
            resultats=text("ciblage_prospection.resultats"),
            bilan_reflexif=BilanReflexif(
                atouts=text("ciblage_prospection.bilan_reflexif.atouts"),
                solutions=text("ciblage_prospection.bilan_reflexif.solutions"),
                ameliorations=text("ciblage_prospection.bilan_reflexif.ameliorations"),
            ),
        )
