"""Marks, grid levels and assessment language: the product never produces, stores or shows any.

Patterns are matched on the folded text (lower case, no accents) except grid levels, which are upper case
on the official grids (TI, I, S, TS) and matched as such. A figure counts as a mark only where a mark's
words follow it (end of the text, punctuation, « en », « pour », « sur la »…), so that sales vocabulary
that looks alike passes: « 15/20 minutes », « 18 sur 20 clients », « note de frais », « noté 4,6/5 »,
« grille tarifaire », « prendre note ». tests/unit/marks_labelled.json is the labelled list it is held to.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache

from service.domain.identifiers import plain
from service.domain.text import fold

# A mark from zero to twenty, in figures (« 8,5 ») or in words (« dix-sept », « quatorze et demi »).
_WORD_NUMBER = (
    r"(?:zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
    r"|dix-sept|dix-huit|dix-neuf|vingt)(?:[\s-]+et[\s-]+demie?)?"
)
_FIGURE = r"\d(?<![\d.,/]\d)\d?(?:[.,]\d{1,2})?(?!\d|[.,]\d)"
_NUMBER = rf"(?:{_FIGURE}|\b{_WORD_NUMBER}\b)"
_SLASH = r"\s*[/\u2044\u2215]\s*"
_TWENTY = r"(?:20|vingt)(?:e|eme|ieme)?\b"
# What follows a mark: nothing, punctuation, or a word that goes on about the mark (never a unit, a noun
# counted or a range: « 15/20 minutes », « 15 sur 20 clients », « note : 15 à 20 minutes »).
_MARK_END = (
    r"(?!\s*(?:(?:a|ou|et|-|–)\s*\d|en bas de page|ci-dessous|ci-dessus))"
    r"(?=\s*(?:$|[^\w\s'%€$/]|(?:[/\u2044\u2215]|sur)\s*(?:20|vingt)\b|sur\s+(?!\d)"
    r"|(?:en|a|au|aux|pour|et|mais|car|soit|donc|avec|dans|selon|par|niveau|lors|malgre|grace|sans|ou|c'est"
    r"|ce|comme|puis|si|est|sera|tres|bien|assez|mention|appreciation|de moyenne|d'apres|pts)\b))"
)
# After « 15/20 » (a mark far more often than not), only a unit or a counted noun makes it a share.
_COUNTED = (
    r"(?:min\w*|mn|s|h|heures?|sec\w*|jours?|semaines?|mois|ans?|annees?|km|kg|g|m|m2|cm|mm|metres?|litres?|l"
    r"|euros?|clients?|personnes?|participants?|salaries?|visiteurs?|prospects?|contacts?|appels?|rendez-vous"
    r"|rdv|commandes?|articles?|produits?|unites?|pieces?|places?|dossiers?|ventes?|visites?|pages?|lignes?)\b"
)
_SLASH_END = rf"(?!\s*(?:des\s|du\s|d'|(?:de\s+)?{_COUNTED}|[%€$]|(?:a|ou|et|-|–)\s*\d))"
_LABEL = r"\s*(?:[:=]\s*|\s(?:est |sera |serait |etait )?(?:de |a )?)"

# The folded patterns by family, each behind its keys (words that every pattern of the family contains) and
# a guard that finds where it could match, so that most texts are not scanned (the rules run on every
# keystroke of the editor). Each pattern is compiled alone and starts with its word, not with « \b », which
# would keep the regex engine from jumping to that word: `_matches` checks that the match begins a word.
_FAMILIES: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (
        ("20", "vingt"),
        r"[/\u2044\u2215]\s*(?:20|vingt)|sur\s+(?:20|vingt)|vingtieme",
        (
            # « 15/20 », « 8,5 / 20 », « 17/20ème », « quinze sur vingt », « 14 pts sur 20 »
            rf"{_NUMBER}(?:\s*(?:pts?|points?))?{_SLASH}{_TWENTY}{_SLASH_END}",
            rf"{_NUMBER}(?:\s*(?:pts?|points?))?\s+sur\s+{_TWENTY}{_MARK_END}",
            rf"(?:\d{{1,2}}|{_WORD_NUMBER})\s+vingtiemes?\b",
            rf"notes?\b(?! de frais)[^.\n]{{0,30}}\bsur\s+(?:20|vingt)\b{_MARK_END}",
            rf"points?\b[^.\n]{{0,30}}\bsur\s+(?:20|vingt)\b{_MARK_END}",
        ),
    ),
    (
        (
            "note",
            "moyenne",
            "pts",
            "point",
            "obten",
            "obtien",
            "merite",
            "a eu",
            "aura",
            "evaluation",
            "appreciation",
            "resultat",
        ),
        "",
        (
            # « Note : 15 », « noté 16 », « la note est de 12 », « note proposée : 13,5 », « Note : A+ »
            # (a footnote is no mark: « (note 2) », « voir note 1 », « Note 1 : prix HT »)
            rf"not(?<!\(not)(?<!voir not)(?<!voir la not)(?<!cf not)(?<!cf\. not)(?:e|ee|es|ees)"
            rf"(?:\s+(?:proposee|attribuee|obtenue|finale|globale|sur 20)\b)?{_LABEL}{_NUMBER}(?!\s*:){_MARK_END}",
            r"note\s*[:=]\s*[a-e][+-]?(?=\s*(?:$|[.;,!?)]))",
            rf"(?:evaluation|appreciation|resultat)(?:\s+(?:finale|globale|generale|du jury|de l'epreuve))?"
            rf"\s*[:=]\s*{_NUMBER}{_MARK_END}",
            rf"moyenne(?:\s+(?:generale|obtenue|du candidat|de la candidate))?{_LABEL}{_FIGURE}{_MARK_END}",
            rf"{_FIGURE}\s*pts\b{_MARK_END}",
            rf"(?:obtien\w*|obtenu\w*|obtenir|merite\w*|a eu|aura)\s+(?:un |une )?{_FIGURE}"
            rf"(?:\s*points?)?{_MARK_END}",
        ),
    ),
    (
        (
            "note",
            "notation",
            "bareme",
            "grille",
            "suffisant",
            "satisfaisant",
            "niveau",
            "apprecia",
            "evalu",
            "critere",
            "competence",
            "acquis",
            "admis",
            "ajourn",
            "recal",
            "mention",
            "point",
            "sanction",
            "penalis",
            "juge",
            "candidat",
        ),
        "",
        (
            r"note\s+(?:finale|globale|attribuee|obtenue|maximale|minimale|de l'epreuve|du candidat"
            r"|de la candidate)",
            r"not(?:er|e|ee|es|ees|ation)\s+(?:le |la |les |du |de la )?candidat",
            r"note\b[^.\n]{0,40}\bcandidat",
            r"notation\b",
            r"bareme",
            r"grilles?\b(?!\s+(?:tarifaire|de prix|des prix|de tarif|des tarif|tarif|de remise|des remise|horaire"
            r"|de salaire|des salaire|de lecture|de vente|a montrer|a remettre|a presenter|a donner|a afficher))",
            r"tres insuffisant",
            # grid levels in words: « niveau très satisfaisant », « Appréciation : bien », « Très satisfaisant »
            r"niveau(?:\s+(?:atteint|attendu|global|juge|de maitrise|du candidat|de la candidate))?\s*:?\s*"
            r"(?:tres\s+)?(?:insuffisant|(?:in)?satisfaisant)",
            r"(?:positionnement|prestation|performance)\s+(?:\w+\s+){0,2}(?:tres\s+)?(?:insuffisant|satisfaisant)",
            r"^\s*(?:tres\s+)?(?:insuffisant|(?:in)?satisfaisant)e?s?\s*[.!]?\s*$",
            r"appreciations?(?:\s+(?:globale|generale|finale|du jury|de la commission|du candidat))?\s*[:=]",
            r"niveau\s*:?\s*t\.?\s?[si]\b\.?",
            r"(?:le|la|du|au|les|des)\s+candidat(?:e|s)?\s+(?:sera|seront|est|sont|serait)\s+"
            r"(?:evaluee?s?|notee?s?|jugee?s?|appreciee?s?|sanctionnee?s?|penalisee?s?|admise?s?|ajournee?s?|recalee?s?)",
            r"candidat(?:e|s|es)?\s+(?:admise?s?|ajournee?s?|recalee?s?)\b",
            r"admise?s?\s*(?:/|ou)\s*ajournee?s?",
            r"evaluation\s+(?:du|de la|des|de l')\s*candidat",
            r"evalu(?:er|e|ent|ez|era|eront)\s+(?:le|la|les)\s+candidat",
            r"criteres?\s+d'evaluation",
            # competence grids: « compétence acquise », « non acquis », « en cours d'acquisition »
            r"competences?\s+(?:non\s+)?(?:evaluee|notee|validee|acquise|maitrisee)",
            r"competences?\s+en cours d'acquisition",
            r"non[\s-]acquise?s?\b",
            r"acquise?s?\s*/\s*(?:non|en cours)",
            r"appreciation\s+(?:du|de la|sur le|sur la)\s+candidat",
            # the candidate's performance judged, or an evaluation given as a label or a letter grade
            r"(?:prestation|performance|travail|oral|copie|resultats?|niveau|maitrise|simulation)\s+"
            r"(?:du|de la|de ce|de cette)\s+candidat",
            r"evaluation(?:\s+(?:finale|globale|generale|du jury|de la commission))?\s*[:=]",
            r"[a-e][+-](?!\w)\s*(?:pour|a|au|:)\s*(?:le |la |ce |cette )?candidat",
            r"mention\s*:?\s*(?:tres bien|bien|assez bien|passable)\b",
            r"points?\s+(?:bonus|de bonus|de penalite|en moins|supplementaires|retires?|enleves?)",
        ),
    ),
)
_FOLDED = tuple(
    (keys, re.compile(guard or "^"), tuple(re.compile(p, re.MULTILINE) for p in patterns))
    for keys, guard, patterns in _FAMILIES
)
_LEVELS = re.compile(
    r"(?<![\w/])(?:TI|TS)(?![\w])|\b(?:[Nn]iveau|NIVEAU)(?:\s+(?:attendu|atteint|vis[ée]))?\s*:?\s*(?:TI|TS|I|S)\b"
    r"|\bTI\s*/\s*I\s*/\s*S\s*/\s*TS\b|(?<![\w.])T\.\s?[SI]\.(?!\w)"
)
_LEVEL_KEYS = ("TI", "TS", "T.", "niveau", "Niveau", "NIVEAU")


def _matches(pattern: re.Pattern[str], folded: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` that begin a word (« note » but not « annote »), the next tried one letter on."""
    position = 0
    while match := pattern.search(folded, position):
        start = match.start()
        if start and folded[start - 1].isalnum():
            position = start + 1
            continue
        yield match
        position = max(match.end(), start + 1)


_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
_SPACED_DIGIT = re.compile(r"(?<![\w.,])(\d) (?=\d(?![\w.,]))")


def _as_read(text: str) -> str:
    """`text` as a reader of the printed sheet sees it: invisible characters gone, full-width digits plain,
    markup and entities as they would print (« 15&#47;20 », « <b>15</b>/20 »), spaced digits joined
    (« 1 5 / 2 0 »): a mark hidden from the detector must not reach the paper."""
    text = plain(text)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACED_DIGIT.sub(r"\1", text) if " " in text else text


@lru_cache(maxsize=16384)
def _find(raw: str) -> tuple[str, ...]:
    """Expressions of `raw` that give, ask for or suggest a mark, a grid level or an assessment, in the
    order of the text and as written there (folding keeps the length unless a ligature is expanded)."""
    text = _as_read(raw)
    found = (
        [(m.start(), m.end()) for m in _LEVELS.finditer(text)] if any(k in text for k in _LEVEL_KEYS) else []
    )
    folded = fold(text)
    same = len(folded) == len(text)
    for keys, guard, patterns in _FOLDED:
        if any(key in folded for key in keys) and guard.search(folded):
            found += [(m.start(), m.end()) for pattern in patterns for m in _matches(pattern, folded)]
    spans: list[list[int]] = []
    for start, stop in sorted(found):
        if spans and start < spans[-1][1]:  # two families found overlapping pieces of one mark: join them
            spans[-1][1] = max(spans[-1][1], stop)
        else:
            spans.append([start, stop])
    source = text if same else folded
    return tuple(source[start:stop].strip() for start, stop in spans)


def find_marks(text: str) -> list[str]:
    """Expressions of `text` that give, ask for or suggest a mark, a grid level or an assessment."""
    return list(_find(text))
