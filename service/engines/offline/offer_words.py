"""How the offer and its figures are said on a sheet: an item with its article, its price line, the
quote the FDAP gives, the figures a row needs and the leeway the annex grants."""

from __future__ import annotations

import re

from service.domain.text import fold, stems
from service.engines.offline import french
from service.engines.offline.extract import OfferItem
from service.engines.offline.facts import Material
from service.engines.offline.french import lower_first, pct
from service.engines.offline.roles import cap, de

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


# « (pas d'annexe, les prix sont dans la fiche) »: the student speaking of the dossier, not a leeway.
_REMARK = re.compile(r"\s*\((?=[^()]*\b(?:annexe|fiche|dossier|stage)\b)[^()]*\)\s*", re.IGNORECASE)
_NO_ANNEX = re.compile(r"\bpas d['’]annexe\b", re.IGNORECASE)
# « accordée par M. Marchal », « avec l'accord de Mme Roux »: a real person, said by the role.
_PERSON = re.compile(r"\b(?:(?P<prep>de|à|par)\s+)?(?P<title>M\.|Mme|Monsieur|Madame)\s+[A-ZÀ-Þ][\w-]+")


def _person_role(match: re.Match[str]) -> str:
    prep = match.group("prep") or ""
    female = match.group("title") in ("Mme", "Madame")
    said = "la responsable" if female else "le responsable"
    if prep and not female:
        return {"de": "du responsable", "à": "au responsable"}.get(prep, f"{prep} {said}")
    return f"{prep} {said}".strip()


def clean_leeway(clause: str) -> str:
    """A leeway clause without the student's remarks on the dossier nor a real person's name; its figures
    untouched (« remise maxi 5% accordée par le responsable »)."""
    clause = _REMARK.sub(" ", clause).strip()
    return _PERSON.sub(_person_role, clause)


def leeway(facts: Material, item: OfferItem) -> str:
    """The annex's own words on discounts, or a marker when the FDAP says nothing of them."""
    sheet = facts.known
    if sheet.leeway:
        clauses = _leeway_on(facts, item)[:3]
        quoted = " ; ".join(lower_first(clean_leeway(x)) for x in clauses)
        annexed = sheet.has_annex and not any(_NO_ANNEX.search(x) for x in clauses)
        source = "de l'annexe" if annexed else "indiquées dans la FDAP"
        return f"Marges de manœuvre {source} : {quoted}."
    derived = margin_sentences(facts, item)
    if sheet.has_annex and "responsable" not in derived[0]:
        return " ".join(derived)
    return "Marge de manœuvre : [à préciser : remise ou geste commercial que le responsable autorise]."
