"""Helpers shared by the NV and EC writers: French dates and figures, margins, restated FDAP rows."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from service.domain.fiche_sujet import Acteurs, FicheCandidat, FicheJury
from service.domain.text import fold, shorten
from service.engines.offline_extract import Actor, OfferItem, split_sentences
from service.engines.offline_material import Material
from service.engines.offline_people import Character, Gendered
from service.engines.offline_roles import Role, cap, de

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
HOURS = ("9 h 30", "10 h", "10 h 30", "11 h", "14 h", "14 h 30", "16 h", "17 h 30")
NOT_STATED = "Non précisé dans la FDAP"
_PLACEHOLDER = re.compile(r"\b(?:[ld]['’])?l['’]interlocuteur\b")


def fr_date(day: date) -> str:
    """Example: "mardi 9 septembre 2025"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def day_in(year: int, month: int, weekday: int, rng: random.Random) -> date:
    """A given weekday in the second or third week of a month."""
    start = date(year, month, rng.choice((8, 15)))
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def later_month(month: int, base_month: int | None, base_year: int) -> int:
    """The year in which `month` comes after the FDAP's month."""
    if base_month is None:
        return base_year
    return base_year if month > base_month else base_year + 1


def money(value: float) -> str:
    """Example: "69 €", "1 500 €", "160 000 €" (non-breaking thousands, no decimals)."""
    whole = f"{round(value):,}".replace(",", "\u202f")
    return f"{whole} €"


def pct(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def below(value: float, share: float) -> float:
    """A round figure about `share` of `value`, for a tight budget."""
    target = value * share
    step = 1 if target < 100 else 10 if target < 2000 else 100 if target < 20000 else 1000
    return max(step, (target // step) * step)


def unit_of(price: str) -> str:
    folded = fold(price)
    if re.search(r"/\s*mois|par mois", folded):
        return " par mois"
    if "par personne" in folded:
        return " par personne"
    return ""


_KINDS = (("offre", "l'offre"), ("option", "l'option"), ("formule", "la formule"), ("pack", "le pack"))


def offer(item: OfferItem | str) -> str:
    """Example: "l'offre « X »"; a label that says its kind keeps it: "l'option « Renfort dentaire »"."""
    label = item.label if isinstance(item, OfferItem) else item
    head, _, rest = label.partition(" ")
    for word, phrase in _KINDS:
        if head.lower() == word and rest:
            return f"{phrase} « {rest[:1].upper() + rest[1:]} »"
    return f"l'offre « {label} »"


def price_line(item: OfferItem, prefix: str = "Offre", org: str = "") -> str:
    """The price line of an item: Offre « X » : 81,40 € / mois (TNS, éligible loi Madelin)."""
    parts = [p for p in (item.price, f"({item.detail})" if item.detail else "") if p]
    if not parts:
        return f"{prefix} « {item.label} »" + (f" {de(org)}." if org else ".")
    body = " ".join(parts)
    return f"{prefix} « {item.label} » : {body.rstrip('.')}."


def margin_sentences(m: Material, item: OfferItem) -> list[str]:
    """What the seller may concede on `item`, never beyond the annex (nor a figure the annex lacks)."""
    margin = m.margin
    if margin.allows_discount_on(item.label) and margin.max_pct is not None:
        said = [
            f"Marge de manœuvre : remise de {pct(margin.max_pct)} % au maximum sur {offer(item)}, "
            "à n'accorder qu'en contrepartie d'un engagement."
        ]
    elif margin.forbidden:
        said = [f"Aucune remise n'est possible : {m.org} n'accorde pas de réduction de prix."]
    elif margin.max_pct is not None:
        said = [f"Aucune remise n'est possible sur {offer(item)}."]
    else:
        said = ["Aucune remise ne peut être accordée sans l'accord de votre responsable."]
    said += [f"Geste commercial possible : {g}." for g in margin.gestures[:1]]
    return said


def named(text: str, name: str) -> str:
    """The FDAP's redacted person ("l'interlocuteur") replaced by the fictional character's name."""
    return _PLACEHOLDER.sub(name, text).replace("M. " + name, name).replace("Mme " + name, name)


def lower_first(text: str) -> str:
    """Lower-case the first letter of a common noun phrase, never of a name ("Basic-Fit Angers")."""
    first, *rest = text.split(" ", 1)
    if any(ch.isupper() for ch in first[1:]) or (rest and rest[0][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Text ending with a full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


def restated(m: Material, param: str, limit: int = 600) -> str:
    """An excerpt of the FDAP's cleaned rubric, whole sentences up to `limit` characters."""
    kept: list[str] = []
    for sentence in split_sentences(m.counterparts.get(param, "")):
        if kept and len(" ".join(kept)) + len(sentence) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def restated_dates(m: Material, minutes: int) -> str:
    """The FDAP's date, without the lived interview's length or story, and the simulation's length."""
    first = split_sentences(m.counterparts.get("dates_duree", ""))[:1]
    if not first:
        return ""
    when = re.sub(r"\s*\([^()]*\)", "", first[0])
    when = re.split(r",?\s+(?:après|suite à|à la suite)\b|\s*;", when)[0].rstrip(" .,;")
    return f"{when}. Durée de la simulation : {minutes} minutes."


def without_problem(text: str) -> str:
    """The story of an FDAP without its "Problématique" sentence, when the situation changes."""
    kept = [s for s in split_sentences(text) if not fold(s).startswith("problematique")]
    return " ".join(kept) or text


def vous_line(m: Material, fallback: str) -> str:
    """The candidate's own line of "Acteurs concernés", restated in the vous-form."""
    moi = m.actor("moi")
    if moi is None or not m.moi_role:
        return fallback
    note = moi.note.rstrip(".")
    if note and not re.search(r"\b(?:je|j'|j’|mon|ma|mes)\b", note, re.IGNORECASE):
        return f"Vous, {m.moi_role} : {note}."
    return f"Vous, {m.moi_role}."


def seller(m: Material) -> str:
    """Example: "stagiaire conseillère commerciale chez X" or a neutral status when the FDAP gives none."""
    role = m.moi_role or (
        "conseiller/ère commercial(e)" if m.nature == "NV" else "chargé(e) de projet évènementiel"
    )
    return f"{role} chez {m.org}"


def actor_line(actor: Actor, ch: Character, keep_relation: bool = True) -> str:
    """An FDAP actor line with the fictional character in place of the real person."""
    label = re.sub(r"^(?:l['’]interlocuteur|[lL]e couple)\s*,?\s*", "", actor.label).strip(" ,")
    if not keep_relation:
        label = re.sub(r"\b(?:prospect|client|cliente|fidèle)\b(?:\s+et\b)?\s*", "", label)
        label = re.sub(r"\s*,\s*(?=,|$)|\bdepuis \d{4}\b", "", label).strip(" ,")
    label = re.sub(r"^(?:ma|mon|le|la|l')\s+", "", label, flags=re.IGNORECASE) if label else label
    body = f"{ch.name}, {label}" if label else ch.name
    kept = [x for x in split_sentences(actor.note) if not re.match(r"(?i)(?:motivation|frein|coordonn)", x)]
    note = " ".join(kept).strip(" .;") if keep_relation else ""
    return named(f"{body} : {note}." if note and len(note) < 220 else f"{body}.", ch.name)


_OURS = re.compile(r"\b(?:[Mm](?:a|on|es)|[Nn]o(?:tre|s))\s+")
_MOI = re.compile(r"\b[Mm]oi\b(?!-même)|\b[Mm]oi-même\b")
_PREP = r"(?:\b(?P<prep>[Dd]e|[Àà])\s+)?"
_MY = re.compile(
    r"(?P<before>(?:,|\bet)\s+)?" + _PREP + r"\b(?P<det>[Mm](?:a|on|es))\s+(?P<noun>[^\W\d_][\w’'-]*)"
)
_OUR = re.compile(_PREP + r"\b(?P<det>[Nn]o(?:tre|s))\s+(?P<noun>[^\W\d_][\w’'-]*)")
_CONTRACTED = {"de le ": "du ", "de les ": "des ", "à le ": "au ", "à les ": "aux "}
_FEMININE = re.compile(
    r"(?:tion|sion|ure|ence|ance|ette|ique|ie|té|ée|ade|ise|elle|esse|ine|erie|ière|euse|rice)$|"
    r"^(?:agence|assurance|banque|boutique|équipe|offre|entreprise|société|enseigne|salle|page|carte|gamme"
    r"|marque|maison|structure|formule|plateforme|clientèle|vitrine)$"
)


def _case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@lru_cache(maxsize=8192)
def yours(text: str) -> str:
    """The FDAP's first person in the candidate's vous-form: "mon tuteur" -> "votre tuteur", "moi" -> "vous".

    "notre/nos" speak of the firm the candidate works for: "notre site" -> "votre site".
    """

    def swap(match: re.Match[str]) -> str:
        word = match.group(0).rstrip()
        plural = word.lower() in ("mes", "nos")
        return _case("vos " if plural else "votre ", word)

    text = _OURS.sub(swap, text)
    text = _JE.sub(lambda x: _case("vous ", x.group(0)) + _I_DO[x.group(1).lower()][0], text)
    text = _NOUS_VERB.sub(lambda x: _case("vous ", x.group(1)) + _conjugated(x.group(2), "vous"), text)
    text = re.sub(r"\b([Nn])ous\b", lambda x: _case("vous", x.group(1)), text)
    text = re.sub(
        r"\b([Mm])['’](?=[aeiouyhéèêàâîôû])|\bme\b(?=\s)", lambda x: _case("vous ", x.group(0)), text
    )
    text = text.replace("vous  ", "vous ").replace("Vous  ", "Vous ")
    return _MOI.sub(lambda x: _case("vous-même" if "-" in x.group(0) else "vous", x.group(0)), text)


_I_DO = {
    "ai": ("avez", "a"),
    "avais": ("aviez", "avait"),
    "suis": ("êtes", "est"),
    "étais": ("étiez", "était"),
}
_JE = re.compile(r"\b(?:[Jj]['’]|[Jj]e\s+)(ai|avais|suis|étais)\b")
_NOUS_VERB = re.compile(r"\b([Nn])ous\s+(\w+ons|sommes)\b")
_IRREGULAR = {
    "vous": {"avons": "avez", "sommes": "êtes", "faisons": "faites", "disons": "dites"},
    "il": {"avons": "a", "avions": "avait", "sommes": "est", "étions": "était", "faisons": "fait"},
}
_INDIRECT = frozenset(
    "confié recommandé demandé proposé dit expliqué donné envoyé transmis présenté permis conseillé".split()
)


def _conjugated(verb: str, person: str) -> str:
    """A "nous" verb for "vous" or "il": "avons" -> "avez" / "a", "ciblons" -> "ciblez" / "cible"."""
    if verb in _IRREGULAR[person]:
        return _IRREGULAR[person][verb]
    if verb.endswith("ions"):
        return verb[:-4] + ("iez" if person == "vous" else "ait")
    return verb[:-3] + ("ez" if person == "vous" else "e")


def _me(match: re.Match[str]) -> str:
    """ "m'a confié" -> "a confié au candidat", "m'accompagne" -> "accompagne le candidat"."""
    verb, participle = match.group(1), match.group(2)
    if verb.lower() in ("a", "avait") and participle:
        return f"{verb} {participle} {'au' if participle in _INDIRECT else 'le'} candidat"
    return f"{verb} le candidat"


def _nous(match: re.Match[str]) -> str:
    """ "nous a contactés" -> "a contacté l'entreprise"."""
    verb, participle = match.group(1), match.group(2)
    return f"{verb} {re.sub(r'ée?s$|ée$', 'é', participle)} l'entreprise"


@lru_cache(maxsize=8192)
def theirs(text: str) -> str:
    """The FDAP's first person on the jury sheet, which speaks of "le candidat".

    Examples: "mon tuteur" -> "le tuteur du candidat", "…, ma tutrice" -> "…, tutrice du candidat",
    "notre site" -> "le site", "nos forfaits" -> "les forfaits", "moi" -> "le candidat".
    """

    def mine(match: re.Match[str]) -> str:
        det, noun, before = match.group("det"), match.group("noun"), match.group("before") or ""
        if before and not match.group("prep") and det.lower() != "mes":
            return f"{before}{noun} du candidat"
        article = "les " if det.lower() == "mes" else _article(noun, det.lower() == "ma")
        return f"{before}{_with(match.group('prep'), _case(article, det))}{noun} du candidat"

    def ours(match: re.Match[str]) -> str:
        det, noun = match.group("det"), match.group("noun")
        article = "les " if det.lower() == "nos" else _article(noun, bool(_FEMININE.search(noun.lower())))
        return f"{_with(match.group('prep'), _case(article, det))}{noun}"

    text = _OUR.sub(ours, _MY.sub(mine, text))
    text = _JE.sub(lambda x: _case("le candidat ", x.group(0)) + _I_DO[x.group(1).lower()][1], text)
    text = re.sub(r"\b[Mm]['’](a|avait|\w+)\b(?:\s+(\w+é(?:e?s)?|dit|transmis|permis))?", _me, text)
    text = _NOUS_VERB.sub(lambda x: _case("l'entreprise ", x.group(1)) + _conjugated(x.group(2), "il"), text)
    text = re.sub(r"\b[Nn]ous\s+(a|avait|ont)\s+(\w+é(?:e?s)?)\b", _nous, text)
    text = re.sub(r"(?<=\bqui )nous\s+(\w+)", r"\1 l'entreprise", text)  # "qui nous différencie"
    text = re.sub(r"\b([Nn])ous\b", lambda x: _case("l'entreprise", x.group(1)), text)
    return _MOI.sub(lambda x: _case("le candidat", x.group(0)), text)


def _with(prep: str | None, article: str) -> str:
    """ "de" or "à" before a definite article, contracted: "de le " -> "du ", "à les " -> "aux "."""
    if not prep:
        return article
    said = f"{prep} {article}"
    contracted = _CONTRACTED.get(said.lower())
    return _case(contracted, prep) if contracted else said


def _article(noun: str, feminine: bool) -> str:
    if noun[:1].lower() in "aeiouyhéèêàâîôû":
        return "l'"
    return "la " if feminine else "le "


def neutral(text: str) -> str:
    """Text without the FDAP's first-person asides, for rows both sheets carry word for word.

    Example: "bureau de la conseillère (ma tutrice)" -> "bureau de la conseillère".
    """
    return re.sub(r"\s*\([^()]*\b(?:ma|mon|mes|notre|nos|moi)\b[^()]*\)", "", text, flags=re.IGNORECASE)


def acteurs_restated(
    m: Material, actor: Actor | None, ch: Character, jury_fallback: str, keep_relation: bool = True
) -> Acteurs:
    vous = vous_line(m, f"Vous êtes {seller(m)}.")
    others = [x for x in m.actors if x.kind == "superieur" and x is not actor][:2]
    for other in others:
        label = yours(re.sub(r"^l['’]interlocuteur,?\s*", "", other.label))
        note = yours(other.note).rstrip(".")
        if label and not re.search(r"\b(?:je|j'|j’|mes)\b", note):
            vous += f" {cap(label)}" + (f" : {note}." if note else ".")
    jury = actor_line(actor, ch, keep_relation) if actor is not None else jury_fallback
    return Acteurs(vous=vous, jury=jury)


def avant(m: Material, param: str) -> str:
    text = m.counterparts.get(param, "")
    return shorten(text, 220) if text.strip() else NOT_STATED


@dataclass(frozen=True)
class Who(Gendered):
    """The person the candidate talks to, and the words that agree with them."""

    role: Role
    gender: str  # grammatical gender of the designation

    @property
    def cl(self) -> str:
        if self.role.couple:
            return "le couple"
        return "la cliente" if self.gender == "f" else "le client"

    @property
    def Cl(self) -> str:
        return cap(self.cl)

    @property
    def du(self) -> str:
        return "de la cliente" if self.cl == "la cliente" else "du " + self.cl.split()[-1]

    def g(self, masculine: str, feminine: str) -> str:
        return feminine if self.gender == "f" and not self.role.couple else masculine

    @property
    def le(self) -> str:
        return self.g("le", "la")

    @property
    def phrase(self) -> str:
        return self.role.phrase(self.gender)


@dataclass
class Draft:
    """One proposal before it is dressed as a FicheSujet: both sheets and the why of each change."""

    candidat: FicheCandidat
    jury: FicheJury
    justifications: dict[str, str]
    character: Character
