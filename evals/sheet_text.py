"""What a teacher reads: the texts of a sheet by row, and the normalising shared by the teacher scores.

Built on the two interchange formats only (`fdap/1`, `fiche-sujet/1`), never on an engine's internals,
so that the scores keep their meaning whatever engine wrote the sheet.
"""

from __future__ import annotations

import re
import unicodedata

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import ROWS_CANDIDAT, ROWS_JURY, FicheSujet

_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})

# The V-2 and V-3 rows where the FDAP's facts are used: the information row and the rows built on it.
# The history rows are left out: that is where a pasted problem statement lands, with all its figures.
FACT_ROWS_CANDIDAT = ("objet", "objectifs_communication", "informations", "contraintes")
FACT_ROWS_JURY = ("identite", "relation_entreprise", "motivations", "freins", "contraintes")


def normalise(text: str) -> str:
    """One space for every run of spaces (no-break ones included), one apostrophe for every kind."""
    return _SPACES.sub(" ", text.translate(_APOSTROPHES)).strip()


def fold(text: str) -> str:
    """Lower case without accents, for comparing words."""
    decomposed = unicodedata.normalize("NFD", normalise(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("œ", "oe")


def sheet_rows(fiche: FicheSujet) -> list[tuple[str, str]]:
    """Every row a teacher reads on V-2 and V-3 (no modification list), with its path."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    rows = [(f"fiche_candidat.{name}", getattr(cand, name)) for name, _ in ROWS_CANDIDAT if name != "acteurs"]
    rows += [
        ("fiche_candidat.acteurs.vous", cand.acteurs.vous),
        ("fiche_candidat.acteurs.jury", cand.acteurs.jury),
    ]
    rows += [(f"fiche_jury.{name}", getattr(jury, name)) for name, _ in ROWS_JURY if name != "objections"]
    rows += [(f"fiche_jury.objections[{i}]", o) for i, o in enumerate(jury.objections)]
    return [(path, text) for path, text in rows if text.strip()]


def fact_zone(fiche: FicheSujet) -> str:
    """The rows where the FDAP's figures and products are expected (informations and its users)."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    parts = [getattr(cand, name) for name in FACT_ROWS_CANDIDAT]
    parts += [getattr(jury, name) for name in FACT_ROWS_JURY]
    parts += list(jury.objections)
    return "\n".join(parts)


def fdap_texts(fdap: Fdap) -> list[str]:
    """Every rubric of the FDAP that can carry a fact, and its annex (not the address nor the candidate)."""
    cadre, analyse, der = fdap.cadre, fdap.analyse, fdap.deroulement
    cib, info = fdap.ciblage_prospection, fdap.information_commerciale
    texts = [fdap.titre, cadre.organisation, cadre.type_structure, cadre.offre_commerciale]
    texts += [cadre.types_clients, cadre.methodes_vente]
    texts += [analyse.dates, analyse.lieu, analyse.historique_problematique, analyse.acteurs]
    texts += [analyse.objectifs_operationnels]
    texts += [f"{p.phase}\n{p.outils}" for p in der.phases] + [der.resultats, der.difficultes]
    texts += [cib.demarche, cib.objectifs, cib.resultats]
    texts += [f"{a.activite}\n{a.outils}" for a in cib.activites]
    bilan = cib.bilan_reflexif
    texts += [bilan.atouts, bilan.solutions, bilan.ameliorations]
    texts += [info.informations_marche, info.objectifs, info.contribution_expertise]
    texts += [f"{v.source}\n{v.outils}" for v in info.veille]
    texts.append(fdap.annexe_offre)
    return [t for t in texts if t.strip()]
