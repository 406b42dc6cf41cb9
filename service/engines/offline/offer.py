"""The offer's items as named things: a product or service, its price and its own description.

An item is never a fragment cut out of a sentence (« Croisières ou des voyages sur mesure »), never
the next item's text (« Flotte tracteurs : (prévoyance et santé…) »): a line that lists several
services is several items, and a label keeps only the name the FDAP gives.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from service.domain.fdap import Fdap
from service.domain.text import fold as ffold
from service.domain.text import stems
from service.engines.offline import extract
from service.engines.offline.extract import OfferItem
from service.engines.offline.factsheet import missing

Text = Callable[[str], str]

_NOT_AN_ITEM = re.compile(
    r"\b(?:depend|fixe|est|sont|peut|peuvent|ne|n'|doit|selon|voir|plancher|minimum|maximum|remise|marge)\b"
)


# A price, a quantity or an included extra is an attribute of an item, never an item:
# « À partir d'environ 450 € », « Env. 70 concerts par saison », « Suivi de production sur appli : inclus ».
_ATTRIBUTE = re.compile(
    r"^(?:a partir|env\b|environ|des \d|jusqu|de \d|\d+ ?%|tarifs?\b|prix\b|sur devis)|[€%]"
)
_INCLUDED = re.compile(r"\b(?:inclus\w*|offert\w*|gratuit\w*)\b")
_ONLY_INCLUDED = re.compile(r"^\W*(?:inclus\w*|offert\w*|gratuit\w*)\W*$")


def _is_item(item: OfferItem) -> bool:
    """A product or service name, not a sentence of the annex taken for one, nor a price or an extra
    the offer includes for free."""
    folded = ffold(item.label)
    if _ATTRIBUTE.search(folded) or _INCLUDED.search(folded):
        return False
    if _ONLY_INCLUDED.match(ffold(item.price)):
        return False
    if _HEADING_ONLY.match(folded):
        return False
    return len(item.label.split()) <= 7 and not _NOT_AN_ITEM.search(folded)


# « Services : drive, livraison … », « Produits : … »: a heading of the offer list names no product
_HEADING_ONLY = re.compile(
    r"^(?:nos |autres |les )?(?:services?|produits?|prestations?|offres?|options?|divers)\W*$"
)


# « Dotation : pack salarié (2 pantalons, …) à partir de 245 € »: the heading names a family, the
# product is the noun phrase its line opens with.
_LEAD_NAME = re.compile(
    r"^(?P<name>[a-zà-ÿ][a-zà-ÿ'’ -]{2,40}?)\s*\((?P<detail>[^()]*)\)\s*(?P<price>.*\d.*)$"
)


_LEAD = re.compile(
    r"^(?:que ce soit|ainsi que|et|ou|mais aussi)\s+|^(?:vente|location|pose) (?=(?:de|d['’]|des|du)\s*\w)|"
    r"^(?:des|de la|du|de|les|la|le)\s+|^(?:de l|d|l)['’]\s*",  # never the « la » of « lave-vaisselle »
    re.IGNORECASE,
)
# « Croisières ou des voyages sur mesure »: two things joined in a sentence, not one product's name.
_JOINED = re.compile(
    r"\s+(?:ou|et|ainsi que)\s+(?:des|les|de la|du|de l['’]|d['’]|le|la|un|une)\b", re.IGNORECASE
)


# « (voir annexe) », « cf. annexe 2 »: a pointer to a page, not a description of the item.
_POINTER = re.compile(r"^\W*(?:voir|cf\.?|cf|en)\s+(?:l['’]\s*)?annexe\b[^)]*\W*$", re.IGNORECASE)


def _named(item: OfferItem) -> OfferItem:
    """« Que ce soit des séjours clubs » -> « Séjours clubs »: the name of the product, not the sentence."""
    if item.detail and _POINTER.match(item.detail.strip()):
        item = dataclasses.replace(item, detail="")
    label = item.label
    lead = _LEAD_NAME.match(item.price) if len(label.split()) == 1 and not item.detail else None
    if lead and not _ATTRIBUTE.search(ffold(lead.group("name"))):
        name = lead.group("name").strip()
        item = dataclasses.replace(
            item, price=lead.group("price").strip(), detail=lead.group("detail").strip()
        )
        label = name[:1].upper() + name[1:]
    # « Interventions d'agents. tarifs en annexe »: the name ends at its full stop.
    label = re.split(r"(?<=\w{3})\.\s+", label, maxsplit=1)[0]
    for _ in range(3):
        label = _LEAD.sub("", label, count=1)
    label = _JOINED.split(label, maxsplit=1)[0].strip(" ,;:-•*–")
    if "(" not in label and label.endswith(")"):  # « expédition des commandes) », the end of a list
        label = label.rstrip(" )")
    if label.count("(") != label.count(")"):  # never a stray bracket: « Plume d'Orage) : tomes »
        label = re.sub(r"^[^(]*\)\s*[:,;]?\s*|\s*\([^)]*$", "", label).strip(" ,;:")
    label = label[:1].upper() + label[1:]
    return dataclasses.replace(item, label=label) if label and label != item.label else item


def _listed(item: OfferItem) -> list[OfferItem]:
    """A line that lists services without a price (« Flotte, prévoyance et santé, RC ») is one item each.

    Its comma parts were taken for the first item's details; a real description is in brackets or after
    a colon, with a price or a verb, never a run of bare noun phrases.
    """
    if item.price or not item.detail or "(" in item.detail:
        return [item]
    parts = [p.strip(" .") for p in re.split(r",|;", item.detail) if p.strip(" .")]
    if len(parts) < 2 or any(len(p.split()) > 6 or re.search(r"\d", p) for p in parts):
        return [item]
    return [dataclasses.replace(item, detail="")] + [OfferItem(p[:1].upper() + p[1:]) for p in parts]


# « Pack électroménager (…) : 2 190 € » on a line of its own: a priced item, though not in a dashed list.
_PRICED = re.compile(r"^(?P<label>[^:€]{3,110}?)\s*:\s*(?P<price>[^€]*\d[^€]*€.*)$")
_NOT_PRICED_ITEM = re.compile(
    r"^(?:gammes?|tarifs?|prix|reperes|budget|offre speciale|promo\w*|operation|paiement|acompte|delais?|"
    r"garanties?|frais|remise|conditions?|concurren\w*|cibles?|marges?|livraison|pose)\b"
)


# « 2 190 € ; lave-vaisselle intégrable : 590 € »: a second item priced on the first one's line (a ladder's
# « 42 € ; 9h-12h : 30 € » names no product: its step starts with a figure).
_SECOND = re.compile(
    r"^(?P<price>[^;]*\d[^;]*?)\s*;\s*(?P<label>[A-Za-zÀ-ÿ][^;:\d]{2,60}?)\s*:\s*(?P<next>[^;]*\d.*)$"
)


def _split_pair(item: OfferItem) -> list[OfferItem]:
    pair = _SECOND.match(item.price)
    if not pair or len(pair.group("label").split()) < 2:  # « ; journée : 20 € » is the same item by the day
        return [item]
    label = pair.group("label").strip()
    price = pair.group("next").strip()
    second = OfferItem(label[:1].upper() + label[1:], price=price, value=extract.price_value(price))
    return [dataclasses.replace(item, price=pair.group("price").strip()), second]


def _priced_lines(annex: str, text: Text) -> list[OfferItem]:
    """Items an annex prices on lines of their own (not dashed), each with its own price."""
    found = []
    for raw in annex.splitlines():
        line = text(raw.strip())
        match = _PRICED.match(line)
        if not match or re.match(r"^[-•*–]", raw.strip()):
            continue
        label = match.group("label").strip()
        free = re.match(r"(?:gratuit|offert|inclus)", ffold(match.group("price").strip()))
        if label.isupper() or _NOT_PRICED_ITEM.match(ffold(label)) or free:
            continue
        item = extract.annex_items([line])
        found += [i for i in item if _is_item(i)]
    return found


def _by_line(offer: str, text: Text) -> str:
    """The offer's text cleaned line by line: a dashed list stays a list (« - tapis\n- linge pro » is never
    « tapis - linge pro »)."""
    return "\n".join(text(line) for line in offer.splitlines() if line.strip())


def items_of(fdap: Fdap, sections: dict[str, list[str]], text: Text) -> list[OfferItem]:
    """The annex's items, or the offer's list when the annex names fewer than two."""
    found = [i for i in extract.annex_items([text(line) for line in sections["produits"]]) if _is_item(i)]
    found = [x for i in found for x in _listed(i)]
    if found:  # priced lines beside a dashed list are more of the same offer (a pack, an option)
        found += [
            i
            for i in _priced_lines(fdap.annexe_offre, text)
            if ffold(i.label) not in {ffold(f.label) for f in found}
        ]
    if len(found) < 2:
        for item in extract.offer_items(_by_line(fdap.cadre.offre_commerciale, text)):
            if all(ffold(item.label) != ffold(i.label) for i in found):
                found.append(item)
    found = [x for i in found for x in _split_pair(i)]
    named: dict[str, OfferItem] = {}
    for item in (_named(i) for i in found if _is_item(i)):
        if len(item.label) > 1:
            named.setdefault(ffold(item.label), item)
    return list(named.values())


def main_of(fdap: Fdap, items: list[OfferItem], product: str, text: Text) -> OfferItem:
    """The item the FDAP's activity is about, or the title's product, or a marker."""
    a = fdap.analyse
    context = " ".join(
        [fdap.titre, a.historique_problematique, a.objectifs_operationnels, fdap.deroulement.resultats]
    )
    best = extract.main_item(items, context)
    if best is not None and (not product or stems(best.label + " " + best.detail) & stems(product)):
        return best
    if product and len(product.split()) <= 8:
        return OfferItem(product[:1].upper() + product[1:])
    if items:
        return items[0]
    # The offer's first clause, never cut inside brackets nor a pointer such as « Voir annexe (…) ».
    offer = _by_line(fdap.cadre.offre_commerciale, text).replace("«", "").replace("»", "")
    label = " ".join(re.split(r"[(.;:\n]", offer, maxsplit=1)[0].split()[:6]).strip(" ,.;:")
    if not label or ffold(label).startswith(("voir", "cf")):
        return OfferItem(missing("produit ou service proposé"))
    return OfferItem(label)
