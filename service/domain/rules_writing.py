"""Rules that read the writing: cut copies, unfilled slots, names inserted without elision or article,
and the « [à préciser : …] » markers a draft leaves for the teacher.

Every check is a handful of regular-expression scans per field: linear in the size of the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial

from service.domain.constats import Constat, FdapContext, avertissement, erreur
from service.domain.fiche_sujet import FicheSujet, body_fields
from service.domain.text import fold, shorten

# Words a French sentence never ends on: a row that stops on one was cut.
_DANGLING = frozenset(
    """de du des la le les un une et ou à au aux en pour avec par sur dans chez que qui dont son sa ses leur
    leurs votre vos notre nos ce cette ces mais car ni entre vers sans sous d' l' qu'""".split()
)
_END_PUNCT = '.!?…»)"”:;'
_WORD = re.compile(r"[\w'’-]+")
_OPEN_CLOSE = (("(", ")"), ("«", "»"))
_SLOTS = re.compile(
    r"\{[^{}\n]{0,40}\}"  # a template slot: {x}, {nom}
    r"|«\s*»|\"\s*\"|“\s*”|\(\s*\)|\[\s*\]"  # empty quotes, brackets
    r"|\[(?:nom|pr[ée]nom|t[ée]l[ée]phone|courriel|e-?mail|adresse|x+|\.\.\.|…|date|prix|montant|ville)\]"
    r"|\b(?:M\.|Mme|Monsieur|Madame)\s+et\s+(?!(?:Mme|M\.|MM\.|Madame|Monsieur|Mlle|Mademoiselle)\b)\S+"
    # « 49 ans, s prospects »; a unit after a slash is no cut word (« 1 Gb/s symétrique », « -8 €/t max »)
    r"|(?-i:(?<![\w'’.\d/-])(?<!\d\s)[bcdfgjklmnpqrstvwz]\s+(?=[a-zà-ÿ]{3,}))"
    r"|\b(le|la|les|de|des|du|un|une|et|à|au|aux|en|pour|avec|sur|par|dans|chez)\s+\1\b"  # « de de »
    r"|[,;:]\s*[.,;]"  # « , . »: the words between were dropped
    r"|\b(?:du|de la|des|le|la|les|au|aux|un|une)\s+-\s"  # « l'accord du - l'interlocuteur »: a list item pasted
    r"|(?<![\w'’-])(?:le|la|les|des|du|de|au|aux)\s*[.,;!?](?!\w)",  # « … vous rencontrez le . »
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[\s*a\s+preciser\b[^\]]*\]?")
# « de Optique du Marché », « que il »: elision forgotten where French always elides.
_VOWEL_NAME = "[AEIOUÉÈÊËÂÀÎÏÔÛ][a-zà-ÿA-Z]"
_ELISION = re.compile(
    rf"(?<![\w'’-])(?:de|que|je|ne|se|me|te|le|la|jusque|lorsque|puisque)\s+(?={_VOWEL_NAME})"
    r"|(?<![\w'’-])(?:de|que|je|ne|se|me|te)\s+(?:un|une|il|ils|elle|elles|on|en|y)\b"
    r"|(?<![\w'’-])si\s+ils?\b"
    r"|(?<![\w'’-])(?:de|le|la)\s+(?:offre|entreprise|agence|équipe|achat|accord|abonnement|atelier|"
    r"évènement|événement|ancien|ancienne|autres?|enseigne|association|école|hôtel|opticien|artisan)\b",
)
# « chez Chambre de commerce », « pour Agence Dupont »: an organisation named by a common noun, no article.
_INSTITUTIONS = (
    "Chambre|Agence|Boulangerie|Banque|Caisse|Mutuelle|Société|Centre|Office|Club|Salle|Institut|Clinique|"
    "Pharmacie|Parfumerie|Boutique|Magasin|Librairie|Hôtel|Restaurant|Domaine|Cave|Garage|École|Association|"
    "Fédération|Compagnie|Coopérative|Ferme|Jardinerie|Animalerie|Mairie|Cabinet|Entreprise|Auto-école|"
    "Concession|Résidence|Crèche|Camping|Fromagerie|Boucherie|Pâtisserie|Brasserie"
)
_ARTICLE = re.compile(
    rf"(?<![\w'’-])(?:chez|à|pour|avec|par|dans|auprès de|contre)\s+(?:{_INSTITUTIONS})\s+(?:(?:de|du|des)\s|d['’])"
    rf"|(?<![\w'’-])(?:à|pour|avec|par|dans|auprès de|contre)\s+(?:{_INSTITUTIONS})\s+[A-ZÀ-Ý]"
)


# A row that starts with the end of an aside cut from the FDAP (« 45 min). »), not a list marker (« 1) »).
_HEADLESS = re.compile(r"^(?!\s*\w{1,2}\)\s)[^()\n]{1,40}\)")


def _written(fiche: FicheSujet) -> list[tuple[str, str]]:
    """Fields whose French is the sheet's own: the rows and the changes (an « avant » quotes the FDAP)."""
    return [
        (champ, text) for champ, text in body_fields(fiche) if not champ.endswith(".avant") and text.strip()
    ]


def cut_copies(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """A row copied from the FDAP and cut inside a word or a sentence (« … 350 €. Qualit »)."""
    for champ, text in _written(fiche):
        spoken = ".objections[" in champ
        why = ctx.remembered(
            "cut_spoken" if spoken else "cut", text, partial(_cut, source=ctx.source, spoken=spoken)
        )
        if why:
            yield erreur(
                "copie_tronquee",
                champ,
                f"Le texte est coupé {why} (« {shorten(text[-60:], 60)} ») : reformulez une phrase complète "
                "au lieu de recopier un morceau de la FDAP.",
            )


def _cut(text: str, source: str, spoken: bool) -> str:
    """Why `text` looks cut ("" when it does not)."""
    for opening, closing in _OPEN_CLOSE:
        if text.count(opening) > text.count(closing) and text.rfind(opening) > text.rfind(closing):
            return f"après « {opening} », jamais refermé"
    if _HEADLESS.match(text):
        return "avant le début de la phrase (le texte commence par la fin d'une parenthèse)"
    row = text.rstrip()
    tail = _WORD.findall(row.lower())[-4:]
    if not tail:
        return ""
    if row.endswith(("…", "...")) and not spoken and len(tail) >= 4:
        if re.search(_phrase(tail) + r"\W+[a-z]", source):
            return "au milieu d'une phrase de la FDAP (points de suspension)"
        return ""
    if row[-1] in _END_PUNCT:
        return ""
    if tail[-1] in _DANGLING and len(tail) >= 2:
        return f"au milieu d'une phrase (le texte finit sur « {tail[-1]} »)"
    if len(tail) >= 3:
        phrase = _phrase(tail[-3:])
        if re.search(phrase + r"[a-z]", source) and not re.search(phrase + r"(?![a-z0-9])", source):
            return "au milieu d'un mot"
    return ""


def _phrase(words: list[str]) -> str:
    return r"\W+".join(re.escape(fold(w)) for w in words)


def slots(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """An unfilled or dangling slot: « {x} », empty quotes, « M. et Paul Roux », « 49 ans, s prospects »."""
    for champ, text in _written(fiche):
        match = ctx.remembered("slot", text, _SLOTS.search)
        if match:
            yield erreur(
                "texte_lacunaire",
                champ,
                f"Le texte contient un emplacement mal rempli (« {_around(text, match)} ») : un mot ou un nom "
                "manque ; complétez la phrase.",
            )


def has_slot(text: str) -> bool:
    """Whether `text` holds what `texte_lacunaire` reports: an unfilled or dangling slot."""
    return _SLOTS.search(text) is not None


def _around(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 25), min(len(text), match.end() + 25)
    return " ".join(text[start:end].split())


def elisions(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """A name or word inserted without elision (« de Optique du Marché ») or without article."""
    for champ, text in _written(fiche):
        match = ctx.remembered("elision", text, _ELISION.search)
        if match:
            yield erreur(
                "elision_manquante",
                champ,
                f"Élision oubliée : « {_around(text, match)} » (on écrit « d'… », « qu'… », « l'… » devant "
                "une voyelle).",
            )
        article = ctx.remembered("article", text, _ARTICLE.search)
        if article:
            yield avertissement(
                "article_manquant",
                champ,
                f"Nom d'organisation inséré sans article : « {_around(text, article)} » (écrivez « à la "
                "Chambre de commerce », « chez l'agence … »).",
            )


def markers(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """A « [à préciser : …] » marker: the draft lacks a fact the teacher must supply before submitting."""
    for champ, text in body_fields(fiche):
        if "[" not in text:
            continue
        match = _MARKER.search(fold(text))
        if match:
            yield avertissement(
                "marqueur_a_preciser",
                champ,
                f"Un élément reste à préciser ({shorten(text[match.start() : match.end()], 80)}) : remplacez "
                "le marqueur par l'information exacte avant de soumettre la fiche.",
            )
