"""What the NV character wants, fears and says, written from the fact sheet rather than stock phrases.

Each reason names what it is about (the product and its price, the competitor the FDAP cites, the
FDAP's own figures), so that two FDAPs never get the same sentence, and the vocabulary follows the kind
of sale: no commitment « sur la durée » for a one-off purchase, no « devis » where the sector has none.
"""

from __future__ import annotations

from service.engines.offline import french, restate
from service.engines.offline.factsheet import FactSheet
from service.engines.offline.nv import Scene
from service.engines.offline.roles import a, de


def _sheet(scene: Scene) -> FactSheet:
    return scene.facts.known


def _price(scene: Scene) -> str:
    """« l'offre « X » (42 €) » or just the offer when the FDAP gives no price."""
    item = scene.focus
    said = restate.offer(item)
    price = item.price.split(";")[0].strip(" .") if item.price else ""
    return f"{said} ({price})" if price and len(price) < 60 else said


def _amount(scene: Scene) -> str:
    """The focus item's price as written, when it is short enough to say aloud."""
    price = scene.focus.price.split(";")[0].strip(" .") if scene.focus.price else ""
    return price if price and len(price) < 40 else ""


def _rival(scene: Scene) -> str:
    names = [n for n in _sheet(scene).competitors if len(n) < 50 and n[:1].isupper()]  # a firm's name
    return names[scene.step % len(names)] if names else ""


def motivations(scene: Scene) -> str:
    g, facts, sheet = scene.character.g, scene.facts, _sheet(scene)
    own = [x for x in facts.lists.get("motivations", ())[:1] if scene.fdap_actor is not None]
    first = {
        "prospect": f"Trouver chez {facts.org_short} une réponse précise à son besoin, sans multiplier les rendez-vous",
        "recommandation": f"Être aussi bien {g('conseillé', 'conseillée')} que son proche l'a été",
        "apres_devis": "Boucler son projet vite, sans tout recommencer ailleurs",
        "fidele": f"Retrouver chez {facts.org_short} le conseil qu'{g('il', 'elle')} connaît déjà",
        "mecontent": f"Être enfin {g('écouté', 'écoutée')} et obtenir une réponse concrète",
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
        return f"une prestation fiable sur {restate.offer(scene.focus)}, sans surprise sur la facture de son entreprise"
    return f"un interlocuteur {scene.facts.premise.of} qui reste joignable après l'achat"


def freins(scene: Scene) -> str:
    sheet, il = _sheet(scene), scene.character.il
    first = {
        "prospect": f"Ne pas connaître {scene.facts.org_short}",
        "recommandation": f"La crainte d'être {scene.character.g('déçu', 'déçue')} par {scene.facts.org_short} après une recommandation enthousiaste",
        "apres_devis": f"Le montant total ({_amount(scene)})"
        if _amount(scene)
        else "Le montant total, jugé élevé",
        "fidele": "Dépenser pour un besoin qui ne lui paraît pas prioritaire",
        "mecontent": "Le souvenir d'un suivi décevant",
        "renouvellement": "La hausse de ses dépenses depuis la dernière échéance",
    }.get(scene.mode, "La peur de se tromper")
    second = {
        "budget": f"un prix ({_amount(scene)}) qui dépasse ce qu'{il} avait prévu"
        if _amount(scene)
        else f"un prix qui dépasse ce qu'{il} avait prévu",
        "concurrent": f"l'offre {de(_rival(scene))}"
        if _rival(scene)
        else f"un prix plus bas trouvé ailleurs que chez {scene.facts.org_short}",
        "delai": "le peu de temps pour comparer",
        "decideur_absent": f"l'impossibilité de trancher sans {scene.who.role.approver()}",
    }.get(
        scene.kind("contraintes") or "",
        f"l'impression que le prix de {restate.offer(scene.focus)} se discute",
    )
    third = (
        f"un {scene.facts.contract or 'engagement'} qui {scene.character.g('le', 'la')} lierait pour plusieurs mois à {scene.facts.org_short}"
        if not sheet.one_off
        else (f"une dépense ({_amount(scene)})" if _amount(scene) else "une dépense")
        + " qu'on ne refait pas de sitôt"
    )
    return f"{first} ; {second} ; {third}."


def contraintes(scene: Scene) -> str:
    kind = scene.kind("contraintes")
    if kind == "budget" and scene.focus.value:
        budget = french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)
        said = f"Votre budget ne dépasse pas {budget} : vous ne signerez pas au-delà."
    elif kind == "budget":
        said = f"Votre budget est serré : vous ne signerez que si le prix vous paraît justifié pour {restate.offer(scene.focus)}."
    elif kind == "concurrent":
        rival = _rival(scene)
        said = (
            f"Vous citerez l'offre {de(rival)} pour faire pression."
            if rival
            else f"Vous citerez une offre concurrente pour faire baisser le prix de {restate.offer(scene.focus)}."
        )
    elif kind == "delai":
        said = (
            "Vous avez un autre rendez-vous juste après : vous voulez une proposition claire tout de suite."
        )
    elif kind == "decideur_absent":
        other = _yours(scene.who.role.approver())
        said = f"Vous ne signerez rien sans l'accord {de(other)} : au mieux, vous repartez avec une proposition écrite."
    else:
        said = f"Avant de vous engager, vous demanderez un geste sur {restate.offer(scene.focus)}."
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
    for yours, mine in (("votre ", "mon "), ("vos ", "mes ")):
        if said.startswith(yours):
            said = mine + said[len(yours) :]
    return "ma direction" if said == "mon direction" else said


def objections(scene: Scene) -> list[str]:
    g, org = scene.character.g, scene.facts.org_short
    by_mode = {
        "prospect": f"Je ne connais pas {org} : pourquoi vous plutôt qu'un autre ?",
        "recommandation": f"On m'a dit du bien de {org}, mais ai-je vraiment besoin de {restate.offer(scene.focus)} maintenant ?",
        "apres_devis": "Depuis notre dernier rendez-vous, j'ai regardé ailleurs : vous êtes plus cher.",
        "fidele": f"Je suis déjà {g('client', 'cliente')} chez vous, pourquoi dépenser davantage ?",
        "mecontent": "Après ce qui s'est passé, pourquoi vous ferais-je encore confiance ?",
        "renouvellement": "Vos tarifs ont augmenté : pourquoi rester chez vous ?",
    }
    first = by_mode.get(scene.mode, by_mode["prospect"])
    if scene.kind("acteurs") == "codecideur":
        first = f"Je n'ai pas suivi vos premiers échanges : que nous propose {org}, en deux mots ?"
    return [first, _constraint_objection(scene), _price_objection(scene)]


def _price_objection(scene: Scene) -> str:
    price = scene.focus.price.split(";")[0].strip(" .") if scene.focus.price else ""
    if price and len(price) < 40:
        return (
            f"{price[:1].upper() + price[1:]}, ça fait beaucoup pour moi : qu'est-ce qui justifie un tel "
            "écart avec ce que je trouve ailleurs ?"
        )
    if _sheet(scene).one_off:
        return (
            f"Et si je ne suis pas {scene.character.g('satisfait', 'satisfaite')}, qu'est-ce qui se passe ?"
        )
    return f"Je peux arrêter quand je veux, ou je suis {scene.character.g('engagé', 'engagée')} ?"


def _constraint_objection(scene: Scene) -> str:
    kind, margin = scene.kind("contraintes"), scene.facts.margin
    if kind == "budget":
        amount = _amount(scene)
        if amount:
            return f"{amount[:1].upper() + amount[1:]}, c'est au-dessus de ce que je peux mettre."
        return f"C'est au-dessus de ce que je peux mettre chez {scene.facts.org_short}."
    if kind == "concurrent":
        rival = _rival(scene)
        return (
            f"Chez {rival}, on me propose presque la même chose pour moins cher."
            if rival and len(rival) < 60
            else ("Ailleurs, on me fait presque la même proposition, en moins cher.")
        )
    if kind == "delai":
        return (
            f"Si je dois décider aujourd'hui pour {restate.offer(scene.focus)}, je préfère ne rien prendre."
        )
    if kind == "decideur_absent":
        return f"Je ne peux rien signer sans en parler {a(_mine(scene.who.role.approver()))}."
    if margin.allows_discount_on(scene.focus.label) and margin.max_pct is not None:
        return f"Si vous me faites {french.pct(max(margin.max_pct * 2, margin.max_pct + 5))} % de remise, je signe aujourd'hui."
    return "Vous pouvez bien faire un geste sur le prix, non ?"
