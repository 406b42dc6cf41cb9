"""Who the EC partner is, read from the FDAP's actors: the partner or co-financer it names, or a marked
placeholder when it names none (« l'éditeur du logiciel », « représentant du manufacturier de pneus »)."""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline.facts import Material
from service.engines.offline.roles import plural

ACTOR_NOISE = re.compile(
    r"^(?:[-•\s]*|l['’]interlocuteur\b,?\s*|(?:M\.|Mme|Mr)\s+[\wÀ-ÿ-]+\s+[\wÀ-ÿ-]+,?\s*|\d+\s*ans,?\s*)+"
)
_TWO_ORGS = re.compile(r"\s+et\s+(?=(?:la|le|les|l['’])\s*[A-ZÉ])")
_PARTNER_WORDS = re.compile(
    r"\b(?:partenaires?|laboratoire|fournisseur|marque|producteurs?|brasserie|compagnie|editeur|"
    r"operateur|refuge|clinique|artisan|manufacturier|fabricant|grossiste|importateur|association|traiteur|"
    r"decorat\w*|restaurant)\b"
)
_DECIDES = re.compile(r"delegue|representant|commercial|gerant|responsable|direct|president")


def function_of(label: str) -> str:
    """The job an FDAP actor line gives, without names, ages, tutors nor the rest of the line."""
    head = ACTOR_NOISE.sub("", label.strip())
    head = re.split(r",|;|\(|\s+et\s+(?:ma|mon)\b|\s+(?:ma|mon)\s+tut", head)[0]
    return re.sub(r"\s+(?:ma|mon)\s+tut\w*$", "", head).strip(" .:-/")  # « directeur / » -> « directeur »


def partner_of(facts: Material) -> tuple[str, bool]:
    """The partner or co-financer the FDAP names ("l'éditeur du logiciel…"), or a marked placeholder."""
    found = facts.actor("partenaire")
    if found is not None and plural(found.label):  # « deux coachs du club »: one of them plays
        return function_of(found.label), True
    texts = [found.label, found.note] if found else []
    own = [function_of(x) for x in re.split(r",|;", ",".join(texts))]
    job = next((x for x in own if _DECIDES.search(fold(x))), "")  # « Partenaires : …, commercial Stepline »
    if job:
        return job, True
    texts += _named_by_team(facts)
    texts += [
        x
        for a in facts.actors
        if a.kind not in ("moi", "client", "superieur")  # never someone of the seller's own team
        for x in re.split(r",|;", a.label + "," + a.note)
    ]
    # whoever decides for the partner (a sales rep, a manager) before whoever only came to help
    texts.sort(key=lambda t: not _DECIDES.search(fold(t)))
    for text in texts:
        group = re.match(r"(?i)^.*?\b(partenaires?|producteurs?|fournisseurs?|exposants?)\s*:\s*(.*)$", text)
        if group and not function_of(group.group(2)) and group.group(1).lower().endswith("s"):
            return f"les {group.group(1).lower()}", True  # « Producteurs : [a name] »: one of them plays
        said = group.group(2) if group else text
        job = _one_partner(function_of(said))
        words = fold(job)
        if (
            job
            and _PARTNER_WORDS.search(words)
            and not re.fullmatch(r"(?:un|une|les|le|la)?\s*partenaires?", words)
        ):
            return job, True
    # a title « journée adoption avec le refuge » names the event's co-organiser
    titled = re.search(r"\bavec\s+((?:un|une|le|la|l['’])\s*[^,+.;«»()]{3,50})", facts.titre)
    if titled and not re.search(r"\b(?:vous|nous|moi|client)", fold(titled.group(1))):
        return titled.group(1).strip(), True
    return "une entreprise partenaire [à préciser : fournisseur, marque ou commerce voisin]", False


def _named_by_team(facts: Material) -> list[str]:
    """A partner structure listed on a seller's line (« moi (stagiaire) / l'association « Les Zombies du
    Berry » (maquillage) »): the part that starts with it or quotes its name, never the seller's own words."""
    lines = [a.label + " / " + a.note for a in facts.actors if a.kind in ("moi", "superieur")]
    parts = [x for line in lines for x in re.split(r",|;|\s/\s", line)]
    return [
        x for x in parts if _PARTNER_WORDS.match(re.sub(r"^\s*(?:l['’]|le |la |les |une? )", "", fold(x)))
    ] + [x for x in parts if "«" in x and _PARTNER_WORDS.search(fold(x.split("«")[0]))]


def _one_partner(job: str) -> str:
    """One partner per character: « Radio Pulse FM et la Brasserie des Forges » -> « la Brasserie des Forges »
    (the one a partner word names, else the first)."""
    named = _TWO_ORGS.split(job)
    if len(named) < 2:
        return job
    return next((n for n in named if _PARTNER_WORDS.search(fold(n))), named[0]).strip()
