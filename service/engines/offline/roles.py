"""Words the offline engine needs to speak of clients, events and premises with correct agreement.

Client types are recognised in the FDAP (types de clients, cibles of the annex, title) and turned into
ready-made noun phrases in both genders, so that no extracted phrase is ever inflected by guesswork.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from service.domain.text import fold


@dataclass(frozen=True)
class Role:
    """A kind of interlocutor, with its noun phrase (indefinite article) in each available gender."""

    key: str
    masculine: str
    feminine: str
    plural: str = ""
    pro: bool = False
    ages: tuple[int, int] = (30, 55)
    couple: bool = False
    cosigner: str = ""  # the co-decider the FDAP names (« son fils », « son chef de cuisine »), if any

    def genders(self) -> tuple[str, ...]:
        return tuple(g for g, text in (("m", self.masculine), ("f", self.feminine)) if text)

    def phrase(self, gender: str) -> str:
        """Example: "un artisan" / "une artisane"; the available form when the other gender has none."""
        return (self.feminine or self.masculine) if gender == "f" else (self.masculine or self.feminine)

    def approver(self) -> str:
        """Who else must agree before this client commits (« son associé », « sa direction »…)."""
        phrase = self.phrase("m")
        if self.couple:
            return "l'autre membre du couple"
        if self.cosigner:
            return self.cosigner
        if not self.pro:
            return "ses parents" if self.key == "etudiant" else "son conjoint"
        if self.key in ("association", "club"):
            return "le bureau " + ("du club" if self.key == "club" else "de l'association")
        if self.key == "cse":
            return "les autres élus du CSE"
        if re.match(r"le (?:responsable|secrétaire)", phrase) or self.key in (
            "pme",
            "entreprise",
            "collectivite",
        ):
            return "sa direction"
        return (
            "son associé"  # a craftsman, a shopkeeper, a farmer, a firm's owner: no « direction » above them
        )

    def bare(self, gender: str) -> str:
        """The phrase without its indefinite article: "artisan", "dirigeante d'une TPE"."""
        return re.sub(r"^(?:un|une|le|la)\s+|^l['’]", "", self.phrase(gender), count=1)


# (pattern on folded text, key, masculine, feminine, plural, professional, ages)
_CLIENT_TYPES: tuple[tuple[str, str, str, str, str, bool, tuple[int, int]], ...] = (
    (
        r"primo.?accedant",
        "primo",
        "un primo-accédant",
        "une primo-accédante",
        "primo-accédants",
        False,
        (26, 38),
    ),
    (
        r"investisseur",
        "investisseur",
        "un investisseur particulier",
        "une investisseuse particulière",
        "investisseurs particuliers",
        False,
        (35, 60),
    ),
    (
        r"retraite",
        "retraite",
        "un jeune retraité",
        "une jeune retraitée",
        "jeunes retraités",
        False,
        (61, 68),
    ),
    (r"famille", "famille", "un père de famille", "une mère de famille", "familles", False, (32, 46)),
    (r"jeunes? acti", "jeune_actif", "un jeune actif", "une jeune active", "jeunes actifs", False, (23, 29)),
    (r"etudiant", "etudiant", "un étudiant", "une étudiante", "étudiants", False, (19, 24)),
    (
        r"coureurs? debutant",
        "debutant",
        "un coureur débutant",
        "une coureuse débutante",
        "coureurs débutants",
        False,
        (25, 45),
    ),
    (r"traileur", "traileur", "un traileur", "une traileuse", "traileurs", False, (28, 50)),
    (
        r"proprietaire",
        "proprietaire",
        "un propriétaire",
        "une propriétaire",
        "propriétaires",
        False,
        (40, 66),
    ),
    (r"locataire", "locataire", "un locataire", "une locataire", "locataires", False, (25, 40)),
    (r"\bseniors?\b", "senior", "un senior", "une senior", "seniors", False, (62, 72)),
    (r"artisan", "artisan", "un artisan", "une artisane", "artisans", True, (30, 56)),
    (r"commercant", "commercant", "un commerçant", "une commerçante", "commerçants", True, (30, 58)),
    (
        r"professions? liberale|\bliberal",
        "liberal",
        "un professionnel libéral",
        "une professionnelle libérale",
        "professions libérales",
        True,
        (28, 55),
    ),
    (r"\btpe\b", "tpe", "le dirigeant d'une TPE", "la dirigeante d'une TPE", "TPE", True, (35, 58)),
    (
        r"\bpme\b",
        "pme",
        "le responsable des achats d'une PME",
        "la responsable des achats d'une PME",
        "PME",
        True,
        (32, 55),
    ),
    (
        r"comites? d'entreprise|\bcse\b",
        "cse",
        "le secrétaire du CSE d'une entreprise",
        "la secrétaire du CSE d'une entreprise",
        "comités d'entreprise",
        True,
        (30, 55),
    ),
    (r"\bclubs?\b", "club", "le président d'un club", "la présidente d'un club", "clubs", True, (35, 65)),
    (
        r"\bassociations?\b",
        "association",
        "le trésorier d'une association",
        "la trésorière d'une association",
        "associations",
        True,
        (30, 65),
    ),
    (
        r"collectivit",
        "collectivite",
        "le responsable des achats d'une collectivité",
        "la responsable des achats d'une collectivité",
        "collectivités",
        True,
        (35, 58),
    ),
    (r"restaurat", "restaurateur", "un restaurateur", "une restauratrice", "restaurateurs", True, (30, 55)),
    (
        r"agricult|exploitants? agricole",
        "agriculteur",
        "un exploitant agricole",
        "une exploitante agricole",
        "exploitants agricoles",
        True,
        (30, 58),
    ),
    (
        r"(?<!d')\bentreprises?\b",
        "entreprise",
        "le responsable des achats d'une entreprise",
        "la responsable des achats d'une entreprise",
        "entreprises",
        True,
        (32, 55),
    ),
    (
        r"\bparticuliers?\b",
        "particulier",
        "un particulier",
        "une particulière",
        "particuliers",
        False,
        (30, 60),
    ),
)
CLIENT_TYPES: tuple[tuple[re.Pattern[str], Role], ...] = tuple(
    (re.compile(pattern), Role(key, masculine, feminine, plural, pro, ages))
    for pattern, key, masculine, feminine, plural, pro, ages in _CLIENT_TYPES
)


def roles_in(text: str) -> list[Role]:
    """Client types a text names, in the lexicon's order, each once."""
    folded = fold(text)
    return [role for pattern, role in CLIENT_TYPES if pattern.search(folded)]


_ORGANISATION = re.compile(
    r"(?:cabinet|entreprise|societe|association|club|mairie|collectivite|commune|ecole|college|lycee|"
    r"restaurant|hotel|boulangerie|garage|magasin|agence|comite|tpe|pme|startup|clinique|pharmacie|"
    r"laboratoire|syndic|copropriete|etablissement|structure|groupe|enseigne|commerce|exploitation|cse|"
    r"brasserie|bar|cafe|camping|gite|traiteur|boutique|supermarche|epicerie|creche|ehpad|gaec|ferme)s?"
)
_ARTICLE = re.compile(r"^(une|un|les|le|la|des|deux|son|sa|ses)\s+|^(l)['’]", re.IGNORECASE)


_NOT_PEOPLE = re.compile(r"(?:tion|ture|ment|ance|ence|ite|isme)s?$|(?:iser|ifier)$")


def _plausible_person(head: list[str], phrase: str) -> bool:
    """False for a title's object taken for a client ("l'ouverture d'un magasin", "la saison 2025")."""
    if not head or re.search(r"\d|\+", phrase) or len(phrase.split()) > 7:
        return False
    return bool(_ORGANISATION.fullmatch(head[0])) or not _NOT_PEOPLE.search(head[0])


def role_from_phrase(phrase: str) -> Role | None:
    """The FDAP's own interlocutor from a noun phrase such as "un kinésithérapeute libéral"."""
    phrase = " ".join(phrase.split()).strip(" .,;:")
    phrase = re.split(r"\s+(?:pour|afin|qui|avec|en vue)\b", phrase, maxsplit=1)[0]  # the need is no role
    # nor is the moment: « une brasserie avant la saison », « un couple au printemps »
    phrase = re.split(
        r"\s+(?:avant|après|apres|pendant|lors|à l['’]approche|au printemps|en été)\b", phrase, maxsplit=1
    )[0]
    match = _ARTICLE.match(phrase)
    if not match or len(phrase) > 80:
        return None
    article = (match.group(1) or match.group(2)).lower()
    phrase = match.group(0).lower() + phrase[match.end() :]
    known = roles_in(phrase)
    pro = bool(known) and known[0].pro
    ages = known[0].ages if known else (28, 55)
    couple = "couple" in fold(phrase)
    if article in ("les", "des", "deux", "ses") and not couple:
        return None
    if couple:
        return Role("couple", phrase, "", "", False, ages, couple=True)
    key = known[0].key if known else "fdap"
    head = fold(phrase[match.end() :]).split()[:1]
    if not known and not _plausible_person(head, phrase):
        return None
    if head and _ORGANISATION.fullmatch(head[0]):
        return Role(key, f"le responsable {de(phrase)}", f"la responsable {de(phrase)}", "", True, (35, 58))
    if article in ("une", "la", "sa"):
        return Role(key, "", phrase, "", pro, ages)
    return Role(key, phrase, "", "", pro, ages)


@dataclass(frozen=True)
class Format:
    """A kind of commercial event, with its indefinite noun phrase and grammatical gender."""

    key: str
    phrase: str
    gender: str


FORMATS: tuple[tuple[re.Pattern[str], Format], ...] = tuple(
    (re.compile(pattern), Format(key, phrase, gender))
    for pattern, key, phrase, gender in (
        (r"soiree", "soiree", "une soirée clients", "f"),
        (r"demonstration", "demonstration", "une journée de démonstration", "f"),
        (r"portes? ouvertes", "portes_ouvertes", "une journée portes ouvertes", "f"),
        (r"atelier", "atelier", "un atelier", "m"),
        (r"vente privee", "vente_privee", "une vente privée", "f"),
        (r"jeu.?concours", "jeu_concours", "un jeu concours", "m"),
        (r"journee marque", "journee_marque", "une journée marque", "f"),
        (r"lancement", "lancement", "une opération de lancement", "f"),
    )
)
# Formats whose words are all generic sales vocabulary: usable even when the FDAP never names them.
NEUTRAL_FORMATS = frozenset({"soiree", "demonstration", "lancement"})


def formats_in(text: str, folded: bool = False) -> list[Format]:
    """Event formats a text names; `folded` when the text is already folded."""
    folded_text = text if folded else fold(text)
    return [fmt for pattern, fmt in FORMATS if pattern.search(folded_text)]


@dataclass(frozen=True)
class Premise:
    """Where the seller works, with its article forms: "l'agence", "à l'agence", "de l'agence"."""

    the: str
    at: str
    of: str


_PREMISES = (
    (r"\bagences?\b", Premise("l'agence", "à l'agence", "de l'agence")),
    (r"\bmagasins?\b|\bboutiques?\b", Premise("le magasin", "au magasin", "du magasin")),
    (r"\bcabinet\b", Premise("le cabinet", "au cabinet", "du cabinet")),
    (r"\bconcession", Premise("la concession", "à la concession", "de la concession")),
    (r"\bhotel\b", Premise("l'hôtel", "à l'hôtel", "de l'hôtel")),
    (r"\brestaurant\b", Premise("le restaurant", "au restaurant", "du restaurant")),
    (r"\bshowroom\b", Premise("le showroom", "au showroom", "du showroom")),
    (r"\bjardinerie\b", Premise("la jardinerie", "à la jardinerie", "de la jardinerie")),
    (r"\bpharmacie\b", Premise("la pharmacie", "à la pharmacie", "de la pharmacie")),
    (r"\bgarage\b", Premise("le garage", "au garage", "du garage")),
    (r"\blibrairie\b", Premise("la librairie", "à la librairie", "de la librairie")),
    (r"\bbijouterie", Premise("la bijouterie", "à la bijouterie", "de la bijouterie")),
    (r"\bparfumerie", Premise("la parfumerie", "à la parfumerie", "de la parfumerie")),
    (r"\bboulangerie", Premise("la boulangerie", "à la boulangerie", "de la boulangerie")),
    (r"\bcooperative", Premise("la coopérative", "à la coopérative", "de la coopérative")),
    (r"\bauto-?ecole", Premise("l'auto-école", "à l'auto-école", "de l'auto-école")),
    (r"\bdomaine\b", Premise("le domaine", "au domaine", "du domaine")),
    (r"\bcamping\b", Premise("le camping", "au camping", "du camping")),
    (r"\bradio\b", Premise("la station", "à la station", "de la station")),
    (
        r"\bgolf\b|\bclub (?:de |d')?(?:golf|tennis|sport|fitness|remise en forme)",
        Premise("le club", "au club", "du club"),
    ),
)
DEFAULT_PREMISE = Premise("l'entreprise", "dans l'entreprise", "de l'entreprise")


def premise_of(*texts: str) -> Premise:
    """The seller's premises, from the first text that names one."""
    for text in texts:
        folded = fold(text)
        for pattern, premise in _PREMISES:
            if re.search(pattern, folded):
                return premise
    return DEFAULT_PREMISE


def de(phrase: str) -> str:
    """Example: "de" + a noun phrase, with elision and contraction: "d'une soirée", "du client", "des clubs"."""
    lowered = phrase[:4].lower()
    if lowered.startswith("le "):
        return "du " + phrase[3:]
    if lowered.startswith("les "):
        return "des " + phrase[4:]
    if phrase[:1].lower() in "aeiouyhéèêàâîôû":
        return "d'" + phrase
    return "de " + phrase


def que(phrase: str) -> str:
    """« que » + a phrase, with elision: « qu'Évasion Voyages », « que la gérante »."""
    return ("qu'" if phrase[:1].lower() in "aeiouyhéèêàâîôû" else "que ") + phrase


def a(phrase: str) -> str:
    """Example: "à" + a noun phrase, with contraction: "au gérant", "aux clubs", "à une propriétaire"."""
    lowered = phrase[:4].lower()
    if lowered.startswith("le "):
        return "au " + phrase[3:]
    if lowered.startswith("les "):
        return "aux " + phrase[4:]
    return "à " + phrase


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


_GROUP = re.compile(
    r"^(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|quelques|les|des|mes|nos|ses|leurs)\s+",
    re.IGNORECASE,
)


def plural(label: str) -> bool:
    """True when an FDAP actor is a group ("deux coachs du club", "les 3 serveurs"): the jury plays one person."""
    return bool(_GROUP.match(label.strip()))


def one_of(label: str, gender: str) -> str:
    """One member of a group, a definite noun phrase: "deux coachs du club" -> "l'un des coachs du club"."""
    rest = _GROUP.sub("", label.strip(), count=1)
    rest = re.sub(r"^\d+\s+", "", rest)
    return f"{'l’une' if gender == 'f' else 'l’un'} {de('les ' + rest)}".replace("’", "'")
