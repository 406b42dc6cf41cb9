"""French wording shared by every writer: dates, sums, sentences, and the sheets' two voices.

The FDAP speaks in the student's first person; the candidate sheet says "vous", the jury sheet
"le candidat". These helpers know nothing of the FDAP itself.
"""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from functools import lru_cache

from service.domain.text import fold
from service.engines.offline import calendar
from service.engines.offline.accents import accented

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
HOURS = ("9 h 30", "10 h", "10 h 30", "11 h", "14 h", "14 h 30", "16 h", "17 h 30")


def fr_date(day: date) -> str:
    """Example: "mardi 9 septembre 2025"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{WEEKDAYS[day.weekday()]} {number} {MONTHS[day.month - 1]} {day.year}"


def day_in(year: int, month: int, weekday: int, rng: random.Random) -> date:
    """A given weekday in the second or third week of a month, moved to the next working day when it is a
    public holiday (« lundi 21 avril 2025 », Easter Monday, becomes « mardi 22 avril 2025 »)."""
    start = date(year, month, rng.choice((8, 15)))
    return calendar.open_day(start + timedelta(days=(weekday - start.weekday()) % 7), saturday=weekday == 5)


def later_month(month: int, base_month: int | None, base_year: int) -> int:
    """The year in which `month` comes after the FDAP's month."""
    if base_month is None:
        return base_year
    return base_year if month > base_month else base_year + 1


def money(value: float) -> str:
    """Example: "69 €", "1 500 €", "160 000 €" (non-breaking thousands, no decimals)."""
    whole = f"{round(value):,}".replace(",", "\u202f")
    return f"{whole} €"


def pct(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def below(value: float, share: float) -> float:
    """A round figure about `share` of `value`, for a tight budget."""
    target = value * share
    step = 1 if target < 100 else 10 if target < 2000 else 100 if target < 20000 else 1000
    return max(step, (target // step) * step)


_UNITS = (
    (r"/\s*mois\b|par mois", " par mois"),
    (r"par personne|/\s*pers\b|par pers\b|par invite|/\s*invite", " par personne"),
    (r"/\s*t\b|la tonne|par tonne|/\s*tonne", " la tonne"),
    (r"/\s*palette|par palette", " par palette"),
    (r"/\s*h\b|de l'heure|par heure|/\s*heure", " de l'heure"),
    (r"/\s*an\b|par an\b|/\s*annee|par annee", " par an"),
    (r"/\s*jour\b|par jour", " par jour"),
    (r"/\s*m2\b|/\s*m²|le m2|le m²", " le m²"),
    (r"/\s*kg\b|le kg\b|le kilo", " le kilo"),
    (r"/\s*l\b|le litre", " le litre"),
)


def unit_of(price: str) -> str:
    """The unit a price is given per (« 1 145 €/t » -> « la tonne »): a unit price is no total."""
    folded = fold(price)
    return next((said for pattern, said in _UNITS if re.search(pattern, folded)), "")


def lower_first(text: str) -> str:
    """Lower-case the first letter of a common noun phrase, never of a name ("Basic-Fit Angers")."""
    first, *rest = text.split(" ", 1)
    if any(letter.isupper() for letter in first[1:]) or (rest and rest[0][:1].isupper()):
        return text
    return text[:1].lower() + text[1:]


def sentence(text: str) -> str:
    """Text ending with a full stop."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


_OURS = re.compile(r"\b(?:[Mm](?:a|on|es)|[Nn]o(?:tre|s))\s+")
_MOI = re.compile(r"\b[Mm]oi\b(?!-même)|\b[Mm]oi-même\b")
_PREP = r"(?:\b(?P<prep>[Dd]e|[Àà])\s+)?"
_MY = re.compile(
    r"(?P<before>(?:,|\bet)\s+)?" + _PREP + r"\b(?P<det>[Mm](?:a|on|es))\s+(?P<noun>[^\W\d_][\w’'-]*)"
)
_OUR = re.compile(_PREP + r"\b(?P<det>[Nn]o(?:tre|s))\s+(?P<noun>[^\W\d_][\w’'-]*)")
_CONTRACTED = {"de le ": "du ", "de les ": "des ", "à le ": "au ", "à les ": "aux "}
_FEMININE = re.compile(
    r"(?:tion|sion|ure|ence|ance|ette|ique|ie|té|ée|ade|ise|elle|esse|ine|erie|ière|euse|rice)$|"
    r"^(?:agence|assurance|banque|boutique|équipe|offre|entreprise|société|enseigne|salle|page|carte|gamme"
    r"|marque|maison|structure|formule|plateforme|clientèle|vitrine)$"
)


_NAME_BEFORE = re.compile(r"[A-ZÀ-Þ][\w’'&-]*\s+$")


def in_name(match: re.Match[str]) -> bool:
    """A capitalised « Mes », « Notre » inside a name (« Tout Pour Mes Bêtes »), not the student's."""
    word = match.group(0).lstrip(" ,")
    return word[:1].isupper() and bool(
        _NAME_BEFORE.search(match.string[: match.start() + len(match.group(0)) - len(word)])
    )


def _case(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


@lru_cache(maxsize=8192)
def yours(text: str) -> str:
    """The FDAP's first person in the candidate's vous-form: "mon tuteur" -> "votre tuteur", "moi" -> "vous".

    "notre/nos" speak of the firm the candidate works for: "notre site" -> "votre site".
    """

    def swap(match: re.Match[str]) -> str:
        word = match.group(0).rstrip()
        if in_name(match):
            return match.group(0)
        plural = word.lower() in ("mes", "nos")
        return _case("vos " if plural else "votre ", word)

    text = _OURS.sub(swap, text)
    text = _JE.sub(lambda x: _case("vous ", x.group(0)) + _I_DO[x.group(1).lower()][0], text)
    text = _NOUS_VERB.sub(lambda x: _case("vous ", x.group(1)) + _conjugated(x.group(2), "vous"), text)
    text = re.sub(r"\b([Nn])ous\b", lambda x: _case("vous", x.group(1)), text)
    text = re.sub(
        r"\b([Mm])['’](?=[aeiouyhéèêàâîôû])|\bme\b(?=\s)", lambda x: _case("vous ", x.group(0)), text
    )
    text = text.replace("vous  ", "vous ").replace("Vous  ", "Vous ")
    return _MOI.sub(lambda x: _case("vous-même" if "-" in x.group(0) else "vous", x.group(0)), text)


_I_DO = {
    "ai": ("avez", "a"),
    "avais": ("aviez", "avait"),
    "suis": ("êtes", "est"),
    "étais": ("étiez", "était"),
}
_JE = re.compile(r"\b(?:[Jj]['’]|[Jj]e\s+)(ai|avais|suis|étais)\b")
_NOUS_VERB = re.compile(r"\b([Nn])ous\s+(\w+ons|sommes)\b")
_IRREGULAR = {
    "vous": {"avons": "avez", "sommes": "êtes", "faisons": "faites", "disons": "dites"},
    "il": {"avons": "a", "avions": "avait", "sommes": "est", "étions": "était", "faisons": "fait"},
}
_INDIRECT = frozenset(
    "confié recommandé demandé proposé dit expliqué donné envoyé transmis présenté permis conseillé".split()
)


def _conjugated(verb: str, person: str) -> str:
    """A "nous" verb for "vous" or "il": "avons" -> "avez" / "a", "ciblons" -> "ciblez" / "cible"."""
    if verb in _IRREGULAR[person]:
        return _IRREGULAR[person][verb]
    if verb.endswith("ions"):
        return verb[:-4] + ("iez" if person == "vous" else "ait")
    return verb[:-3] + ("ez" if person == "vous" else "e")


def _me(match: re.Match[str]) -> str:
    """ "m'a confié" -> "a confié au candidat", "m'accompagne" -> "accompagne le candidat"."""
    verb, participle = match.group(1), match.group(2)
    if verb.lower() in ("a", "avait") and participle:
        return f"{verb} {participle} {'au' if participle in _INDIRECT else 'le'} candidat"
    return f"{verb} le candidat"


def _nous(match: re.Match[str]) -> str:
    """ "nous a contactés" -> "a contacté l'entreprise"."""
    verb, participle = match.group(1), match.group(2)
    return f"{verb} {re.sub(r'ée?s$|ée$', 'é', participle)} l'entreprise"


@lru_cache(maxsize=8192)
def theirs(text: str) -> str:
    """The FDAP's first person on the jury sheet, which speaks of "le candidat".

    Examples: "mon tuteur" -> "le tuteur du candidat", "…, ma tutrice" -> "…, tutrice du candidat",
    "notre site" -> "le site", "nos forfaits" -> "les forfaits", "moi" -> "le candidat".
    """

    def mine(match: re.Match[str]) -> str:
        if in_name(match):
            return match.group(0)
        det, noun, before = match.group("det"), match.group("noun"), match.group("before") or ""
        if before and not match.group("prep") and det.lower() != "mes":
            return f"{before}{noun} du candidat"
        article = "les " if det.lower() == "mes" else _article(noun, det.lower() == "ma")
        return f"{before}{_with(match.group('prep'), _case(article, det))}{noun} du candidat"

    def ours(match: re.Match[str]) -> str:
        det, noun = match.group("det"), match.group("noun")
        article = "les " if det.lower() == "nos" else _article(noun, bool(_FEMININE.search(noun.lower())))
        return f"{_with(match.group('prep'), _case(article, det))}{noun}"

    text = _OUR.sub(ours, _MY.sub(mine, text))
    text = _JE.sub(lambda x: _case("le candidat ", x.group(0)) + _I_DO[x.group(1).lower()][1], text)
    text = re.sub(r"\b[Mm]['’](a|avait|\w+)\b(?:\s+(\w+é(?:e?s)?|dit|transmis|permis))?", _me, text)
    text = _NOUS_VERB.sub(lambda x: _case("l'entreprise ", x.group(1)) + _conjugated(x.group(2), "il"), text)
    text = re.sub(r"\b[Nn]ous\s+(a|avait|ont)\s+(\w+é(?:e?s)?)\b", _nous, text)
    text = re.sub(r"(?<=\bqui )nous\s+(\w+)", r"\1 l'entreprise", text)  # "qui nous différencie"
    text = re.sub(r"\b([Nn])ous\b", lambda x: _case("l'entreprise", x.group(1)), text)
    return _SAID_AGAIN.sub(_his, _MOI.sub(lambda x: _case("le candidat", x.group(0)), text))


# « le candidat a fait la découverte avec le tuteur du candidat »: once the sentence names him, « son tuteur »
_SAID_AGAIN = re.compile(r"(\b[Ll]e candidat\b[^.!?]*?)\b(le|la|les|l['’])\s*([\w-]+) du candidat\b")


def _his(match: re.Match[str]) -> str:
    det, noun = match.group(2).lower(), match.group(3)
    own = "ses" if det == "les" else "sa" if det == "la" and noun[:1] not in "aeiouyéèêh" else "son"
    return f"{match.group(1)}{own} {noun}"


def _with(prep: str | None, article: str) -> str:
    """ "de" or "à" before a definite article, contracted: "de le " -> "du ", "à les " -> "aux "."""
    if not prep:
        return article
    said = f"{prep} {article}"
    contracted = _CONTRACTED.get(said.lower())
    return _case(contracted, prep) if contracted else said


def _article(noun: str, feminine: bool) -> str:
    if noun[:1].lower() in "aeiouyhéèêàâîôû":
        return "l'"
    return "la " if feminine else "le "


def neutral(text: str) -> str:
    """Text without the FDAP's first-person asides, for rows both sheets carry word for word.

    Example: "bureau de la conseillère (ma tutrice)" -> "bureau de la conseillère".
    """
    return re.sub(r"\s*\([^()]*\b(?:ma|mon|mes|notre|nos|moi)\b[^()]*\)", "", text, flags=re.IGNORECASE)


_FEMININE_FIRMS = (
    "Chambre|Agence|Boulangerie|Banque|Caisse|Mutuelle|Société|Salle|Clinique|Pharmacie|Parfumerie|Boutique|"
    "Librairie|Cave|École|Association|Fédération|Compagnie|Coopérative|Ferme|Jardinerie|Animalerie|Mairie|"
    "Entreprise|Auto-école|Auto-Ecole|Concession|Résidence|Crèche|Fromagerie|Boucherie|Pâtisserie|Brasserie|"
    "[A-ZÀ-Þ][a-zà-ÿ]+erie"
)
_MASCULINE_FIRMS = "Centre|Office|Club|Institut|Magasin|Hôtel|Restaurant|Domaine|Garage|Cabinet|Camping"
_FIRM = re.compile(
    rf"(?<![\w'’-])(chez|à|de|pour|avec|par|dans|auprès de|contre)\s+(?=({_FEMININE_FIRMS}|{_MASCULINE_FIRMS})\b)"
)


def _firm_article(match: re.Match[str]) -> str:
    prep, noun = match.group(1), match.group(2)
    # one works or buys « à la Pharmacie du Marché », « au Cabinet Rive Droite », not « chez la Pharmacie »
    prep = "à" if prep == "chez" else prep
    if noun[:1] in "AEIOUYÉÈÊÂÎÔÛH":
        return f"{prep} l'"
    feminine = re.fullmatch(_FEMININE_FIRMS, noun) is not None
    if prep == "à":
        return "à la " if feminine else "au "
    if prep == "de":
        return "de la " if feminine else "du "
    return f"{prep} {'la' if feminine else 'le'} "


def firm_articles(text: str) -> str:
    """A firm named by its trade takes an article: « à la Mutuelle Horizon », « à l'Agence X »."""
    return _FIRM.sub(_firm_article, text)


# « de les » before a plural noun only: « de les convaincre » keeps its pronoun.
_CONTRACT = re.compile(r"(?<![\w'’-])([Dd]e|[Àà]) (les (?=[\w-]+[sx]\b)|le (?=\w+ «))")
_ELIDE = re.compile(r"(?<![\w'’-])([Dd]e|[Qq]ue|[Jj]usque) (?=[AEIOUÉÈÊÂÎÔÛ][a-zà-ÿ])")


def articles(text: str) -> str:
    """Articles where a name was inserted: « de les mutuelles » -> « des mutuelles », « à les » -> « aux »,
    « de Optique du Marché » -> « d'Optique du Marché », « chez Chambre de… » -> « à la Chambre de… »."""

    def contract(match: re.Match[str]) -> str:
        said = _CONTRACTED[f"{match.group(1).lower()} {match.group(2)}"]
        return _case(said, match.group(1))

    text = firm_articles(_CONTRACT.sub(contract, text))
    return _ELIDE.sub(lambda m: m.group(1)[:-1] + "'", text)


_EMPTY_ASIDE = re.compile(r"\s*\(\s*[,;]?\s*\)")
_SPACE_BEFORE = re.compile(r"\s+([,.])")
_SPACES = re.compile(r"[ \t]{2,}")


@lru_cache(maxsize=8192)
def tidy(text: str) -> str:
    """The sheet's own text once names were taken out: no empty brackets, no space before a comma, the
    common words the student typed without accents restored, a capital after a full stop (kept: the
    variants of one FDAP share most of their rows)."""
    text = _SPACE_BEFORE.sub(r"\1", _EMPTY_ASIDE.sub("", text))
    return accented(articles(_SPACES.sub(" ", text)))


# A sentence ends before a capital, never after an abbreviation (« env. 25 € », « M. Durand »).
_SENTENCES = re.compile(
    r"(?<=[.!?])(?<!\benv\.)(?<!\bM\.)(?<!\bcf\.)(?<!\bmin\.)(?<!\bmax\.)\s+(?=[A-ZÀ-Þ«0-9])"
)


def whole(text: str, limit: int) -> str:
    """Text up to `limit` characters, cut only between sentences or clauses, never inside a word, never
    inside brackets and never with an ellipsis: a clause too long is dropped, not printed as a stump."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for part in _SENTENCES.split(text):
        if len(kept) + len(part) + 1 > limit:
            break
        kept = f"{kept} {part}".strip()
    if kept:
        return kept
    head = text[:limit]
    for cut in (" ; ", ", ", " : "):
        at = head.rfind(cut)
        while at > 0 and head[:at].count("(") > head[:at].count(")"):
            at = head.rfind(cut, 0, at)
        if at > limit // 3:
            return head[:at].rstrip(" ,;:")
    return ""


_ACCENTED = {"fevrier": "février", "aout": "août", "decembre": "décembre"}
_SHORT_DAYS = {
    "lun": "lundi",
    "mar": "mardi",
    "mer": "mercredi",
    "jeu": "jeudi",
    "ven": "vendredi",
    "sam": "samedi",
}
_NUMERIC = re.compile(r"\b([0-3]?\d)/([01]?\d)/(20\d\d)\b")
_WEEKDAY_BEFORE = re.compile(rf"(?:{'|'.join(WEEKDAYS)})\s+(?:le\s+)?$", re.IGNORECASE)
_HOUR = re.compile(r"\b([0-2]?\d)\s?h\s?([0-5]\d)?\b(?!\w)")


def fr_dates(text: str) -> str:
    """An FDAP's dates written the French way: « Sam 16/11/2024 vers 15h » -> « samedi 16 novembre 2024
    vers 15 h », « fevrier » -> « février », « 14h30 » -> « 14 h 30 »."""

    def numeric(match: re.Match[str]) -> str:
        try:
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return match.group(0)
        said = fr_date(day)
        before = match.string[: match.start()]
        return said.split(" ", 1)[1] if _WEEKDAY_BEFORE.search(before) else said

    text = re.sub(
        r"\b(" + "|".join(_SHORT_DAYS) + r")\.?(?=\s+\d)",
        lambda m: _case(_SHORT_DAYS[m.group(1).lower()], m.group(1)),
        text,
        flags=re.IGNORECASE,
    )
    text = re.sub(r"\b(fevrier|aout|decembre)\b", lambda m: _ACCENTED[m.group(1)], text)
    text = _NUMERIC.sub(numeric, text)
    text = _HOUR.sub(lambda m: f"{int(m.group(1))} h" + (f" {m.group(2)}" if m.group(2) else ""), text)
    hour = r"\d{1,2} h(?: \d{2})?"
    text = re.sub(rf"(?:\b(?:de|à)\s+)?({hour})\s*(?:[-–]|\ba\b|\bà\b)\s*({hour})\b", r"de \1 à \2", text)
    return re.sub(r"\b(20\d\d),?\s+(?=\d{1,2} h\b)", r"\1 à ", text)  # « 21 février 2025 à 14 h 30 »


def meeting_time(text: str) -> str:
    """A lived meeting's date without how long it lasted: « 10 h-11 h 45 » -> « à 10 h »."""
    hour = r"\d{1,2} h(?: \d{2})?"
    text = re.sub(rf",?\s*de\s+({hour}) à {hour}\b", r" à \1", text)
    return re.sub(r"\s+,", ",", text)
