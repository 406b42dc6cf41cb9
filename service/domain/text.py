"""Lexical tools shared by the rules and the engines.

What they measure: surface resemblance of French texts, not meaning. Words are lower-cased, stripped of
accents, filtered of stop-words and cut to a light stem (plural and common derivational suffixes), so that
"négociations" and "négocier" meet. Two texts are compared by
- `stem_jaccard`: shared stems over all stems (same vocabulary, whatever the order);
- `containment`: share of the first text's stems found in the second (is A said inside B?);
- `char_dice`: Dice coefficient of character 4-grams (robust to inflection and small rewordings).
Synonyms ("mutuelle" / "complémentaire santé") are not recognised: thresholds are set for that and are
tested on the labelled sheets of fixtures/fiches.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE = re.compile(r"(?<=[.!?;»])\s+|\n+|\s+[-•–]\s+")

STOPWORDS = frozenset(
    """
    a au aux avec ce ces cet cette ceci cela ca dans de des du elle elles en et eux il ils je la le les leur
    leurs lui ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses si son
    sur ta te tes toi ton tu un une vos votre vous y d l j m n s t c qu est sont ete etre avoir ont a as
    aussi afin ainsi alors apres avant car chez comme dont donc entre lors plus moins tres tout tous toute
    toutes sans sous vers puis deja encore bien fait faire peut doit selon depuis pendant chaque autre
    autres quelques certains certaines celui celle ceux celles leur notamment egalement etc ici la-bas
    cas fois part non oui sera seront etait avait sont sera aura ayant etant lequel laquelle lesquels
    """.split()
)

_SUFFIXES = (
    "issements",
    "issement",
    "atrices",
    "ateurs",
    "ations",
    "ements",
    "ement",
    "ation",
    "atrice",
    "ateur",
    "ances",
    "ences",
    "ance",
    "ence",
    "ismes",
    "isme",
    "istes",
    "iste",
    "ables",
    "able",
    "ibles",
    "ible",
    "ites",
    "ite",
    "euses",
    "euse",
    "eux",
    "iques",
    "ique",
    "ives",
    "ive",
    "ifs",
    "if",
    "ees",
    "ee",
    "es",
    "er",
    "ez",
    "ant",
    "ants",
    "ante",
    "antes",
    "aux",
    "al",
    "ale",
    "ales",
    "s",
    "x",
    "e",
)


_COMBINING = re.compile("[\u0300-\u036f]")


@lru_cache(maxsize=32768)
def fold(text: str) -> str:
    """Lower-case ASCII form: accents removed, œ/æ expanded (done by the C library, cached)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    lowered = lowered.replace("œ", "oe").replace("æ", "ae").replace("’", "'")
    return _COMBINING.sub("", unicodedata.normalize("NFKD", lowered))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem of a folded word: enough to match inflections, never below four letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@lru_cache(maxsize=32768)
def stems(text: str) -> frozenset[str]:
    """Content stems of a text: no stop-words, no one- or two-letter words (numbers are kept)."""
    return frozenset(stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit()))


@lru_cache(maxsize=32768)
def stem_sequence(text: str) -> tuple[str, ...]:
    """The content stems of a text in their order (the same filter as `stems`)."""
    return tuple(stem(w) for w in words(text) if w not in STOPWORDS and (len(w) > 2 or w.isdigit()))


def ordered_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest common subsequence of two short stem sequences (words kept in order)."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


@lru_cache(maxsize=32768)
def char_ngrams(text: str, n: int = 4) -> frozenset[str]:
    flat = " ".join(w for w in words(text) if w not in STOPWORDS)
    padded = f" {flat} "
    return frozenset(padded[i : i + n] for i in range(max(len(padded) - n + 1, 0)))


def stem_jaccard(a: str, b: str) -> float:
    sa, sb = stems(a), stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def containment(a: str, b: str) -> float:
    """Share of the stems of `a` that also occur in `b` (0 when `a` has none)."""
    sa = stems(a)
    if not sa:
        return 0.0
    return len(sa & stems(b)) / len(sa)


def char_dice(a: str, b: str) -> float:
    ga, gb = char_ngrams(a), char_ngrams(b)
    if not ga or not gb:
        return 0.0
    return 2 * len(ga & gb) / (len(ga) + len(gb))


def resemblance(a: str, b: str) -> float:
    """One figure in [0, 1] for "says the same thing in nearly the same words"."""
    return max(stem_jaccard(a, b), char_dice(a, b))


def sentences(text: str) -> list[str]:
    """Sentences and list items of a text, stripped, empty ones dropped."""
    return list(_sentences(text))


@lru_cache(maxsize=32768)
def _sentences(text: str) -> tuple[str, ...]:
    return tuple(s.strip(" -•–\t") for s in _SENTENCE.split(text) if s and s.strip(" -•–\t"))


def at_least(threshold: float, a: str, b: str, both_ways: bool = False) -> bool:
    """max(containment(a, b)[, containment(b, a)], resemblance(a, b)) >= threshold, cheapest first."""
    if containment(a, b) >= threshold or (both_ways and containment(b, a) >= threshold):
        return True
    return stem_jaccard(a, b) >= threshold or char_dice(a, b) >= threshold


def shorten(text: str, limit: int = 220) -> str:
    """A one-paragraph excerpt cut at a word boundary, with an ellipsis when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    for opening, closing in (("(", ")"), ("«", "»"), ("[", "]")):
        if cut.count(opening) > cut.count(closing):  # never leave a bracket or a quote open
            cut = cut[: cut.rfind(opening)].rstrip(" ,;:")
    return f"{cut}…" if cut else f"{flat[: limit - 1]}…"
