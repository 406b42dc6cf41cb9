"""The NV character's profile and secret: what the jury member needs to answer a discovery.

A profile says what the character is looking for (the FDAP's own client motivations when it gives
them), what they already have, and their budget, or a « [à préciser : …] » marker where the FDAP says
nothing. The secret is chosen among facts that the candidate sheet does not already state.
"""

from __future__ import annotations

import re

from service.domain.text import fold
from service.engines.offline import french, offer_words, restate
from service.engines.offline.extract import split_sentences
from service.engines.offline.lived import sensitive
from service.engines.offline.nv_scene import Scene
from service.engines.offline.roles import de, que

_RECURRING = re.compile(
    r"abonn|contrat|forfait (?:mensuel|annuel)|mensuel|annuel|/ ?mois|par mois|/ ?an\b|par an\b|maintenance|"
    r"location|partenariat|accord|livraison|tournee|engagement|adhesion|cotisation|telesurveillance|assurance|prevoyance|multirisque|mutuelle"
)


def recurring(scene: Scene) -> bool:
    """The scene sells something that runs over time (a subscription, a supply contract), not one purchase."""
    if scene.facts.known.one_off:
        return False
    item, facts = scene.focus, scene.facts
    if _RECURRING.search(fold(f"{item.label} {item.price}")):
        return True
    # The title's contract is the main item's, unless the annex sells that contract as an item of its own.
    apart = any(_RECURRING.search(fold(i.label)) for i in facts.items if i != facts.main)
    return item == facts.main and not apart and bool(_RECURRING.search(fold(facts.titre)))


def spoken_price(scene: Scene) -> str:
    """The focus item's price as a person says it (« 89 € », « 150 € par personne »), or ""."""
    item = scene.focus
    if item.value is None or item.value <= 0:
        return ""
    return french.money(item.value) + french.unit_of(item.price)


def ceiling(scene: Scene) -> str:
    """The character's budget under a budget constraint: about 85 % of the price, as the sheets say."""
    if scene.focus.value is None:
        return ""
    return french.money(french.below(scene.focus.value, 0.85)) + french.unit_of(scene.focus.price)


def _thing(scene: Scene) -> str:
    """The focus item as a marker names it: « l'offre « X » »."""
    return offer_words.offer(scene.focus)


_FIGURE = re.compile(r"\d")
# the seller's voice, or a redaction mark whose gender may not be the character's
_SELLER_SPEAKS = re.compile(r"\b(?:je|j['’]|nous|notre|nos|mon|ma|mes|moi|on|interlocut\w*)\b", re.IGNORECASE)
_AT_US = re.compile(r"\bchez nous\b", re.IGNORECASE)


def _lived_figures(scene: Scene) -> str:
    """The lived story's sentences that carry the client's figures, in the third person (at most two)."""
    org = scene.facts.org_short
    kept = []
    for sentence in split_sentences(restate.lived_story(scene.facts)):
        sentence = _AT_US.sub(f"chez {org}", sentence).strip()
        sentence = sentence[:1].upper() + sentence[1:]
        if _FIGURE.search(sentence) and not _SELLER_SPEAKS.search(sentence) and len(sentence) < 240:
            kept.append(sentence if sentence.endswith((".", "!", "?", "»")) else sentence + ".")
    return " ".join(kept[:2])


def _need(scene: Scene) -> str:
    """What the character expects, from the FDAP's own client motivations, history or items; a marker last."""
    il, facts = scene.character.Il, scene.facts
    own = [m for m in facts.lists.get("motivations", ()) if 3 <= len(m.split()) <= 25]
    if own and scene.plan.mode == "fdap":
        return (
            f"{il} cherche avant tout à {french.lower_first(own[0])}."
            if own[0][:1].islower()
            else f"Ce qu'{scene.character.il} attend : {french.lower_first(own[0])}."
        )
    figures = _lived_figures(scene) if scene.plan.mode == "fdap" else ""
    if figures:
        return (
            f"Sa situation, chiffres compris, qu'{scene.character.il} confirme si on l'interroge : {figures}"
        )
    if own:  # the FDAP's clientele: what its client wanted is what this one wants of the offer
        return f"Ce qu'{scene.character.il} attend de {_thing(scene)}, sans le dire d'emblée : {french.lower_first(own[0])}."
    if scene.companion and scene.companion != scene.focus:
        other = offer_words.offer(scene.companion)
        if scene.first and alternatives(scene.focus.label, scene.companion.label):
            return f"{il} hésite entre {_thing(scene)} et {other} : {scene.character.il} veut comprendre ce qui les distingue."
        if scene.first:  # another kind of item: a lead for later, no choice between the two
            return (
                f"{il} vient pour {_thing(scene)} ; {other} pourrait aussi l'intéresser, "
                "si le candidat lui en montre l'utilité."
            )
        return (
            f"{il} veut compléter {other} par {_thing(scene)}, si le candidat lui montre ce que cela change."
        )
    what = (
        f"volumes, sites ou fréquence que couvrirait {_thing(scene)}"
        if scene.who.role.pro
        else f"l'usage prévu de {_thing(scene)}"
    )
    return f"Son besoin, à ne livrer qu'en réponse aux questions : [à préciser : {what}]."


_GENERIC = frozenset(
    "offre offres service services pack formule option gamme prix produit produits avec pour sans".split()
)


def alternatives(one: str, other: str) -> bool:
    """Two offer items a client may hesitate between: they share a content word (« Poêles à bois » and
    « Poêles à granulés »), never a flue and a roof exit, bread and sandwiches."""
    return bool(_stems(one) & _stems(other))


def _stems(label: str) -> set[str]:
    """The content words of an offer's label, cut to a rough stem (« poêles » and « poêle » alike)."""
    return {w.rstrip("sx")[:6] for w in re.findall(r"[a-z]{4,}", fold(label))} - _GENERIC


def _owned(scene: Scene) -> str:
    il, org, g = scene.character.il, scene.facts.org_short, scene.character.g
    rival = rival_name(scene)
    if scene.plan.mode == "fdap" and scene.past:
        return f"Ce qu'{il} a déjà reçu ou acheté {de(org)} est ce que dit l'historique, rien de plus."
    if scene.mode in ("prospect", "recommandation"):
        now = f" ; aujourd'hui, {il} compare avec {rival}" if rival else ""
        return f"{il.capitalize()} n'est pas encore {g('client', 'cliente')} {de(org)}{now}."
    if scene.companion and scene.companion != scene.focus and scene.mode != "apres_devis":
        return f"{il.capitalize()} a déjà {offer_words.offer(scene.companion)}."
    if scene.mode == "apres_devis":
        return f"{il.capitalize()} a en main le devis pour {offer_words.offer(scene.focus)}."
    return f"{il.capitalize()} connaît bien {org}, où {il} revient depuis {scene.years} ans."


def _budget(scene: Scene) -> str:
    """A budget placed against the annex's price (a fact of the FDAP), or the FDAP's own budget figure."""
    if scene.kind("contraintes") == "budget" and ceiling(scene):
        return f"Son budget : {ceiling(scene)} au maximum."
    price, il = spoken_price(scene), scene.character.il
    if price:
        return (
            f"Son budget : de l'ordre des {price} de {_thing(scene)}, qu'{il} ne dépassera pas "
            "sans une bonne raison et ne donne que si le candidat le lui demande."
        )
    tariff = _tariff(scene)
    if tariff:
        return f"Son budget : {il} a regardé les prix ({tariff}) et ne paiera pas plus sans une bonne raison."
    if scene.facts.budget:
        return (
            f"Son budget : {french.money(scene.facts.budget)} environ, à ne donner que si on le lui demande."
        )
    return f"Son budget : [à préciser : montant prévu pour {_thing(scene)}]."


def _tariff(scene: Scene) -> str:
    """The annex's price line of the focus item (« Fours mixtes … : 6 niveaux 10 900 € ; … »), or ""."""
    head = fold(scene.focus.label).split()[:1]
    if not head:
        return ""
    stem = head[0].rstrip("sx")[:6]
    lines = scene.facts.known.figures_of("tarif", "budget", limit=6)
    found = next((f for f in lines if len(f) < 140 and stem in fold(f) and _price_list(f)), "")
    return found.rstrip(" .")


# a line of aims (« vendre une bague dans son budget (1500 € maxi), trouver la taille… »), no price list
_AIMS = re.compile(
    r"^(?:-\s*)?(?:vendre|trouver|faire|fixer|obtenir|signer|proposer|conclure|placer|convaincre|"
    r"augmenter|atteindre|fideliser|realiser|decrocher|developper)\b"
)


def _price_list(line: str) -> bool:
    """A line that gives prices (an amount in euros), not the seller's aims around a figure."""
    return "€" in line and not _AIMS.match(fold(line.strip()))


def _seen_elsewhere(scene: Scene) -> str:
    """What the character has seen at a competitor's, when the FDAP gives it with a figure."""
    seen = [f for f in scene.facts.known.figures_of("concurrent") if len(f) < 160]
    if not seen or scene.mode not in ("prospect", "recommandation", "apres_devis", "renouvellement"):
        return ""
    return f"Ce qu'{scene.character.il} a déjà vu ailleurs : {french.lower_first(seen[0].rstrip('.'))}."


def profile(scene: Scene) -> str:
    return " ".join(x for x in (_need(scene), _owned(scene), _seen_elsewhere(scene), _budget(scene)) if x)


def rival_name(scene: Scene) -> str:
    """A competitor's name the FDAP cites (without its description in brackets), or ""."""
    cut = (re.sub(r"\s*\(.*", "", n).strip(" .,") for n in scene.facts.known.competitors)
    names = [n for n in cut if 2 < len(n) < 50 and n[:1].isupper()]  # a firm's name
    return names[scene.step % len(names)] if names else ""


def secret(scene: Scene, sober: bool) -> str:
    """One fact the character keeps for later, never one the candidate sheet already states."""
    rival, org, g = rival_name(scene), scene.facts.org_short, scene.character.g
    at, of = (f"chez {rival}", de(rival)) if rival else ("chez un concurrent", "d'un concurrent")
    if scene.kind("acteurs") == "codecideur":
        return (
            f"À ne dévoiler que si le candidat vous interroge : vous trouvez que {scene.who.cl} s'est "
            f"{scene.who.g('engagé', 'engagée')} un peu vite et vous voulez comprendre ce que vous payez."
        )
    told = scene.kind("contraintes") or ""
    options: list[tuple[str, str]] = [  # (what it is about, the sentence)
        (
            "rival",
            f"Vous ne le direz que si le candidat vous interroge : vous avez aussi rendez-vous {at} "
            f"la semaine prochaine pour comparer avec {org}.",
        ),
        ("rival", f"Vous ne le dites pas d'emblée : une connaissance vous a vanté une offre {of}."),
        (
            "rival",
            f"Le candidat ne le sait pas : vous avez reçu une proposition {of}, un peu moins chère que celle {de(org)}.",
        ),
        (
            "timing",
            f"Si le candidat vous demande quand {org} doit intervenir, vous citerez une date qui compte "
            "pour vous [à préciser : événement ou échéance], sans l'annoncer avant.",
        ),
        (
            "doubt",
            f"Au début, vous gardez un doute pour vous : on vous a dit {que(org)} tenait ses "
            "engagements, mais vous attendez des exemples concrets.",
        ),
        (
            "past",
            f"Si le candidat vous met en confiance, vous avouerez avoir déjà été {g('déçu', 'déçue')} "
            f"par un achat semblable ailleurs : c'est ce que vous redoutez chez {org}.",
        ),
        (
            "budget",
            "Si le candidat creuse votre budget, vous avouerez pouvoir mettre un peu plus, à condition "
            f"d'être vraiment {g('rassuré', 'rassurée')}.",
        ),
    ]
    if scene.mode == "mecontent":
        options.insert(
            0,
            (
                "leave",
                "Le candidat l'ignore : vous avez déjà demandé les conditions pour partir, sans rien signer ailleurs.",
            ),
        )
    banned = {"concurrent": {"rival"}, "budget": {"budget"}}.get(told, set())
    if not scene.stranger:  # a client, or one the firm already reached, has no hearsay about it
        banned |= {"doubt"}
    if sober:
        banned |= {"rival", "leave"}
    kept = [text for about, text in options if about not in banned]
    return kept[(scene.step + len(org)) % len(kept)]


_MANNERS = (
    ("Méthodique, il veut des chiffres", "Méthodique, elle veut des chiffres", False),
    ("Pressé, il va droit au but", "Pressée, elle va droit au but", False),
    ("Prudent, il compare avant de s'engager", "Prudente, elle compare avant de s'engager", False),
    (
        "Aimable mais indécis, il a besoin d'exemples",
        "Aimable mais indécise, elle a besoin d'exemples",
        False,
    ),
    ("Exigeant, il refuse les discours tout faits", "Exigeante, elle refuse les discours tout faits", False),
    (
        "Méfiant envers les commerciaux, il teste les arguments",
        "Méfiante envers les commerciaux, elle teste les arguments",
        False,
    ),
    (
        "Bavard et sympathique, il se disperse volontiers",
        "Bavarde et sympathique, elle se disperse volontiers",
        True,
    ),
    ("Direct, il négocie chaque point flou", "Directe, elle négocie chaque point flou", False),
)


def _concerns(scene: Scene) -> tuple[str, ...]:
    sheet = scene.facts.known
    if sheet.b2b or scene.who.role.pro:
        return (
            "au coût sur l'année",
            "au sérieux du suivi une fois le contrat signé",
            "à ce que cela change pour son équipe",
        )
    if recurring(scene):
        return (
            "à l'engagement et aux conditions de sortie",
            "à ce qui est compris dans le prix",
            "au suivi après la souscription",
        )
    if sheet.sale == "immobilier":
        return (
            "aux frais jusqu'à la signature",
            "aux délais de l'opération",
            "à ce qui est compris dans le prix",
        )
    if sheet.one_off:
        return (
            "à ce qui est compris dans le prix",
            "à l'usage qu'on en fera au quotidien",
            "au service après l'achat",
        )
    return ("à ce qui est compris dans le prix", "au suivi après l'achat", "aux conditions de paiement")


def manner(scene: Scene) -> str:
    """How the character behaves, matched to their role, and what they question the seller on."""
    pro = scene.facts.known.b2b or scene.who.role.pro
    manners = [(m, f) for m, f, chatty in _MANNERS if not (pro and chatty)]
    key = sum(map(ord, scene.character.name)) + scene.step
    m, f = manners[key % len(manners)]
    concerns = _concerns(scene)
    if sensitive(scene.facts):
        m, f = "Posé, il prend le temps de comprendre", "Posée, elle prend le temps de comprendre"
    said = scene.character.g(m, f)
    return f"{said} et s'intéresse surtout {concerns[key % len(concerns)]}."
