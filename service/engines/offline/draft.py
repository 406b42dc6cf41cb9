"""One proposal before it is dressed as a FicheSujet."""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.fiche_sujet import FicheCandidat, FicheJury
from service.engines.offline.people import Character


@dataclass
class Draft:
    """One proposal before it is dressed as a FicheSujet: both sheets and the why of each change."""

    candidat: FicheCandidat
    jury: FicheJury
    justifications: dict[str, str]
    character: Character
