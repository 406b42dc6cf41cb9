"""Helpers shared by the NV and EC writers: French dates and figures, margins, restated FDAP rows."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

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


def yours(text: str) -> str:
    """First person possessives of the FDAP in the candidate's vous-form: "mon tuteur" -> "votre tuteur"."""
    text = re.sub(r"\b(?:[Mm]a|[Mm]on)\s+", "votre ", text)
    return re.sub(r"\b[Mm]es\s+", "vos ", text)


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
