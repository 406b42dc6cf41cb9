"""Recognising a label by its leading words and synonyms, whatever the student appended to it.

A label cell may hold the label alone, lengthened (« Résultats de l'entretien de vente »), the label then
the start of the content (« Acteurs concernés lors de la négociation (Statuts/Rôles/Motivations) Mme X :
observatrice »), or « Label : content ». After the synonym, the label runs on over the words a student
appends to it (lower case, led by « de », « sur », « lors »…), a parenthesis of label words, then a colon;
the content starts at the first word no label holds (a capital, a sentence, a long run of words).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

from service.intake.labels import LABELS, Label

_WORD = re.compile(r"[^\W_]+")
_FOOTNOTE_MARK = re.compile(r"(?<=[^\W\d_]{3})\d$")
_AGREEMENT = re.compile(r"\((?:s|x|e|es|nt)\)s?", re.IGNORECASE)  # « Type(s) », « concerné(e)s »
_STOPS = frozenset('.;!?«»"“”…,\n')
_SKIPPED_IN_SYNONYMS = frozenset({"s", "x", "e", "es"})
MAX_EXTENSION = 8
# Words a student's lengthening of a label starts with (« Résultats obtenus sur 16 s »).
CONNECTORS = frozenset(
    "de du des d l la le les sur lors pendant durant en et pour par a aupres avec obtenus obtenu "
    "obtenues fixes fixe fixees mis mises mise realisees realises realisee utilises utilisees mobilises "
    "vises visees concernes concernees".split()
)
# Remainders after a label that are not sub-rubrics: « Difficultés rencontrées (suite) ».
_NOT_SUBLABELS = {"suite", "fin", "detail", "details", "precisez", "facultatif", "a completer", "1", "2"}
_EXTRA_LABEL_WORDS = (
    "statut statuts role roles motivation motivations suite facultatif voir annexe si besoin etc"
)
# Single-word labels precise enough to open a rubric from inside a content cell (« Lieu : … »).
_STRONG_SINGLE = frozenset({"lieu", "lieux", "date", "dates", "nom", "prenom", "prenoms", "titre", "adresse"})


def normalise(text: str) -> str:
    """Casefolded words without accents or punctuation, single-spaced: `Type(s) de client(s)` -> `type s de client s`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("œ", "oe").replace("æ", "ae"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_WORD.findall(bare))


@dataclass(frozen=True)
class Token:
    word: str  # normalised
    start: int
    end: int
    raw: str


@functools.lru_cache(maxsize=8192)
def _word_forms(raw: str) -> tuple[str, ...]:
    return tuple(_FOOTNOTE_MARK.sub("", word) for word in normalise(raw).split())


def tokens(text: str) -> list[Token]:
    """The words of `text` with their place in it; agreement marks « (s) » and footnote calls dropped."""
    found: list[Token] = []
    for match in _WORD.finditer(_AGREEMENT.sub(lambda mark: " " * len(mark.group()), text)):
        for word in _word_forms(match.group()):
            found.append(Token(word, match.start(), match.end(), match.group()))
    return found


def _synonym_words(synonym: str) -> tuple[str, ...]:
    return tuple(word for word in synonym.split() if word not in _SKIPPED_IN_SYNONYMS)


_SYNONYMS = [(_synonym_words(synonym), label, synonym) for label in LABELS for synonym in label.synonyms]
LABEL_WORDS = frozenset(word for words, _, _ in _SYNONYMS for word in words) | set(_EXTRA_LABEL_WORDS.split())
_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], Label, str]]] = {}
for _entry in _SYNONYMS:
    if _entry[0]:
        _BY_FIRST_WORD.setdefault(_entry[0][0], []).append(_entry)


@dataclass(frozen=True)
class Match:
    label: Label
    sublabel: str = ""  # original text after the synonym, when it names a sub-rubric
    synonym: str = ""

    @property
    def key(self) -> str:
        return self.label.key

    @property
    def strong(self) -> bool:
        """Precise enough to be a label even where content is expected."""
        return len(_synonym_words(self.synonym)) >= 2 or self.synonym in _STRONG_SINGLE


@dataclass(frozen=True)
class Split:
    match: Match
    content: str  # what follows the label on the same line ('' when the label fills it)


def _choose(candidates: list[Label], section: str) -> Label | None:
    for label in candidates:
        if section in label.sections:
            return label
    general = [label for label in candidates if not label.sections]
    return general[0] if general else None


def _one_edit(first: str, second: str) -> bool:
    """One letter added, dropped, changed, or two neighbours swapped."""
    if len(first) == len(second):
        diff = [i for i, (left, right) in enumerate(zip(first, second, strict=True)) if left != right]
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            return first[diff[0]] == second[diff[1]] and first[diff[1]] == second[diff[0]]
        return len(diff) <= 1
    short, long = sorted((first, second), key=len)
    if len(long) - len(short) != 1:
        return False
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def same_word(typed: str, wanted: str) -> bool:
    """Equal, or the same word with a plural or one typo (for words long enough to tell)."""
    if typed == wanted:
        return True
    if min(len(typed), len(wanted)) < 4:
        return False
    if typed.rstrip("sx") == wanted.rstrip("sx"):
        return True
    return min(len(typed), len(wanted)) >= 6 and _one_edit(typed, wanted)


def _leading(words: list[str], section: str, *, exact: bool) -> tuple[Label, str, int] | None:
    """The longest synonym `words` start with, preferring exact spellings, then the current section."""
    candidates: list[tuple[int, bool, Label, str]] = []
    entries = _BY_FIRST_WORD.get(words[0], []) if exact else _near_first_word(words[0])
    for synonym_words, label, synonym in entries:
        count = len(synonym_words)
        if count > len(words):
            continue
        same = tuple(words[:count]) == synonym_words
        if same or (not exact and all(map(same_word, words[:count], synonym_words))):
            candidates.append((count, same, label, synonym))
    for count, same in sorted({(length, spelled) for length, spelled, _, _ in candidates}, reverse=True):
        group = [
            (label, synonym)
            for length, spelled, label, synonym in candidates
            if (length, spelled) == (count, same)
        ]
        chosen = _choose([label for label, _ in group], section)
        if chosen is not None:
            return chosen, next(synonym for label, synonym in group if label is chosen), count
    return None


def _near_first_word(word: str) -> list[tuple[tuple[str, ...], Label, str]]:
    return [entry for first, entries in _BY_FIRST_WORD.items() if same_word(word, first) for entry in entries]


@dataclass(frozen=True)
class _Scan:
    extension: list[Token]
    stop: str  # colon, paren, end, capital (a capitalised word), content (punctuation), long
    at: int  # where the content starts in the line


def _label_like(text: str) -> bool:
    words = [token.word for token in tokens(text)]
    return bool(words) and sum(word in LABEL_WORDS for word in words) * 5 >= len(words) * 3


def _starts_content(token: Token, upper_line: bool) -> bool:
    """A capitalised word (« Mme », « Choix »), or a lone capital (« M. », « X »), in a line not in capitals."""
    return not upper_line and token.raw[0].isupper() and (len(token.raw) == 1 or not token.raw.isupper())


def _scan(line: str, found: list[Token], count: int) -> _Scan:
    """How far the label runs after its synonym's `count` words."""
    extension: list[Token] = []
    position, index = found[count - 1].end, count
    upper_line = line.isupper()
    while True:
        gap_end = found[index].start if index < len(found) else len(line)
        for offset in range(position, gap_end):
            char = line[offset]
            if char == ":":
                return _Scan(extension, "colon", offset + 1)
            if char == ")":  # the label's own parenthesis closing: « …(Statuts/Rôles/Motivations) »
                return _Scan(extension, "paren", offset + 1)
            if char == "(":
                close = line.find(")", offset)
                if 0 < close - offset <= 80 and _label_like(line[offset + 1 : close]):
                    return _Scan(extension, "paren", close + 1)
                return _Scan(extension, "content", offset)
            if char in _STOPS:
                if not line[offset:].strip(" \t.…,;!?"):
                    return _Scan(extension, "end", len(line))  # « …, le secteur, etc. »
                return _Scan(extension, "content", offset)
        if index >= len(found):
            return _Scan(extension, "end", len(line))
        token = found[index]
        if _starts_content(token, upper_line):
            return _Scan(extension, "capital", token.start)
        if len(extension) >= MAX_EXTENSION:
            return _Scan(extension, "long", token.start)
        extension.append(token)
        position, index = token.end, index + 1


def _content(text: str) -> str:
    return text.lstrip(" \t:–—-,;)]").strip()  # « …(Statuts/Rôles/Motivations) Mme X »: no « ) »


@functools.lru_cache(maxsize=4096)
def split_label(
    line: str, section: str, *, level: int = 2, run_on: bool = False, content_follows: bool = False
) -> Split | None:
    """The label `line` starts with and the content after it on the line, or None.

    level 0: a synonym alone (then perhaps `: content`); 1: also lengthened multi-word synonyms; 2: also
    lengthened one-word synonyms and near spellings of the whole line. `run_on`: content may follow the
    label without a colon (a label cell the student typed on). `content_follows`: more text comes after
    this line, so a short tail after a lengthened label is still label.
    """
    blanked = _AGREEMENT.sub(lambda mark: " " * len(mark.group()), line)
    found = tokens(line)
    if not found:
        return None
    choice = _leading([token.word for token in found], section, exact=level < 2)
    if choice is None:
        return _near_spelling(line, section) if level >= 2 else None
    label, synonym, count = choice
    scan = _scan(blanked, found, count)
    extension = scan.extension
    if extension and (level == 0 or not label.extensible or (level == 1 and count < 2)):
        return None
    led = bool(extension) and extension[0].word in CONNECTORS
    ext_text = blanked[extension[0].start : extension[-1].end].strip() if extension else ""
    sublabel = "" if led or not extension or normalise(ext_text) in _NOT_SUBLABELS else ext_text
    after_synonym = _content(line[found[count - 1].end :])
    if sublabel and len(extension) > (4 if count >= 2 else 3):
        # A long tail that is no lengthening of the label: content typed straight after it.
        return Split(Match(label, "", synonym), after_synonym) if run_on and label.extensible else None
    if scan.stop == "colon" or scan.stop == "paren":
        content = _content(line[scan.at :])
        if scan.stop == "paren" and not label.extensible and content and not content.startswith(":"):
            return None
        return Split(Match(label, sublabel, synonym), content)
    if scan.stop == "end":
        return Split(Match(label, sublabel, synonym), "")
    content = _content(line[scan.at :])
    if scan.stop == "capital" and led and content_follows and len(content.split()) < 3 and ":" not in content:
        return Split(Match(label, "", synonym), "")  # « … sur la cible des boulangeries de Lyon »: all label
    if not run_on or not label.extensible:
        return None
    if scan.stop in ("capital", "content") and led:
        return Split(Match(label, "", synonym), content)
    return Split(Match(label, "", synonym), after_synonym)


def _near_spelling(line: str, section: str) -> Split | None:
    """A whole line that is a synonym with a typo or two (« Acteurs concernées »)."""
    norm = normalise(line)
    if len(norm) < 8 or len(norm.split()) > 8:
        return None
    scored: list[tuple[float, Label, str]] = []
    for label in LABELS:
        for synonym in label.synonyms:
            if len(synonym) < 8:
                continue
            matcher = difflib.SequenceMatcher(None, norm, synonym)
            if matcher.real_quick_ratio() >= 0.88 and matcher.quick_ratio() >= 0.88:
                ratio = matcher.ratio()
                if ratio >= 0.88:
                    scored.append((ratio, label, synonym))
    if not scored:
        return None
    top = max(ratio for ratio, _, _ in scored)
    chosen = _choose([label for ratio, label, _ in scored if ratio == top], section)
    if chosen is None:
        return None
    synonym = next(s for ratio, label, s in scored if ratio == top and label is chosen)
    return Split(Match(chosen, "", synonym), "")


def match_label(text: str, section: str, *, level: int = 2, content_follows: bool = False) -> Match | None:
    """The label `text` (one line) is, with nothing else on it; None otherwise."""
    split = split_label(text.strip(), section, level=level, content_follows=content_follows)
    return split.match if split is not None and not split.content else None
