"""What the FDAP says of the lived moment, read before any plan: which step of the relationship the
student lived (never replayed), the add-ons of the main item, a big project that no first meeting decides,
a firm that never signs at a first meeting, and the trades (bereavement, health) where a scene stays sober.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline.extract import OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.restate import lived_story

_OPTION = re.compile(
    r"option|renfort|complement|extension|garantie|assurance|accessoire|supplement|semelle|pack|contrat d|"
    r"entretien|maintenance|formation|batterie|borne"
)
# Moments of the relationship the FDAP already lived: replaying them is not a significant change.
LIVED_STEPS = {
    "apres_devis": r"(?:2e|2eme|second|deuxieme|seconde) (?:rdv|rendez-vous|entretien|visite)|rdv 2\b|devis (?:envoye|remis)",
    "recommandation": r"recommand|parrain|bouche.a.oreille",
    "fidele": r"deja client|clients? fidele|client depuis",
}
# Moments where the client has already met the seller: a co-decider « absent from the first meetings » fits.
KNOWN_MODES = ("apres_devis", "fidele", "mecontent", "renouvellement")


def lived_text(facts: Material) -> str:
    """What the FDAP says the student lived: title, dates, history, objectives (folded)."""
    keys = ("objet", "dates_duree", "historique_relation", "objectifs_communication")
    return fold(" ".join(facts.counterparts.get(k, "") for k in keys))


def addons(facts: Material) -> list[OfferItem]:
    """Items sold on top of the main one: options, services, accessories; never an alternative range."""
    main, head = facts.main, fold(facts.main.label).split()[:1]
    found = []
    for item in facts.items:
        if item.label == main.label or fold(item.label).split()[:1] == head:
            continue  # the same family: an alternative to the main item, not an add-on
        cheap = item.value is not None and (main.value is None or item.value <= 0.5 * main.value)
        if _OPTION.search(fold(item.label)) or cheap:
            found.append(item)
    return found


def big_project(facts: Material, item: OfferItem | None = None) -> bool:
    """A purchase that is not decided in one first meeting: a project, a quote-based sale above 1 500 €."""
    value = (item or facts.main).value
    return (value is not None and value >= 1500) or (
        value is None and facts.known.quotes and facts.known.one_off
    )


def no_first_signature(facts: Material) -> bool:
    """The annex (or the FDAP) says the firm never signs at a first meeting."""
    said = fold(
        " ".join(facts.known.leeway)
        + " "
        + lived_text(facts)
        + " "
        + " ".join(facts.lists.get("anchors", ()))
    )
    return bool(
        re.search(
            r"pas de signature|aucune signature|jamais de signature|ne (?:fait|signe) (?:pas|jamais)", said
        )
    )


def lived_trimmed(facts: Material) -> bool:
    """The FDAP's story cannot be told whole (a problem statement, remarks): the sheet writes its own."""
    story = facts.counterparts.get("historique_relation", "")
    return len(lived_story(facts)) < 0.8 * len(story)


def lived_mode(facts: Material) -> str:
    """The moment of the relationship the FDAP lived: its reader's guess, or what its words say."""
    if facts.relation != "prospect":
        return facts.relation
    lived = lived_text(facts)
    return next((mode for mode, pattern in LIVED_STEPS.items() if re.search(pattern, lived)), "prospect")


_SENSITIVE = re.compile(
    r"obseq|funer|funebr|deces|defunt|cremat|inhum|thanato|marbrer|ehpad|"
    r"hospital|clinique|palliat|prothes|audioprot|maladie|oncolog"
)


def sensitive(facts: Material) -> bool:
    """A bereavement or health trade: no unhappy-client, rival-pressure or year-end-deadline scene there."""
    said = " ".join([facts.org, facts.titre, *(i.label for i in facts.items)])
    return bool(_SENSITIVE.search(fold(said)))
