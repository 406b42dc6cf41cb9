"""Identifiers a hostile or careless text carries besides names: disguised e-mails, profiles, bank and
social-security numbers, birth dates, phones in words, addresses, plates, student numbers, first names.

Each kind has a neutral marker; the privacy gate replaces what it finds, then refuses a request in which
the same detectors still find something. Sales facts are not identifiers: prices, quantities, dates
and times of a meeting, percentages, product references stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from service.domain.given_names import is_given_name
from service.domain.text import STOPWORDS, fold

PHONE = re.compile(r"(?<![\d/])(?:(?:\+|00)33[\s.-]?(?:\(0\))?[\s.-]?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
_TLD = r"(?:com|fr|net|org|eu|info|io|be|ch|biz|me|co|de|uk|ca|lu|re|pro)"
_AT = (
    r"(?:\s*(?:\[\s*(?:at|arobase|arrobase|@)\s*\]|\(\s*(?:at|arobase|arrobase|@)\s*\)|\{\s*(?:at|arobase)\s*\}"
    r"|<\s*(?:at|arobase)\s*>)\s*|\s+(?:at|arobase|arrobase)\s+|\s*@\s*)"
)
_DOT_WORD = r"\s*(?:\[\s*(?:dot|point|\.)\s*\]|\(\s*(?:dot|point|\.)\s*\)|\{\s*(?:dot|point)\s*\})\s*|\s+(?:dot|point)\s+"
_DOT = rf"(?:{_DOT_WORD}|\s?\.\s?)"
_TIGHT_DOT = rf"(?:{_DOT_WORD}|\.)"  # « .com. Puis » ends the address at the full stop
OBFUSCATED_EMAIL = re.compile(
    rf"(?i)(?<![\w.+-])[\w+-]+(?:{_DOT}[\w+-]+){{0,3}}{_AT}[\w-]+(?:{_DOT}[\w-]+){{0,3}}?{_DOT}{_TLD}\b"
)
# Spelled in words with no real domain (« lea point martin arobase eleve point example »): « arobase », a
# bracketed « at » or a bare « @ » is enough; a plain « at » or a spaced « @ » needs a dotted domain.
_AT_STRONG = (
    r"(?:\s*(?:\[\s*(?:at|arobase|arrobase|@)\s*\]|\(\s*(?:at|arobase|arrobase|@)\s*\)|\{\s*(?:at|arobase)\s*\}"
    r"|<\s*(?:at|arobase)\s*>)\s*|\s+(?:arobase|arrobase)\s+|@)"
)
SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![\w.+-])[\w+-]+(?:{_TIGHT_DOT}[\w+-]+){{0,3}}"
    rf"(?:{_AT_STRONG}[\w-]+(?:{_TIGHT_DOT}[\w-]+){{0,3}}|{_AT}[\w-]+(?:{_TIGHT_DOT}[\w-]+){{1,3}})(?![\w-])"
)
_SOCIAL = (
    r"linkedin|facebook|fb|instagram|instagr\.am|twitter|x|tiktok|youtube|snapchat|pinterest|threads|github"
    r"|viadeo|malt|medium|twitch|discord|t\.me|wa\.me|vm\.tiktok"
)
SOCIAL_URL = re.compile(
    rf"(?i)\b(?:https?://)?(?:[\w-]+\.)*(?:{_SOCIAL})\.(?:com|net|fr|gg|me|am)\b[^\s<>\"'),;]*"
)
URL = re.compile(rf"(?i)\b(?:https?://|www\.)[^\s<>\"'),;]+|\b(?:[\w-]+\.)+{_TLD}/[^\s<>\"'),;]*")
_HANDLE_LABEL = (
    r"pseudo|instagram|insta|snap(?:chat)?|tiktok|twitter|facebook|fb|linkedin|discord|skype|whatsapp"
)
HANDLE = re.compile(
    rf"(?<![\w.@/])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?"
    rf"|(?i:\b(?:{_HANDLE_LABEL})\s*:\s*)(?=[\w.@-]*[A-Za-z])[\w.@-]*[._@][\w.-]+"
)
_SEP = r"[\s.]?"
NIR = re.compile(
    rf"(?<![\w-])[12]{_SEP}\d{{2}}{_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){_SEP}(?:\d{{2}}|2[AB]){_SEP}\d{{3}}"
    rf"{_SEP}\d{{3}}(?:{_SEP}\d{{2}})?(?![\w-])"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]{4}){2,7}(?:[ -]?[A-Z0-9]{1,3})?\b")
BIC = re.compile(r"\b[A-Z]{4}(?:FR|BE|LU|CH|DE|ES|IT|MC|GB|NL|PT)[A-Z0-9]{2}(?:[A-Z0-9]{3})?\b")
RIB = re.compile(r"\b\d{5}\s?\d{5}\s?[A-Z0-9]{11}\s?\d{2}\b")
BANK_LABEL = re.compile(r"\b(?:IBAN|BIC|SWIFT|RIB)\s*:?\s*[A-Z0-9](?:[A-Z0-9 -]*[A-Z0-9])?")

_NUMBER_WORD = (
    r"z[ée]ro|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
    r"|vingts?|trente|quarante|cinquante|soixante|septante|huitante|octante|nonante|cents?|mille|et|premier"
)
_WORDS = rf"(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*"
PHONE_WORDS = re.compile(
    rf"(?i)\b(?:z[ée]ro|plus[\s-]+trente[\s-]+trois)(?:[ \t,-]+(?:(?:{_NUMBER_WORD})\b|\d{{2}}(?!\d))){{5,}}"
)
_MONTH = r"janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
_DATE = (
    rf"(?:\d{{1,2}}\s?[/.-]\s?\d{{1,2}}\s?[/.-]\s?\d{{2,4}}|(?:1er|\d{{1,2}}|{_WORDS})\s+(?:{_MONTH})"
    rf"(?:\s+(?:\d{{4}}|{_WORDS}))?|\d{{4}}|(?:{_MONTH})\s+\d{{4}})"
)
BIRTH = re.compile(
    rf"(?i)\b(?:n[ée]e?s?(?:\s?\(e\))?(?:\s+[àa]\s+[\w' -]{{2,30}}?)?\s+(?:le|en|au)\s+|n[ée]e?(?:\s?\(e\))?\s+"
    rf"(?=\d)|date\s+de\s+naissance\s*:?\s*(?:le\s+)?|DDN\s*:?\s*|anniversaire\s*:?\s*(?:le\s+)?"
    rf"|naissance\s*:?\s*(?:le\s+)?)(?:{_DATE})"
)
_STREET_WORD = (
    r"rue|avenue|av\.|boulevard|bd|place|all[ée]e|chemin|impasse|quai|route|rte|cours|square|voie|lotissement"
    r"|r[ée]sidence|zone|za|zi|zac|parc|lieu[- ]dit|hameau|cit[ée]|faubourg|fbg|sentier|passage|villa"
)
_LINK = r"(?:du|de la|des|de|de l['’]|d['’]|l['’]|la|le|les|sur|en|et|aux|au)"
_PROPER = rf"(?:{_LINK}\s*)?[A-ZÀ-Þ][\w'’-]*"
STREET = re.compile(
    rf"(?i:\b\d{{1,4}}\s*(?:bis|ter|[abt])?,?\s+(?:{_STREET_WORD}))\b[^,;\n()\[\]]*(?:,?\s*\d{{5}}\s+[\w' -]+)?"
    rf"|(?i:\b(?:{_STREET_WORD}))\s+{_PROPER}(?:[ \t]+{_PROPER})*"
)
POSTBOX = re.compile(
    r"(?i:\b(?:BP|B\.P\.|CS|TSA|bo[îi]te\s+postale)\s*\d{1,6}\b)|(?i:\bcedex(?:\s+\d{1,2})?\b)"
)
POSTCODE = re.compile(
    r"\b(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\d{3}\b(?=\s*[-–]?\s*[A-ZÀ-Þ](?!UR\b|UROS?\b|T\b|TC\b))|(?<=\()\d{5}(?=\))"
)
_PLATE_LETTERS = r"[A-HJ-NP-TV-Z]{2}"
PLATE = re.compile(
    rf"\b{_PLATE_LETTERS}-\d{{3}}-{_PLATE_LETTERS}\b"
    rf"|(?i:(?:immatricul\w*|plaque|v[ée]hicule)\s*:?\s*)(?-i:{_PLATE_LETTERS}\s?\d{{3}}\s?{_PLATE_LETTERS}\b"
    r"|\d{3,4}\s?[A-Z]{2,3}\s?\d{2}\b)"
    r"|\b\d{3,4}\s(?!HT\b|TTC\b|EUR\b|CV\b|KW\b|KM\b|TS\b)[A-Z]{2,3}\s(?:0[1-9]|[1-8]\d|9[0-5]|2[AB])\b"
)
_ID_KIND = (
    r"[ée]tudiant|[ée]l[èe]ve|candidat|inscription|INE|s[ée]curit[ée]\s+sociale|s[ée]cu|passeport"
    r"|carte\s+d['’]identit[ée]|CNI|permis(?:\s+de\s+conduire)?|adh[ée]rent|client|dossier|contrat|allocataire"
    r"|CAF|mutuelle|assur[ée]|carte\s+vitale|licence|sociétaire|abonné"
)
LABELLED_ID = re.compile(
    rf"(?i:\b(?:(?:n°|no\.?|num[ée]ro|num\.)\s*(?:de\s+|d['’]\s*)?(?:{_ID_KIND})|matricule|INE|identifiant"
    rf"|(?:{_ID_KIND})\s+n°)\s*:?\s*)(?=[\w./ -]*\d{{3}})[A-Z0-9](?:[A-Z0-9./-]*[A-Z0-9])?(?: \d{{2,}}(?![.,]?\d))*"
)
INE = re.compile(r"\b(?:\d{9}[A-Z]{2}|\d{10}[A-Z])\b")
PASSPORT = re.compile(r"\b\d{2}[A-Z]{2}\d{5}\b")
_DIGIT_RUN = re.compile(r"(?<![\w/,])\+?\d(?:(?:[ \u00a0\u202f./_–-]|\s?\(\s?|\s?\)\s?)?\d)*")
_NAME_TOKEN = re.compile(r"(?<![\w-])[A-ZÀ-Þ][\w’']*(?:-[A-ZÀ-Þ][\w’']*)?(?![\w-])")
# A name right after these words names a place (« rue Victor Hugo », « lycée Jean Moulin »), not a person.
PLACE_BEFORE = re.compile(
    r"(?i)\b(?:rue|avenue|bd|boulevard|place|all[ée]e|quai|impasse|chemin|square|lyc[ée]e|coll[èe]ge|[ée]cole"
    r"|centre|espace|salle|parc|stade|r[ée]sidence|cours|pont|gymnase|h[ôo]pital|clinique|za|zi|zac|zone|st|ste"
    r"|saint|sainte|notre|institut|fondation|prix|m[ée]diath[èe]que|biblioth[èe]que|th[ée][âa]tre|cin[ée]ma)"
    r"\.?\s+(?:du |de la |des |de |de l['’]|d['’])?$"
)
_UPPER_BEFORE = re.compile(r"(?<![\w-])([A-ZÀ-Þ]{2,}(?:[- ][A-ZÀ-Þ]{2,})?)\s+$")
_SURNAME_AFTER = re.compile(r"\s+((?:(?:Le|La|De|Du|Van|Da|Di|El|Ben)\s+)?[A-ZÀ-Þ][\w’'-]+)")
_NOT_SURNAMES = frozenset(
    "client cliente directeur directrice gerant gerante responsable president presidente madame monsieur".split()
)
_ACRONYMS = frozenset("BTS NDRC CSE RDV PDG DRH SARL SAS SA EURL TPE PME CRM SMS HT TTC TVA RH".split())


_INVISIBLE_TEXT = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_TEXT))


def plain(text: str) -> str:
    """`text` as a detector should read it: full-width « ０６ » or « ＠ » folded, invisible characters gone."""
    if unicodedata.is_normalized("NFKC", text) and not any(c in text for c in _INVISIBLE_TEXT):
        return text
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


@dataclass(frozen=True)
class Kind:
    """One kind of identifier: how it is found, and the neutral marker that replaces it."""

    name: str
    marker: str
    find: Callable[[str], Iterator[tuple[int, int]]]


def _spans(pattern: re.Pattern[str]) -> Callable[[str], Iterator[tuple[int, int]]]:
    return lambda text: (m.span() for m in pattern.finditer(text))


def _spoken_phone_hint(low: str) -> bool:
    """A phone in words starts with « zéro » or « plus trente-trois »."""
    return "zéro" in low or "zero" in low or "trente-trois" in low or "trente trois" in low


def _phones(text: str) -> Iterator[tuple[int, int]]:
    """Phone numbers with any separators: ten digits from 0, or +33/0033 and nine digits."""
    yield from (m.span() for m in PHONE.finditer(text))
    if _spoken_phone_hint(text.lower()):
        yield from (m.span() for m in PHONE_WORDS.finditer(text))
    for run in _DIGIT_RUN.finditer(text):
        if len(run.group()) < 10:
            continue
        digits = re.sub(r"\D", "", run.group())
        national = len(digits) == 10 and digits[0] == "0" and digits[1] != "0"
        international = (run.group().startswith("+") and digits[:2] == "33" and len(digits) in (11, 12)) or (
            digits[:4] == "0033" and len(digits) in (13, 14)
        )
        if national or international:
            yield run.span()


@dataclass(frozen=True)
class NameSeen:
    """A first name found in a text, with the surname written beside it if any, and the span of both."""

    start: int
    end: int
    first: str
    surname: str


def names_seen(text: str, keep: frozenset[str]) -> Iterator[NameSeen]:
    """First names alone or beside a surname (« Kévin m'a aidé », « DURAND Kévin », « Jennifer Marchal »),
    not the words of the organisation's name (`keep`, folded) nor a place (« lycée Jean Moulin »)."""
    for match in _NAME_TOKEN.finditer(text):
        word, (start, end) = match.group(), match.span()
        if (
            fold(word) in keep
            or not is_given_name(word)
            or PLACE_BEFORE.search(text, max(0, start - 40), start)
        ):
            continue
        surname = ""
        before = _UPPER_BEFORE.search(text, max(0, start - 40), start)
        if before and before.group(1) not in _ACRONYMS and _surname_like(before.group(1), keep):
            start, surname = before.start(1), before.group(1)
        after = _SURNAME_AFTER.match(text, end)
        if after and not surname and _surname_like(after.group(1), keep):
            end, surname = after.end(), after.group(1)
        yield NameSeen(start, end, word, surname)


def first_names_kind(keep: frozenset[str], known: frozenset[str] | None = None) -> Kind:
    """First names (with the surname beside them) as `names_seen` finds them; given `known` (folded), only
    those first names written alone: a full name that is not the FDAP's is a fictional character."""

    def find(text: str) -> Iterator[tuple[int, int]]:
        for seen in names_seen(text, keep):
            if known is None or (not seen.surname and fold(seen.first) in known):
                yield seen.start, seen.end

    return Kind("prénom", "[prénom]", find)


def _surname_like(word: str, keep: frozenset[str]) -> bool:
    folded = fold(word)
    return folded not in STOPWORDS and folded not in _NOT_SURNAMES and folded not in keep and len(folded) > 1


def _either(*patterns: re.Pattern[str]) -> Callable[[str], Iterator[tuple[int, int]]]:
    return lambda text: (m.span() for p in patterns for m in p.finditer(text))


_KINDS = (
    Kind("courriel", "[courriel]", _either(OBFUSCATED_EMAIL, SPELLED_EMAIL)),
    Kind("profil en ligne", "[profil en ligne]", _spans(SOCIAL_URL)),
    Kind("lien", "[lien]", _spans(URL)),
    Kind("pseudonyme", "[pseudonyme]", _spans(HANDLE)),
    Kind("coordonnées bancaires", "[coordonnées bancaires]", _either(BANK_LABEL, IBAN, BIC, RIB)),
    Kind("numéro de sécurité sociale", "[numéro de sécurité sociale]", _spans(NIR)),
    Kind("date de naissance", "[date de naissance]", _spans(BIRTH)),
    Kind("identifiant", "[identifiant]", _either(LABELLED_ID, INE, PASSPORT)),
    Kind("immatriculation", "[immatriculation]", _spans(PLATE)),
    Kind("téléphone", "[téléphone]", _phones),
    Kind("adresse", "[adresse]", _either(STREET, POSTBOX)),
    Kind("code postal", "[code postal]", _spans(POSTCODE)),
)


def replace(text: str, kind: Kind) -> str:
    """`text` with what `kind` finds replaced by its marker."""
    for start, end in reversed(_merged(kind.find(text))):
        text = text[:start] + kind.marker + text[end:]
    return text


def replace_coordinates(text: str) -> str:
    """`text` with every coordinate and identifying number replaced by its kind's marker."""
    for kind in _KINDS:
        text = replace(text, kind)
    return text


def identifiers_in(text: str, names: Kind) -> list[str]:
    """The kinds of identifier found in `text` (each kind once), the first names of `names` included."""
    return [kind.name for kind in (*_KINDS, names) if next(iter(kind.find(text)), None) is not None]


def _merged(spans: Iterator[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# What the rules and the offline engine look for besides phones, e-mails and names: precise enough for a
# sheet, whose invented characters, figures and dates must never be taken for them. Each kind is looked
# for only when a cheap hint is there: the rules run on every keystroke.
_EMAIL_HINTS = ("@", " at ", "(at)", "[at]", "{at}", "<at>", "( at )", "[ at ]", "arobase", "arrobase")
_PROFILE_HINT = re.compile(r"\.(?:com|net|fr|gg|me|am)\b")
_BANK_LABELS = ("IBAN", "BIC", "SWIFT", "RIB")
_Hint = Callable[[str, str, int], bool]
_STRONG: tuple[tuple[str, _Hint, Callable[[str], Iterator[tuple[int, int]]]], ...] = (
    (
        "courriel",
        lambda text, low, digits: any(h in low for h in _EMAIL_HINTS),
        _either(OBFUSCATED_EMAIL, SPELLED_EMAIL),
    ),
    ("profil", lambda text, low, digits: _PROFILE_HINT.search(low) is not None, _spans(SOCIAL_URL)),
    ("nir", lambda text, low, digits: digits >= 13, _spans(NIR)),
    (
        "banque",
        lambda text, low, digits: digits >= 14 or any(label in text for label in _BANK_LABELS),
        _either(IBAN, RIB, BANK_LABEL),
    ),
    ("naissance", lambda text, low, digits: _birth_hint(low, digits), _spans(BIRTH)),
    ("telephone", lambda text, low, digits: digits >= 10 or _spoken_phone_hint(low), _phones),
)


def _birth_hint(low: str, digits: int) -> bool:
    """A birth date needs a label (« né », « naissance », « DDN ») and a year in figures or in words."""
    if "naiss" in low or "ddn" in low or "anniv" in low:
        return True
    return ("né" in low or "ne " in low or "nee" in low) and (digits >= 4 or "mille" in low)


def strong_identifiers(text: str) -> list[tuple[str, str]]:
    """(kind, text) of the disguised e-mails, profiles, NIR, bank details, birth dates and phones in `text`."""
    text = plain(text)
    low, digits = text.lower(), sum(map(text.count, "0123456789"))
    return [
        (kind, text[s:e])
        for kind, hint, find in _STRONG
        if hint(text, low, digits)
        for s, e in _merged(find(text))
    ]
