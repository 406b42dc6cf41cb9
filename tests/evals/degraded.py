"""A deliberately degraded engine: the offline proposals with the FDAP's own rows copied back in."""

from __future__ import annotations

import msgspec

from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine


class CopyingEngine:
    """Replays the lived activity: objet, date, lieu, historique and contraintes say what the FDAP says."""

    name = "offline-copie"

    async def propose(self, fdap: Fdap, request: ProposalRequest) -> list[FicheSujet]:
        return [copied(fiche, fdap) for fiche in OfflineEngine().generate(fdap, request)]


def copied(fiche: FicheSujet, fdap: Fdap) -> FicheSujet:
    rows = {
        "objet": fdap.titre,
        "dates_duree": fdap.analyse.dates,
        "lieu": fdap.analyse.lieu,
        "historique_relation": fdap.analyse.historique_problematique,
        "contraintes": fdap.deroulement.difficultes,
    }
    rows = {name: value for name, value in rows.items() if value.strip()}
    cand = msgspec.structs.replace(fiche.fiche_candidat, **rows)
    jury_rows = {"date_rencontre" if k == "dates_duree" else k: v for k, v in rows.items()}
    jury = msgspec.structs.replace(fiche.fiche_jury, **jury_rows)
    return msgspec.structs.replace(fiche, fiche_candidat=cand, fiche_jury=jury)
