"""Rows restated from the FDAP and the offer's wording: what the sheet repeats of the lived activity."""

from __future__ import annotations

import re
from functools import lru_cache

from service.domain.fiche_sujet import Acteurs
from service.domain.text import fold, shorten
from service.engines.offline import french, vous
from service.engines.offline.extract import Actor, OfferItem, split_sentences
from service.engines.offline.facts import Material
from service.engines.offline.factsheet import ABOUT_DOSSIER, INJECTION, honest
from service.engines.offline.feelings import STUDENT_SPEAKS, in_writing
from service.engines.offline.offer_words import offer
from service.engines.offline.people import Character
from service.engines.offline.roles import de

NOT_STATED = "Non précisé dans la FDAP"
_PLACEHOLDER = re.compile(r"\b(?:[ld]['’])?l['’]interlocuteur\b")


_COUPLE = re.compile(r"\b(?:M\.|Monsieur)\s+et\s+(?:Mme\s+|Madame\s+)?l['’]interlocuteur\b")
_HALF_NAME = re.compile(r"(?:\b(?:M\.|Mme|Monsieur|Madame)\s+)?(?:[A-ZÀ-Þ][\w-]+\s+){0,2}\[nom\]")
_LABEL = re.compile(r"^\s*(?:historique|probl[ée]matique)[^:]{0,25}:\s*", re.IGNORECASE)
_PROBLEM = re.compile(
    r"(?:,|;|\.)?\s*(?:\?|(?<!\w)(?:le probl[èée]me (?:est|c'est|était)|la probl[ée]matique|probl[èée]m\w*\s*:|"
    r"d'o[ùu] (?:une|la)|l'enjeu (?:est|était)|mais le probl[èe]me|il fallait|ps\b))",
    re.IGNORECASE,
)


# A clause cut before the problem statement loses the connector that announced it (« …, donc »).
_CONNECTOR_END = re.compile(
    r"(?:[\s,;:]+(?:donc|mais|et|alors|car|or|puis|sachant que))*[\s,;:]*$", re.IGNORECASE
)


_HEADER = re.compile(
    r"^(?:c[ôo]t[ée]\s+)?(?:clients?|entreprise|agence|magasin|soci[ée]t[ée])\s*:?$", re.IGNORECASE
)


def usable_label(label: str) -> bool:
    """An actor label that says who the person is, not a header (« Clients ») or a cut fragment."""
    return (
        not _HEADER.match(label.strip())
        and label.count("(") == label.count(")")
        and not re.search(r"\d|\benv\b|\bl['’]interlocuteur\b|[:;]", label)
        and len(label) < 60
    )


def as_roles(text: str) -> str:
    """People left as redaction marks become role nouns: « le couple », « l'interlocuteur »."""
    text = re.sub(r"\b[ld]['’]l['’]interlocuteur\b", "l'entreprise", text)
    return _HALF_NAME.sub("l'interlocuteur", _COUPLE.sub("les clients", text))


_FIRST_CLAUSE = re.compile(r"^\s*(?:je|j['’]|moi)\b", re.IGNORECASE)


def _after_remarks(sentence: str) -> str:
    """A run-on sentence without its leading clauses about the student or the dossier."""
    clauses = sentence.split(", ")
    while clauses and (ABOUT_DOSSIER.search(clauses[0]) or _FIRST_CLAUSE.match(clauses[0])):
        clauses.pop(0)
    rest = ", ".join(clauses)
    return rest[:1].upper() + rest[1:] if rest else ""


_ASIDE = re.compile(r"\b(?:donc |alors )?je\s+(?!ai\b|suis\b|avais\b|étais\b)[a-zéèê]+", re.IGNORECASE)


def _without_asides(sentence: str) -> str:
    """A sentence without the clauses where the student talks about their own telling (« je raconte »)."""
    if not _ASIDE.search(sentence):
        return sentence
    clauses = [c for c in sentence.split(", ") if not _ASIDE.search(c)]
    return ", ".join(clauses)


def lived_story(facts: Material, limit: int = 320) -> str:
    """The FDAP's history without its problem statement, remarks on the dossier or instructions.

    Whole sentences only; a run-on sentence is cut where the problem statement starts, never mid-clause.
    """
    return _lived_story(facts.counterparts.get("historique_relation", ""), limit)


@lru_cache(maxsize=512)
def _lived_story(history: str, limit: int) -> str:
    """`lived_story` of the FDAP's history text, kept: every draft of the FDAP asks for it several times."""
    kept: list[str] = []
    for sentence in split_sentences(_LABEL.sub("", history)):
        sentence = _LABEL.sub("", sentence)
        if INJECTION.search(sentence):
            continue
        if ABOUT_DOSSIER.search(sentence):
            sentence = _after_remarks(sentence)
            if not sentence:
                continue
        sentence = in_writing(_without_asides(sentence))
        cut = _PROBLEM.search(sentence)
        sentence = _CONNECTOR_END.sub("", sentence[: cut.start()]) if cut else sentence
        if len(sentence.split()) < 4:
            if cut:
                break
            continue
        if kept and len(" ".join(kept)) + len(sentence) > limit:
            break
        if len(sentence) > limit:
            head = sentence[:limit].rsplit(", ", 1)[0]
            if head.count("(") > head.count(")"):  # never stop inside brackets
                head = head[: head.rfind("(")].rstrip(" ,")
            sentence = head if len(head) > 60 else ""
        if sentence:
            kept.append(sentence.rstrip(" .") + ".")
        if cut:
            break
    return as_roles(" ".join(kept))


def de_offer(item: OfferItem) -> str:
    """« de l'offre « X » », with elision and contraction."""
    return de(offer(item))


def named(text: str, name: str) -> str:
    """The FDAP's redacted person ("l'interlocuteur") replaced by the fictional character's name."""
    return _PLACEHOLDER.sub(name, text).replace("M. " + name, name).replace("Mme " + name, name)


def restated(facts: Material, param: str, limit: int = 600, clauses: bool = False) -> str:
    """An excerpt of the FDAP's cleaned rubric, whole sentences up to `limit` characters. The student's
    feelings and speech stay off, sentence by sentence; or, for a reader that picks `clauses` itself, only
    sentences about the student's feelings are dropped (its clauses are checked one by one)."""
    kept: list[str] = []
    for said in split_sentences(facts.counterparts.get(param, "")):
        if INJECTION.search(said):
            continue
        sentence = _without_asides(_after_remarks(said) if ABOUT_DOSSIER.search(said) else said)
        if not clauses:
            sentence = in_writing(sentence)
        if not sentence or STUDENT_SPEAKS.search(sentence):
            continue
        if kept and len(" ".join(kept)) + len(sentence) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


_LIVED_LENGTH = re.compile(
    r",?\s*(?:(?:rdv|rendez-vous|entretien|r[ée]union)\s+(?:de|d['’])\s*(?:environ\s+)?\d+\s*(?:h|min)\w*\s*\d*|"
    r"\(\s*\d+\s*(?:h|min)[^)]*\)|relance\b.*$|dur[ée]e\s*:.*$)",
    re.IGNORECASE,
)


def lived_date(facts: Material) -> str:
    """The meeting the FDAP dates (the last one when it gives several), without how long it lasted."""
    # Asides first (« (env. 45 min) »): their abbreviations' full stops are no sentence ends.
    text = re.sub(r"\s*\([^()]*\)", "", facts.counterparts.get("dates_duree", ""))
    chunks = [
        c
        for c in re.split(
            r"(?<!\benv)(?<!\bcf)[.;]\s+|\n|\s+/\s+|\s+et\s+(?=(?:RDV|rendez-vous|lundi|mardi|mercredi|jeudi|vendredi|samedi)\b)",
            text,
        )
        if c.strip()
    ]
    dated = [c for c in chunks if re.search(r"\d", c) and not re.match(r"(?i)\s*relance", c)]
    if not dated:
        return ""
    dated[-1] = french.meeting_time(french.fr_dates(dated[-1]))
    when = re.sub(
        r"^\s*(?:RDV|rendez-vous|entretien|r[ée]union)\s*(?:n°\s*)?\d*\s*:\s*",
        "",
        dated[-1],
        flags=re.IGNORECASE,
    )
    when = _LIVED_LENGTH.sub("", when).strip(" .,;")
    return french_sentence(when) if 6 < len(when) <= 140 else ""


def french_sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def restated_dates(facts: Material, minutes: int) -> str:
    """The FDAP's date, without the lived interview's length or story, and the simulation's length."""
    # Asides first (« (env. 45 min) »): their abbreviations' full stops are no sentence ends.
    text = re.sub(r"\s*\([^()]*\)", "", facts.counterparts.get("dates_duree", ""))
    chunks = [c for c in re.split(r"(?<!\benv)(?<!\bcf)[.;]\s+|\n", text) if c.strip()]
    dated = [c for c in chunks if re.search(r"\d", c)] or chunks
    if not dated:
        return ""
    when = re.sub(
        r"^\s*(?:RDV|rendez-vous|entretien|r[ée]union)\s*(?:n°\s*)?\d*\s*:\s*",
        "",
        dated[-1],
        flags=re.IGNORECASE,
    )
    when = re.sub(r"\s*\([^()]*\)", "", when)
    when = re.split(r",?\s+(?:après|suite à|à la suite)\b|\s*;", when)[0].rstrip(" .,;")
    when = when.strip(" .,;")
    return f"{when[:1].upper() + when[1:]}, pour une simulation de {minutes} minutes."


def without_problem(text: str) -> str:
    """The story of an FDAP without its "Problématique" sentence, when the situation changes."""
    kept = [s for s in split_sentences(text) if not fold(s).startswith("problematique")]
    return " ".join(kept) or text


def vous_line(facts: Material, interlocutor: Actor | None = None) -> str:
    """The candidate's row restating the FDAP's actors: the real status and role the FDAP gives, and the
    colleagues of their side as clean sentences."""
    return " ".join([seller_line(facts, firm=False), *vous.colleague_sentences(facts, interlocutor)])


def seller_line(facts: Material, firm: bool = True) -> str:
    """« Vous êtes stagiaire chez X, conseillère commerciale. » (a neutral role when the FDAP gives none)."""
    return vous.status_line(
        facts,
        "conseiller/ère commercial(e)" if facts.nature == "NV" else "chargé(e) de projet évènementiel",
        firm,
    )


def actor_line(actor: Actor, character: Character, keep_relation: bool = True) -> str:
    """An FDAP actor line with the fictional character in place of the real person."""
    label = re.sub(r"^(?:l['’]interlocuteur|[lL]e couple)\s*,?\s*", "", actor.label).strip(" ,")
    if not keep_relation:
        label = re.sub(r"\b(?:prospect|client|cliente|fidèle)\b(?:\s+et\b)?\s*", "", label)
        label = re.sub(r"\s*,\s*(?=,|$)|\bdepuis \d{4}\b", "", label).strip(" ,")
    label = re.sub(r"^(?:ma|mon|le|la|l')\s+", "", label, flags=re.IGNORECASE) if label else label
    body = f"{character.name}, {label}" if label else character.name
    kept = [
        x
        for x in split_sentences(actor.note)
        if not re.match(r"(?i)(?:motivation|frein|coordonn|t[ée]l\b|t[ée]l[ée]phone|mail|portable)", x)
    ]
    note = " ".join(kept).strip(" .;") if keep_relation else ""
    return named(f"{body} : {note}." if note and len(note) < 220 else f"{body}.", character.name)


def acteurs_restated(
    facts: Material, actor: Actor | None, character: Character, jury_fallback: str, keep_relation: bool = True
) -> Acteurs:
    jury = actor_line(actor, character, keep_relation) if actor is not None else jury_fallback
    return Acteurs(vous=vous_line(facts, actor), jury=jury)


def avant(facts: Material, param: str) -> str:
    return _avant(facts.counterparts.get(param, ""))


@lru_cache(maxsize=1024)
def _avant(said: str) -> str:
    """A change's « avant »: what the FDAP said of the row, honest and shortened (the same for every draft)."""
    text = as_roles(honest(said))
    return shorten(text, 220) if text.strip() else NOT_STATED


def actor_restated(facts: Material) -> bool:
    """True when the FDAP's client line cannot be restated as is (a header, a cut fragment, an age)."""
    actor = facts.client_actor()
    if actor is None:
        return False
    label = re.sub(r"^[-•\s]*(?:l['’]interlocuteur|(?:un|une|le|la)\b|l')[,\s]*", "", actor.label)
    return not (not label or usable_label(label)) or len(actor.note) >= 200


def story_gender(facts: Material) -> str:
    """« m » or « f » when the FDAP's story speaks of its client as « il » or « elle », else ""."""
    story = lived_story(facts)
    he, she = len(re.findall(r"\b[Ii]l\b", story)), len(re.findall(r"\b[Ee]lle\b", story))
    return "m" if he > she else "f" if she > he else ""
