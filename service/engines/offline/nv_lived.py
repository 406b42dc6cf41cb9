"""The FDAP's own difficulties, turned into what the jury's character says: the objections the student met.

A difficulty is read for its theme (a price seen on the internet, a discount asked, payment terms, stock,
what the price includes, a commitment too long…) and its own figures (« 60 € moins cher », « 20 % »,
« 3 mois »); the character then raises the same kind of objection about the scene's offer. No theme, no
sentence: the stock objections of `motives` fill in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from service.domain.text import fold, sentences
from service.engines.offline import offer_words
from service.engines.offline.lived import sensitive
from service.engines.offline.nv_scene import Scene

_MONEY = re.compile(r"(\d[\d\s\u202f.]*(?:,\d+)?\s?€)")
_CHEAPER = re.compile(r"(\d[\d\s\u202f.]*(?:,\d+)?\s?€) moins cher")
_PCT = re.compile(r"(\d{1,2})\s?%")
_MONTHS = re.compile(r"(\d{1,2}) mois")
_TERMS = re.compile(
    r"(?:paiement|payer)[^.;,]{0,12}?\b(a \d+ jours|en \d+ ?(?:x|fois))|\b(\d+ ?x|\d+ fois) sans frais"
)

_ONLINE = re.compile(r"internet|en ligne|\bsite\b|\bweb\b|amazon")
_CHEAP = re.compile(r"prix|moins cher|tarif|€")
_DISCOUNT = re.compile(r"remise|reduction|ristourne|-\s?\d{1,2}\s?%|\d{1,2}\s?% (?:sur|de remise)")
_PROMO = re.compile(r"promo")
_PAYMENT = re.compile(r"paiement|payer en|\d ?x\b|\d+ jours|echeanc|financement|\bcredit\b")
_STOCK = re.compile(r"en stock|rupture|delais? de (?:livraison|fabrication)|appele\w* le fournisseur")
_ASKED = re.compile(r"\b(?:voulai\w*|demandai\w*|a demande|reclam\w*|exig\w*|insist\w*|ressorti\w*)")
_COMMITMENT = re.compile(r"engagement|resili")
_INCLUDED = re.compile(r"(?:pas|non) compris|en plus du prix|frais (?:de|d')")
_REFUND = re.compile(r"rembours|mutuelle|\bsecu\b|prise en charge")
_PRICE_NOW = re.compile(r"prix tout de suite|coupe\w*[^.;]{0,40}\bprix|voulait le prix")


@dataclass(frozen=True)
class Said:
    """An objection drawn from the FDAP, and the theme it covers (so that no other one repeats it)."""

    theme: str
    text: str


def _online(scene: Scene, said: str) -> str:
    p = offer_words.offer(scene.focus)
    cheaper, money = _CHEAPER.search(said), _MONEY.search(said)
    if cheaper:
        return f"J'ai vu la même chose {cheaper.group(1).strip()} moins cher sur internet : pourquoi payer plus chez vous ?"
    if money:
        return (
            f"En ligne, on m'annonce {money.group(1).strip()} : pourquoi payer plus cher chez vous pour {p} ?"
        )
    return f"Sur internet, je trouve moins cher : qu'est-ce que vous m'apportez de plus pour {p} ?"


def _discount(scene: Scene, said: str) -> str:
    pct = _PCT.search(said)
    if _PROMO.search(said) and not pct and scene.focus.label == scene.facts.main.label:
        # only the lived item was on promotion: another item of the range is not
        return "C'est déjà en promotion, d'accord, mais vous pouvez bien ajouter un petit geste, non ?"
    if pct:
        return f"Faites-moi {pct.group(1)} % sur {offer_words.offer(scene.focus)} et on peut s'entendre."
    return "À ce prix-là, vous pouvez bien me faire une remise, non ?"


def _payment(scene: Scene, said: str) -> str:
    terms = _TERMS.search(said)
    if terms:
        how = (terms.group(1) or terms.group(2) or "").replace("a ", "à ", 1)
        return f"Je ne règle pas tout d'un coup : vous acceptez un paiement {how} ?"
    return "Je ne règle pas tout d'un coup : quelles facilités de paiement me proposez-vous ?"


def _stock(scene: Scene, said: str) -> str:
    if scene.facts.known.b2b:
        return "Quel délai pour la première livraison ? Je ne peux pas me permettre d'attendre."
    return (
        f"Vous l'avez en stock ? Je ne veux pas attendre des semaines pour {offer_words.offer(scene.focus)}."
    )


def _commitment(scene: Scene, said: str) -> str:
    months = _MONTHS.search(said)
    if months:
        return f"Je ne veux pas m'engager plus de {months.group(1)} mois : c'est possible ?"
    return "Je ne veux pas m'engager sur une longue durée : qu'est-ce que vous me proposez ?"


def _included(scene: Scene, said: str) -> str:
    return f"Qu'est-ce qui est compris dans le prix de {offer_words.offer(scene.focus)}, et qu'est-ce que je paierai en plus ?"


def _refund(scene: Scene, said: str) -> str:
    return "Une fois les remboursements déduits, combien me restera-t-il vraiment à payer ?"


def _price_now(scene: Scene, said: str) -> str:
    return "Donnez-moi le prix tout de suite, on verra le reste après."


Theme = tuple[str, Callable[[str], bool], Callable[[Scene, str], str]]
_THEMES: tuple[Theme, ...] = (
    ("price", lambda s: bool(_ONLINE.search(s) and _CHEAP.search(s)), _online),
    ("discount", lambda s: bool(_DISCOUNT.search(s) and _ASKED.search(s)), _discount),
    ("payment", lambda s: bool(_PAYMENT.search(s)), _payment),
    ("stock", lambda s: bool(_STOCK.search(s)), _stock),
    ("commitment", lambda s: bool(_COMMITMENT.search(s)), _commitment),
    ("included", lambda s: bool(_INCLUDED.search(s)), _included),
    ("refund", lambda s: bool(_REFUND.search(s)), _refund),
    ("price", lambda s: bool(_PRICE_NOW.search(s)), _price_now),
)


def lived_objections(scene: Scene, recurring: bool, limit: int = 2) -> list[Said]:
    """Up to `limit` objections the FDAP's difficulties give, one per theme, in the FDAP's order."""
    found: list[Said] = []
    told = scene.facts.counterparts.get("contraintes", "")  # the difficulties the student met, cleaned
    for sentence in sentences(told) or scene.facts.lists.get("difficulties", ()):
        said = fold(sentence)
        for theme, matches, write in _THEMES:
            if (theme == "commitment" and not recurring) or (theme == "stock" and sensitive(scene.facts)):
                continue  # no commitment to speak of in a one-off purchase
            if write is _price_now and scene.mode == "apres_devis":
                continue  # the quote already gave the price
            if matches(said) and all(theme != s.theme for s in found):
                found.append(Said(theme, write(scene, said)))
                break
        if len(found) >= limit:
            break
    return found
