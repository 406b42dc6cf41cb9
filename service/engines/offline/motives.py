"""What the NV character wants, fears and says, written from the fact sheet rather than stock phrases.

Each reason names what it is about (the product and its price, the competitor the FDAP cites, the
FDAP's own figures), so that two FDAPs never get the same sentence, and the vocabulary follows the kind
of sale: no commitment « sur la durée » for a one-off purchase, no « devis » where the sector has none.
"""

from __future__ import annotations

import re

from service.engines.offline import french, nv_voice, offer_words
from service.engines.offline.factsheet import FactSheet
from service.engines.offline.lived import sensitive
from service.engines.offline.nv import Scene
from service.engines.offline.nv_lived import lived_objections
from service.engines.offline.nv_profile import ceiling, recurring, rival_name, spoken_price
from service.engines.offline.roles import a, de, que


def _sheet(scene: Scene) -> FactSheet:
    return scene.facts.known


def _price(scene: Scene) -> str:
    """« l'offre « X » (42 €) » or just the offer when the FDAP gives no price."""
    item = scene.focus
    said = offer_words.offer(item)
    price = item.price.split(";")[0].strip(" .") if item.price else ""
    return f"{said} ({price})" if price and len(price) < 60 else said


def _amount(scene: Scene) -> str:
    """The focus item's price as a person says it (never the price cell as written), or ""."""
    return spoken_price(scene)


def _rival(scene: Scene) -> str:
    return rival_name(scene)


def motivations(scene: Scene) -> str:
    g, facts, sheet = scene.character.g, scene.facts, _sheet(scene)
    own = [x for x in facts.lists.get("motivations", ())[:1] if scene.fdap_actor is not None]
    first = {
        "prospect": f"Comprendre ce {que(facts.org_short)} peut lui apporter avant de s'engager"
        if scene.no_signature
        else f"Trouver chez {facts.org_short} une réponse précise à son besoin, sans multiplier les rendez-vous",
        "recommandation": f"Être aussi bien {g('conseillé', 'conseillée')} chez {facts.org_short} que son proche l'a été",
        "apres_devis": f"Boucler son projet avec {facts.org_short}, sans tout recommencer ailleurs",
        "fidele": f"Retrouver chez {facts.org_short} le conseil qu'{g('il', 'elle')} connaît déjà",
        "mecontent": f"Être enfin {g('écouté', 'écoutée')} par {facts.org_short} et obtenir une réponse concrète",
        "renouvellement": "Garder ses habitudes si le prix se justifie",
    }.get(scene.mode, f"Trouver chez {facts.org_short} ce qui lui convient")
    second = _second_motive(scene, sheet)  # the item's detail is on the candidate sheet already
    items = [*own, first, second]
    return " ; ".join(items[:1] + [x[:1].lower() + x[1:] for x in items[1:]]) + "."


def _second_motive(scene: Scene, sheet: FactSheet) -> str:
    kind = scene.kind("contraintes") or ""
    if kind == "concurrent" and _rival(scene):
        return f"obtenir plus de suivi qu'avec l'offre {de(_rival(scene))}"
    if kind == "decideur_absent":
        return f"repartir avec une proposition simple à montrer {a(scene.who.role.approver())}"
    if sheet.b2b:
        return f"une prestation fiable sur {offer_words.offer(scene.focus)}, sans surprise sur la facture de son entreprise"
    p = offer_words.offer(scene.focus)
    return (
        [
            f"un interlocuteur {scene.facts.premise.of} qui reste joignable après l'achat",
            f"être sûr que {p} correspond vraiment à son usage",
            f"un conseil honnête sur {p}, sans être poussé à en prendre plus",
        ][(scene.step + len(scene.facts.org_short)) % 3]
        .replace("sûr ", scene.character.g("sûr ", "sûre "))
        .replace("poussé ", scene.character.g("poussé ", "poussée "))
    )


def freins(scene: Scene) -> str:
    il = scene.character.il
    first = {
        "prospect": f"Ne pas connaître {scene.facts.org_short}"
        if scene.stranger
        else f"Ne pas encore savoir ce que vaut {scene.facts.org_short} à l'usage",
        "recommandation": f"La crainte d'être {scene.character.g('déçu', 'déçue')} par {scene.facts.org_short} après une recommandation enthousiaste",
        "apres_devis": f"Le montant total ({_amount(scene)})"
        if _amount(scene)
        else "Le montant total, jugé élevé",
        "fidele": f"Dépenser chez {scene.facts.org_short} pour un besoin qui ne lui paraît pas prioritaire",
        "mecontent": f"Le souvenir d'un suivi décevant chez {scene.facts.org_short}",
        "renouvellement": "La hausse de ses dépenses depuis la dernière échéance",
    }.get(scene.mode, "La peur de se tromper")
    second = {
        "budget": f"un prix ({_amount(scene)}) qui dépasse ce qu'{il} avait prévu"
        if _amount(scene)
        else f"un prix qui dépasse ce qu'{il} avait prévu",
        "concurrent": f"l'offre {de(_rival(scene))}"
        if _rival(scene)
        else f"un prix plus bas trouvé ailleurs pour {offer_words.offer(scene.focus)}",
        "delai": f"le peu de temps pour comparer {scene.facts.org_short} à d'autres",
        "decideur_absent": f"l'impossibilité de trancher sans {scene.who.role.approver()}",
    }.get(
        scene.kind("contraintes") or "",
        f"l'impression que le prix de {offer_words.offer(scene.focus)} se discute",
    )
    third = (
        f"{_a_contract(scene.facts.contract)} qui {scene.character.g('le', 'la')} lierait pour plusieurs mois à {scene.facts.org_short}"
        if recurring(scene)
        else (
            f"une dépense ({_amount(scene)})"
            if _amount(scene)
            else f"une dépense pour {offer_words.offer(scene.focus)}"
        )
        + " qu'on ne refait pas de sitôt"
    )
    return f"{first} ; {second} ; {third}."


def _a_contract(word: str) -> str:
    """« un contrat », « une adhésion »: the FDAP's word for its contract with its article, « un engagement » by default."""
    if not word:
        return "un engagement"
    return ("une " if re.search(r"(?:ion|ure|ance|ence|ie|ise)$", word) else "un ") + word


def contraintes(scene: Scene) -> str:
    kind = scene.kind("contraintes")
    if kind == "budget" and scene.focus.value:
        budget = french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)
        said = f"Votre budget ne dépasse pas {budget} : vous ne signerez pas au-delà."
    elif kind == "budget":
        said = f"Votre budget est serré : vous ne signerez que si le prix vous paraît justifié pour {offer_words.offer(scene.focus)}."
    elif kind == "concurrent":
        rival = _rival(scene)
        said = (
            f"Vous citerez l'offre {de(rival)} pour faire pression."
            if rival
            else f"Vous citerez une offre concurrente pour faire baisser le prix de {offer_words.offer(scene.focus)}."
        )
    elif kind == "delai":
        said = (
            "Vous avez un autre rendez-vous juste après : vous voulez tout de suite une proposition claire "
            f"pour {offer_words.offer(scene.focus)}."
        )
    elif kind == "decideur_absent":
        other = _yours(scene.who.role.approver())
        said = f"Vous ne signerez rien sans l'accord {de(other)} : au mieux, vous repartez avec une proposition écrite."
    else:
        said = f"Avant de vous engager, vous demanderez un geste sur {offer_words.offer(scene.focus)}."
    return said


def _yours(phrase: str) -> str:
    """« son associé » -> « votre associé », « ses parents » -> « vos parents »."""
    for own, yours in (
        ("son ", "votre "),
        ("sa ", "votre "),
        ("ses ", "vos "),
        ("l'autre membre du couple", "votre conjoint"),
    ):
        if phrase.startswith(own):
            return yours + phrase[len(own) :]
    return phrase


def _mine(phrase: str) -> str:
    """« son associé » -> « mon associé » (what the character says aloud)."""
    said = _yours(phrase)
    if phrase.startswith("sa ") and said.startswith("votre "):  # « sa fille » -> « ma fille »
        return "ma " + said[len("votre ") :]
    for yours, mine in (("votre ", "mon "), ("vos ", "mes ")):
        if said.startswith(yours):
            said = mine + said[len(yours) :]
    return "ma direction" if said == "mon direction" else said


def _pick(scene: Scene, options: list[str]) -> str:
    """One wording among several, so that two FDAPs rarely read the same sentence."""
    return options[(scene.step + len(scene.facts.org_short)) % len(options)]


def objections(scene: Scene) -> list[str]:
    g, shop = scene.character.g, nv_voice.yours(scene.facts.premise)
    by_mode = {
        "prospect": [
            f"Je ne connais pas {shop} : pourquoi vous plutôt qu'un autre ?",
            "Qu'est-ce que vous faites de mieux que ce que j'ai déjà vu ailleurs ?",
            f"On ne m'a jamais parlé {de(shop)} : qu'est-ce qui me garantit votre sérieux ?",
        ],
        "recommandation": [
            "On m'a dit du bien de vous, mais ai-je vraiment besoin de ça maintenant ?",
            "Ce qui a convenu à la personne qui m'envoie chez vous ne me conviendra pas forcément.",
        ],
        "apres_devis": [
            "Depuis notre rendez-vous, j'ai regardé ailleurs : vous êtes plus cher.",
            f"En relisant votre devis pour {offer_words.offer(scene.focus)}, je ne vois pas bien ce que je paie ligne par ligne.",
        ],
        "fidele": [
            f"Je suis déjà {g('client', 'cliente')} chez vous, pourquoi dépenser davantage ?",
            "Ce que j'ai aujourd'hui me suffit, je crois : qu'est-ce que ça changerait pour moi ?",
        ],
        "mecontent": [
            "Après ce qui s'est passé, pourquoi vous ferais-je encore confiance ?",
            "Qui me dit que ça ne se reproduira pas ?",
        ],
        "renouvellement": [
            "Vos tarifs ont augmenté : pourquoi rester chez vous ?",
            "On me propose mieux ailleurs pour le même prix : qu'est-ce que vous faites pour me garder ?",
        ],
    }
    if scene.plan.mode == "fdap" and scene.past != "achat":  # the lived client never bought here yet
        by_mode["fidele"] = ["Qu'est-ce que vous faites de mieux que ce que j'ai déjà vu ailleurs ?"]
    if not scene.stranger:  # the client already heard from the firm: no « never heard of you »
        by_mode["prospect"] = [
            "Qu'est-ce que vous faites de mieux que ce que j'ai déjà vu ailleurs ?",
            f"Je connais un peu {shop}, mais pourquoi vous plutôt qu'un autre ?",
        ]
    first = _pick(scene, by_mode.get(scene.mode, by_mode["prospect"]))
    if sensitive(scene.facts) and scene.mode in ("prospect", "recommandation"):
        first = (
            "C'est une démarche difficile pour moi : je veux être sûr de bien comprendre avant de décider."
        )
        first = first.replace("sûr", g("sûr", "sûre"))
    if scene.kind("acteurs") == "codecideur":
        first = f"Je n'ai pas suivi vos premiers échanges : que nous proposez-vous avec {offer_words.offer(scene.focus)}, en deux mots ?"
    lived = lived_objections(scene, recurring(scene))
    themes = {x.theme for x in lived}
    said = [first, *(x.text for x in lived)]
    if scene.kind("contraintes") or not themes & {"price", "discount"}:
        said.append(_constraint_objection(scene))  # the stock « geste » repeats a lived discount
    price = _price_objection(scene)
    if "commitment" in themes and "engag" in price:
        price = ""  # the FDAP's own commitment objection is already there
    if len(said) < 4 and price and not themes & {"price", "discount"}:
        said.append(price)
    return _at_least_three(scene, said, price)  # the guard drops what leaks and keeps four


_THEMES = {  # what an objection is about, read from its words: one objection per theme
    "rival": r"ailleurs|concurren|autre proposition|un autre\b|devis chez|proposition comparable",
    "approver": r"sans en parler|en parler [aà]|mon associ|ma direction",
    "price": r"prix|remise|cher\b|geste|tarif|€|budget|mettre autant",
    "after": r"apr[eè]s l'achat|interlocuteur|souci|ne me satisfait|ne correspond|j.ai pay[ée]",
    "time": r"presse|maintenant|aujourd'hui|r[ée]fl[ée]chi",
}


def _theme_of(text: str) -> set[str]:
    return {theme for theme, pattern in _THEMES.items() if re.search(pattern, text, re.I)}


def _at_least_three(scene: Scene, said: list[str], price: str) -> list[str]:
    """Distinct objections in reserve, so that three remain once the guard drops those the candidate sheet
    already says: the FDAP's competitor, its co-decider, the price, the follow-up, the timing."""
    taken = set().union(*map(_theme_of, said)) if said else set()
    for extra in _extras(scene, price):
        if extra and extra not in said and not _theme_of(extra) & taken:
            said.append(extra)
            taken |= _theme_of(extra)
    return said


def _extras(scene: Scene, price: str) -> list[str]:
    """Objections drawn from the FDAP (its competitor, its co-decider), then the sale's own kind."""
    rival, role = _rival(scene), scene.who.role
    b2b = _sheet(scene).b2b or role.pro
    follow = (
        [
            "Si quelque chose ne va pas en cours de contrat, qui sera mon interlocuteur ?",
            "Le jour où il y a un souci, vous répondez en combien de temps ?",
        ]
        if b2b or recurring(scene)
        else [
            "Et si ça ne correspond pas à ce que j'attendais, que se passe-t-il après l'achat ?",
            "Une fois que j'ai payé, qui s'occupe de moi si j'ai un souci ?",
        ]
    )
    return [
        _pick(
            scene,
            [
                f"{rival} m'a fait une proposition comparable : pourquoi choisir la vôtre ?",
                f"J'ai aussi un devis chez {rival} : qu'est-ce que vous avez de plus ?",
            ],
        )
        if rival
        else "",
        f"Je ne peux rien décider sans en parler {a(_mine(role.approver()))}." if role.cosigner else "",
        price,
        _pick(scene, follow),
        _pick(
            scene,
            [
                "Rien ne presse de mon côté : pourquoi décider maintenant plutôt que dans quelques mois ?",
                "Je préfère prendre le temps de comparer : pourquoi faudrait-il trancher dès maintenant ?",
            ],
        ),
    ]


def _price_objection(scene: Scene) -> str:
    price = _amount(scene)
    if price and sensitive(scene.facts):
        return (
            f"{price}, c'est une somme : que comprend-elle exactement, et qu'est-ce qui reste à ma charge ?"
        )
    if price:
        return _pick(
            scene,
            [
                f"{price}, c'est plus que ce que je pensais mettre : qu'est-ce qui le justifie ?",
                f"Pourquoi payer {price} chez vous alors que je vois moins cher ailleurs ?",
                f"À {price}, j'attends que vous me montriez ce que j'y gagne vraiment.",
            ],
        )
    if sensitive(scene.facts):
        return "Si ma situation change, que devient ce que j'aurai versé ?"
    if not recurring(scene):
        return f"Et si {offer_words.offer(scene.focus)} ne me satisfait pas, que faites-vous ?"
    if _sheet(scene).b2b:
        return "Si vous ne tenez pas vos engagements, comment je sors du contrat ?"
    return f"Je peux arrêter quand je veux avec vous, ou je suis {scene.character.g('engagé', 'engagée')} ?"


def _constraint_objection(scene: Scene) -> str:
    kind, margin = scene.kind("contraintes"), scene.facts.margin
    if kind == "budget":
        price, limit = _amount(scene), ceiling(scene)
        if price and limit:
            return f"Je m'étais fixé {limit} au maximum : à {price}, je ne peux pas suivre."
        return f"Je n'avais pas prévu de mettre autant dans {offer_words.offer(scene.focus)}."
    if kind == "concurrent":
        rival = _rival(scene)
        return (
            f"Chez {rival}, on me propose presque la même chose pour moins cher."
            if rival and len(rival) < 60
            else f"Pour {offer_words.offer(scene.focus)}, on me fait presque la même proposition ailleurs, en moins cher."
        )
    if kind == "delai":
        return _pick(
            scene,
            [
                f"Si je dois décider aujourd'hui pour {offer_words.offer(scene.focus)}, je préfère ne rien prendre.",
                f"Je n'aime pas qu'on me presse : pourquoi faudrait-il signer aujourd'hui pour {offer_words.offer(scene.focus)} ?",
            ],
        )
    if kind == "decideur_absent":
        return f"Je ne peux rien signer sans en parler {a(_mine(scene.who.role.approver()))}."
    if sensitive(scene.facts):
        return "Je ne veux pas de superflu : qu'est-ce qui est vraiment nécessaire dans ce que vous me proposez ?"
    if margin.allows_discount_on(scene.focus.label) and margin.max_pct is not None:
        return f"Si vous me faites {french.pct(max(margin.max_pct * 2, margin.max_pct + 5))} % de remise, je signe aujourd'hui."
    return "Vous pouvez bien faire un geste sur le prix, non ?"
