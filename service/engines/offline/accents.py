"""Common words a student typed without their accents, and a sentence reused after a full stop.

Only words whose accent-less spelling is no French word are restored (« telesurveillance », « agées »,
« c'etait »): « a », « ou », « du », « sur », « des » stay as typed, except « du » after « avoir » before
an infinitive (« vous avez du aller » -> « vous avez dû aller »).
"""

from __future__ import annotations

import re

from service.domain.text import fold

_WORDS = {
    "agee": "âgée", "agees": "âgées", "apres": "après", "batiment": "bâtiment", "batiments": "bâtiments",
    "c'etait": "c'était", "college": "collège", "cosmetiques": "cosmétiques", "deja": "déjà",
    "deplacement": "déplacement", "detecteur": "détecteur",
    "detecteurs": "détecteurs", "ecole": "école", "ecoles": "écoles", "ecran": "écran", "ecrans": "écrans",
    "electromenager": "électroménager", "electrique": "électrique", "electriques": "électriques",
    "epicerie": "épicerie", "equipement": "équipement",
    "equipements": "équipements", "etait": "était", "etaient": "étaient", "etudiant": "étudiant",
    "etudiants": "étudiants", "evenement": "évènement", "evenements": "évènements", "fidelite": "fidélité",
    "fidelisation": "fidélisation", "interet": "intérêt", "legumes": "légumes", "materiel": "matériel",
    "mere": "mère", "numerique": "numérique", "numeriques": "numériques", "pedagogique": "pédagogique",
    "periode": "période", "premiere": "première", "premieres": "premières", "prevoyance": "prévoyance",
    "probleme": "problème", "problemes": "problèmes", "qualite": "qualité", "reglages": "réglages",
    "reparation": "réparation", "reparations": "réparations", "reunion": "réunion",
    "reunions": "réunions", "securite": "sécurité", "serenite": "sérénité", "sirene": "sirène",
    "societe": "société", "teleassistance": "téléassistance", "telephone": "téléphone",
    "telesurveillance": "télésurveillance", "tres": "très", "velo": "vélo", "velos": "vélos",
    "videoprojecteurs": "vidéoprojecteurs", "videosurveillance": "vidéosurveillance",
}  # fmt: skip
_LOOSE = {"e": "[eéèêë]", "a": "[aàâ]", "i": "[iîï]", "o": "[oô]", "u": "[uùû]", "c": "[cç]"}


def _trie(words: list[str]) -> str:
    """One alternation per shared prefix (« telesurveillance », « teleassistance », « telephone »), each
    letter matching its accented forms: the engine tries a few branches per word, not sixty."""
    heads: dict[str, list[str]] = {}
    for word in words:
        heads.setdefault(word[:1], []).append(word[1:])
    branches = []
    for head, tails in sorted(heads.items()):
        if not head:
            continue
        rest = _trie(tails)
        optional = "" in tails
        branches.append(_LOOSE.get(head, re.escape(head)) + (f"(?:{rest})?" if optional else rest))
    if not branches:
        return ""
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


# Each word with or without any of its accents (« agées » lacks one, « agees » both).
_WORD = re.compile(r"(?<![\w-])" + _trie(sorted(_WORDS)) + r"(?![\w-])", re.IGNORECASE)
_OWED = re.compile(r"\b((?:avez|avons|ai|as|a|ont|aurait|auraient)\s+)du(?=\s+[a-zé]+(?:er|ir|re)\b)")
# A full stop then a small letter: a sentence the student began without its capital (never after an
# abbreviation: « env. 25 € », « cf. annexe », « M. », « etc. »).
_SMALL_START = re.compile(r"\.(\s+)([a-zà-ÿ])(?![\s\d])")
_LAST_WORD = re.compile(r"(?:^|[^\w])(\w*)$")
_ABBREVIATIONS = frozenset(
    {"env", "cf", "min", "max", "etc", "ex", "nb", "approx", "réf", "ref", "av", "bd", "tél", "tel", "pers",
     "resp", "dir", "dept", "hab", "qté", "qte", "art", "cat", "sem", "mod", "coll", "vol", "éd", "ed"}
)  # fmt: skip


def _capitals(text: str) -> str:
    """A small letter after a full stop made a capital, unless the stop ends an abbreviation."""

    def capital(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 12) : match.start()]
        word = _LAST_WORD.search(before)
        said = word.group(1) if word else ""
        if said and (
            (len(said) < 2 and not said.isdigit()) or said.lower() in _ABBREVIATIONS or said.isupper()
        ):
            return match.group(0)
        return match.group(0)[:-1] + match.group(2).upper()

    return _SMALL_START.sub(capital, text)


def _restored(match: re.Match[str]) -> str:
    word = match.group(0)
    accented = _WORDS[fold(word).lower()]
    if any(ch != want for ch, want in zip(word.lower(), accented, strict=False) if not ch.isascii()):
        return word  # « élevé », « dépensé », « réglé »: another word, already accented its own way
    if word.isupper() and len(word) > 1:
        return accented.upper()
    return accented[:1].upper() + accented[1:] if word[:1].isupper() else accented


def accented(text: str) -> str:
    """« apres que 2 maisons … . elle est veuve » -> « après que 2 maisons … . Elle est veuve »."""
    text = _WORD.sub(_restored, text)
    text = _OWED.sub(r"\1dû", text)
    return _capitals(text)
