"""Rows restated from the FDAP and the offer's wording: what the sheet repeats of the lived activity."""

from __future__ import annotations

import re

from service.domain.fiche_sujet import Acteurs
from service.domain.text import fold, shorten, stems
from service.engines.offline import french
from service.engines.offline.extract import Actor, OfferItem, split_sentences
from service.engines.offline.facts import Material
from service.engines.offline.factsheet import ABOUT_DOSSIER, INJECTION, honest
from service.engines.offline.feelings import STUDENT_SPEAKS
from service.engines.offline.french import lower_first, pct, yours
from service.engines.offline.people import Character
from service.engines.offline.roles import cap, de

NOT_STATED = "Non précisé dans la FDAP"
_PLACEHOLDER = re.compile(r"\b(?:[ld]['’])?l['’]interlocuteur\b")


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
    if not item.price:  # « Offre « X » : (manuel et auto). » said nothing: the details follow the name
        detail = f" ({item.detail.rstrip('.')})" if item.detail else ""
        return f"{prefix} « {item.label} »{detail}" + (f" {de(org)}." if org else ".")
    body = " ".join(parts)
    return f"{prefix} « {item.label} » : {body.rstrip('.')}."


def offer_line(facts: Material, item: OfferItem, prefix: str = "Offre") -> str:
    """The item's price line; without a price, its name (the FDAP's figures about it follow on the row),
    or a marker when the FDAP prices it nowhere."""
    if item.price or item.value is not None:
        return price_line(item, prefix)
    body = f"{prefix} « {item.label} »" + (f" ({item.detail.rstrip('.')})" if item.detail else "")
    quote = prefix.startswith("Devis")  # a quote's amount is its own: a price ladder does not give it
    if _about(facts, item) or (not quote and any(f.measures == "tarif" for f in facts.known.figures)):
        return f"{body} {de(facts.org_short)}."  # its prices follow on the row (a ladder names no product)
    what = "montant du devis" if quote else "prix"
    return f"{body} {de(facts.org_short)} : [à préciser : {what}]."


_VAGUE = frozenset({"offr", "servic", "produit", "gamm", "vent", "client"})


def _about(facts: Material, item: OfferItem) -> list[str]:
    """The FDAP's priced sentences that name the item (a price ladder, a budget)."""
    words = stems(item.label) - _VAGUE
    wanted = max(
        1, round(0.6 * len(words))
    )  # « Paniers hebdomadaires sur abonnement » ~ « Paniers sur abonnement »
    return [
        f.text
        for f in facts.known.figures
        if f.measures in ("tarif", "budget") and words and len(words & stems(f.text)) >= wanted
    ]


_TIER = re.compile(r"^(?P<head>[^:]{2,60}?)\s*:\s*(?P<price>[^:;]*\d[^:;]*€[^:;]*)$")


def quoted(facts: Material, item: OfferItem) -> str:
    """The amount of a quote for `item` the FDAP gives: a tariff line headed by the item's own name
    (« Contrat d'entretien : 29 €/mois, engagement 12 mois »), else, for the item the lived sale is
    about, the size of its price ladder that sale names (« 6 kWc (15 panneaux) : 13 140 € » when the
    order was for 6 kWc); "" when the FDAP prices nothing of it."""
    words = stems(item.label) - {"offr"}  # « Produits d'entretien » is no « Contrat d'entretien »
    tiers = [
        (m, f)
        for f in facts.known.figures
        if f.measures == "tarif" and (m := _TIER.match(f.text.strip(" .")))
    ]
    for tier, _ in tiers:
        if words and words <= stems(tier.group("head")):
            return tier.group("price").strip()
    if item.label != facts.main.label:
        return ""
    lived = fold(" ".join(f.text for f in facts.known.figures if f.measures in ("resultat", "historique")))
    for tier, _ in tiers:
        head = re.sub(r"\s*\([^()]*\)", "", tier.group("head")).strip()
        if (
            re.match(r"\d", head)
            and len(head) > 2
            and re.search(rf"(?<![\d,]){re.escape(fold(head))}\b", lived)
        ):
            return f"{tier.group('head').strip()}, {tier.group('price').strip()}"
    return ""


def _on_row(figure: str, said: str) -> bool:
    """True when the row already prices the thing the figure prices (« Essentielle : à partir de … »)."""
    head = re.sub(r"\s*\([^()]*\)", "", figure.split(" : ", 1)[0]).strip()
    return figure[:40] in said or (len(head) > 2 and f"« {fold(head)} »" in fold(said))


def figures_for(
    facts: Material, item: OfferItem, said: str, kinds: tuple[str, ...], limit: int = 3
) -> list[str]:
    """The FDAP's and annex's figures a seller needs for `item`: prices first (those naming the item
    before the others), then competitors, market or results; whole sentences, never one already on
    the row, never the leeway (the constraints carry it)."""
    words = (stems(item.label) | stems(item.detail)) - _VAGUE
    shown = [f for f in facts.known.figures if f.measures in kinds and not _on_row(f.text, said)]
    # « Dotation : pack salarié (…) à partir de 245 € » once the row prices « Pack salarié » at 245 €
    price = item.price.strip(" .")
    shown = [f for f in shown if not (len(price) > 5 and price in f.text and price in said)]
    shown = [f for f in shown if f.text.rstrip(" .;:") and not f.text.rstrip().endswith(":")]
    ranked = sorted(shown, key=lambda f: (kinds.index(f.measures), -len(words & stems(f.text))))
    return [french.sentence(cap(f.text.rstrip(" .;:"))) for f in ranked[:limit]]


def margin_sentences(facts: Material, item: OfferItem) -> list[str]:
    """What the seller may concede on `item`, never beyond the annex (nor a figure the annex lacks)."""
    margin = facts.margin
    if margin.allows_discount_on(item.label) and margin.max_pct is not None:
        said = [
            f"Marge de manœuvre : remise de {pct(margin.max_pct)} % au maximum sur {offer(item)}, "
            "à n'accorder qu'en contrepartie d'un engagement."
        ]
    elif margin.forbidden:
        said = [f"Aucune remise n'est possible : {facts.org} n'accorde pas de réduction de prix."]
    elif margin.max_pct is not None:
        said = [f"Aucune remise n'est possible sur {offer(item)}."]
    else:
        said = ["Aucune remise ne peut être accordée sans l'accord de votre responsable."]
    said += [f"Geste commercial possible : {g}." for g in margin.gestures[:1]]
    return said


def _leeway_on(facts: Material, item: OfferItem) -> list[str]:
    """The annex's leeway that bears on `item`: a clause naming only other items of the offer is left
    out (« pas de remise sur les batteries » says nothing of the panels); the general ones stay."""
    own = stems(item.label) - _VAGUE
    others = [stems(i.label) - _VAGUE for i in facts.items if i.label != item.label]
    kept = []
    for clause in facts.known.leeway:
        words = stems(clause)
        if own & words or not any(other and other <= words for other in others):
            kept.append(clause)
    return kept or list(facts.known.leeway)


def leeway(facts: Material, item: OfferItem) -> str:
    """The annex's own words on discounts, or a marker when the FDAP says nothing of them."""
    sheet = facts.known
    if sheet.leeway:
        quoted = " ; ".join(lower_first(x) for x in _leeway_on(facts, item)[:3])
        source = "de l'annexe" if sheet.has_annex else "indiquées dans la FDAP"
        return f"Marges de manœuvre {source} : {quoted}."
    derived = margin_sentences(facts, item)
    if sheet.has_annex and "responsable" not in derived[0]:
        return " ".join(derived)
    return "Marge de manœuvre : [à préciser : remise ou geste commercial que le responsable autorise]."


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
    kept: list[str] = []
    for sentence in split_sentences(_LABEL.sub("", facts.counterparts.get("historique_relation", ""))):
        sentence = _LABEL.sub("", sentence)
        if INJECTION.search(sentence):
            continue
        if ABOUT_DOSSIER.search(sentence):
            sentence = _after_remarks(sentence)
            if not sentence:
                continue
        sentence = _without_asides(sentence)
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


def restated(facts: Material, param: str, limit: int = 600) -> str:
    """An excerpt of the FDAP's cleaned rubric, whole sentences up to `limit` characters."""
    kept: list[str] = []
    for said in split_sentences(facts.counterparts.get(param, "")):
        if INJECTION.search(said):
            continue
        sentence = _after_remarks(said) if ABOUT_DOSSIER.search(said) else said
        sentence = _without_asides(sentence)
        if not sentence or STUDENT_SPEAKS.search(sentence):  # the student's own feelings stay off the sheet
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


def vous_line(facts: Material, fallback: str) -> str:
    """The candidate's own line of "Acteurs concernés", restated in the vous-form."""
    moi = facts.actor("moi")
    if moi is None or not facts.moi_role:
        return fallback
    note = moi.note.rstrip(".")
    if note and not re.search(r"\b(?:je|j'|j’|mon|ma|mes)\b", note, re.IGNORECASE):
        return f"Vous, {facts.moi_role} : {note}."
    return f"Vous, {facts.moi_role}."


def seller(facts: Material) -> str:
    """Example: "stagiaire conseillère commerciale chez X" or a neutral status when the FDAP gives none."""
    role = facts.moi_role or (
        "conseiller/ère commercial(e)" if facts.nature == "NV" else "chargé(e) de projet évènementiel"
    )
    return f"{role} chez {facts.org}"


def actor_line(actor: Actor, character: Character, keep_relation: bool = True) -> str:
    """An FDAP actor line with the fictional character in place of the real person."""
    label = re.sub(r"^(?:l['’]interlocuteur|[lL]e couple)\s*,?\s*", "", actor.label).strip(" ,")
    if not keep_relation:
        label = re.sub(r"\b(?:prospect|client|cliente|fidèle)\b(?:\s+et\b)?\s*", "", label)
        label = re.sub(r"\s*,\s*(?=,|$)|\bdepuis \d{4}\b", "", label).strip(" ,")
    label = re.sub(r"^(?:ma|mon|le|la|l')\s+", "", label, flags=re.IGNORECASE) if label else label
    body = f"{character.name}, {label}" if label else character.name
    kept = [x for x in split_sentences(actor.note) if not re.match(r"(?i)(?:motivation|frein|coordonn)", x)]
    note = " ".join(kept).strip(" .;") if keep_relation else ""
    return named(f"{body} : {note}." if note and len(note) < 220 else f"{body}.", character.name)


def acteurs_restated(
    facts: Material, actor: Actor | None, character: Character, jury_fallback: str, keep_relation: bool = True
) -> Acteurs:
    vous = vous_line(facts, f"Vous êtes {seller(facts)}.")
    others = [x for x in facts.actors if x.kind == "superieur" and x is not actor][:2]
    for other in others:
        label = yours(re.sub(r"^[-•\s]*l['’]interlocuteur,?\s*", "", other.label))
        note = yours(other.note).rstrip(".")
        if not usable_label(label) or len(note) > 120 or "interlocuteur" in note:
            continue
        if label and not re.search(r"\b(?:je|j'|j’|mes)\b", note):
            vous += f" {cap(label)}" + (f" : {note}." if note else ".")
    jury = actor_line(actor, character, keep_relation) if actor is not None else jury_fallback
    return Acteurs(vous=vous, jury=jury)


def avant(facts: Material, param: str) -> str:
    text = as_roles(honest(facts.counterparts.get(param, "")))
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
