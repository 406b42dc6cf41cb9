"""Fictional characters for the jury: invented names, ages and personalities, never a real person.

Names are drawn from the lists below, skipping any word the FDAP contains (a client's surname, the
candidate's first name) or sounding like one (« Gauthier » when the client is « Gautier »), so that the
character can never be mistaken for someone the FDAP names.
"""

from __future__ import annotations

import functools
import random
import re
from dataclasses import dataclass

from service.domain.text import fold

FIRST_NAMES_M = (
    "Antoine",
    "Bastien",
    "Benoît",
    "Bruno",
    "Cédric",
    "Christophe",
    "Damien",
    "David",
    "Éric",
    "Fabien",
    "Farid",
    "Florent",
    "Franck",
    "Grégory",
    "Hervé",
    "Jérôme",
    "Karim",
    "Laurent",
    "Lionel",
    "Ludovic",
    "Malik",
    "Mamadou",
    "Mathieu",
    "Mehdi",
    "Nicolas",
    "Olivier",
    "Pascal",
    "Patrick",
    "Philippe",
    "Rachid",
    "Romain",
    "Samuel",
    "Sébastien",
    "Stéphane",
    "Sylvain",
    "Thierry",
    "Vincent",
    "Xavier",
    "Yann",
    "Youssef",
)
FIRST_NAMES_F = (
    "Amandine",
    "Anne",
    "Aurélie",
    "Béatrice",
    "Carole",
    "Caroline",
    "Cécile",
    "Céline",
    "Christine",
    "Claire",
    "Corinne",
    "Delphine",
    "Élodie",
    "Émilie",
    "Fatima",
    "Florence",
    "Hélène",
    "Isabelle",
    "Julie",
    "Karine",
    "Laetitia",
    "Laure",
    "Leïla",
    "Linh",
    "Magali",
    "Marion",
    "Nadia",
    "Nathalie",
    "Pauline",
    "Rachida",
    "Sabrina",
    "Samia",
    "Sandrine",
    "Sophie",
    "Stéphanie",
    "Sylvie",
    "Valérie",
    "Véronique",
    "Virginie",
    "Yasmina",
)
SURNAMES = (
    "Aubert",
    "Barbier",
    "Benhamou",
    "Bertin",
    "Blanchard",
    "Bouvier",
    "Brunet",
    "Carpentier",
    "Charpentier",
    "Chevalier",
    "Collin",
    "Da Costa",
    "Delorme",
    "Denis",
    "Diallo",
    "Dumont",
    "Duval",
    "Fabre",
    "Faure",
    "Ferrand",
    "Gaillard",
    "Garnier",
    "Gauthier",
    "Gilbert",
    "Guérin",
    "Haddad",
    "Hamon",
    "Jacquet",
    "Joly",
    "Kowalski",
    "Lacroix",
    "Lambert",
    "Laurent",
    "Lebrun",
    "Leclerc",
    "Lemaire",
    "Lemoine",
    "Lopez",
    "Mallet",
    "Marchal",
    "Masson",
    "Meyer",
    "Morin",
    "Nguyen",
    "Noël",
    "Ollivier",
    "Pereira",
    "Perrin",
    "Picard",
    "Poirier",
    "Renard",
    "Rey",
    "Rivière",
    "Rolland",
    "Schmitt",
    "Tessier",
    "Traoré",
    "Vasseur",
    "Vidal",
    "Weber",
)

# Personalities, as full sentences in both genders: (masculine, feminine).
TRAITS = (
    (
        "Méthodique, il pose des questions précises et veut des chiffres avant de se décider.",
        "Méthodique, elle pose des questions précises et veut des chiffres avant de se décider.",
    ),
    (
        "Pressé, il va droit au but et supporte mal les longues explications.",
        "Pressée, elle va droit au but et supporte mal les longues explications.",
    ),
    (
        "Prudent, il compare systématiquement les prix et craint de s'engager trop vite.",
        "Prudente, elle compare systématiquement les prix et craint de s'engager trop vite.",
    ),
    (
        "Aimable mais indécis, il a besoin d'être rassuré par des exemples concrets.",
        "Aimable mais indécise, elle a besoin d'être rassurée par des exemples concrets.",
    ),
    (
        "Exigeant, il attend un conseil personnalisé et n'aime pas les discours tout faits.",
        "Exigeante, elle attend un conseil personnalisé et n'aime pas les discours tout faits.",
    ),
    (
        "Plutôt méfiant envers les commerciaux, il teste la solidité des arguments.",
        "Plutôt méfiante envers les commerciaux, elle teste la solidité des arguments.",
    ),
    (
        "Bavard et sympathique, il parle volontiers de sa situation mais se disperse facilement.",
        "Bavarde et sympathique, elle parle volontiers de sa situation mais se disperse facilement.",
    ),
    (
        "Direct et attentif au budget, il négocie chaque point qui lui semble flou.",
        "Directe et attentive au budget, elle négocie chaque point qui lui semble flou.",
    ),
)


class Gendered:
    """Pronouns that agree with a person; subclasses say which form `g` picks."""

    def g(self, masculine: str, feminine: str) -> str:
        raise NotImplementedError

    @property
    def il(self) -> str:
        return self.g("il", "elle")

    @property
    def Il(self) -> str:
        return self.g("Il", "Elle")


@dataclass(frozen=True)
class Character(Gendered):
    """The person the jury plays."""

    first: str
    last: str
    gender: str  # "m" or "f"
    age: int
    trait: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def g(self, masculine: str, feminine: str) -> str:
        """The word that agrees with the character's gender."""
        return feminine if self.gender == "f" else masculine


_PARTS = {
    name: tuple(fold(name).replace("-", " ").split()) for name in FIRST_NAMES_M + FIRST_NAMES_F + SURNAMES
}


_SOUNDS = tuple(
    (re.compile(a), b)
    for a, b in (
        (r"ph", "f"),
        (r"(?<=[^cs])h|^h", ""),
        (r"y", "i"),
        (r"qu|ck|q|c(?=[aouklrt])", "k"),
        (r"(.)\1+", r"\1"),
        (r"(?:e|s|t|x|d|z)+$", ""),
    )
)


def sound(word: str) -> str:
    """A rough French phonetic key: « Gauthier » and « Gautier », « Philippe » and « Filipe » share one."""
    key = fold(word)
    for pattern, replacement in _SOUNDS:
        key = pattern.sub(replacement, key)
    return key


@functools.lru_cache(maxsize=16)
def _sounds_of(forbidden: frozenset[str]) -> frozenset[str]:
    return frozenset(sound(w) for w in forbidden if len(w) >= 4 and w.isalpha())


_KEYS = {name: tuple(sound(part) for part in parts) for name, parts in _PARTS.items()}


def _allowed(name: str, forbidden: frozenset[str]) -> bool:
    """Neither a word of the FDAP nor a near-homonym of one (same phonetic key, 4 letters or more)."""
    if any(part in forbidden for part in _PARTS[name]):
        return False
    sounds = _sounds_of(forbidden)
    return not any(len(key) >= 4 and key in sounds for key in _KEYS[name])


@functools.lru_cache(maxsize=192)
def _allowed_names(kind: str, forbidden: frozenset[str]) -> tuple[str, ...]:
    """The names of one list (`f`, `m`, `last`) allowed by an FDAP, in list order: the same for its every draft."""
    names = {"f": FIRST_NAMES_F, "m": FIRST_NAMES_M, "last": SURNAMES}[kind]
    return tuple(n for n in names if _allowed(n, forbidden))


def draw_character(
    rng: random.Random,
    gender: str | None,
    ages: tuple[int, int],
    forbidden: frozenset[str],
    avoid: frozenset[str] = frozenset(),
) -> Character:
    """A fictional character whose names appear nowhere in the FDAP (`forbidden` holds its folded words)."""
    sex = gender if gender in ("m", "f") else rng.choice(("m", "f"))
    firsts = FIRST_NAMES_F if sex == "f" else FIRST_NAMES_M
    first_pool = [n for n in _allowed_names(sex, forbidden) if n not in avoid] or list(firsts)
    last_pool = [n for n in _allowed_names("last", forbidden) if n not in avoid] or ["Vasseur"]
    low, high = ages
    trait = rng.choice(TRAITS)
    return Character(
        first=rng.choice(first_pool),
        last=rng.choice(last_pool),
        gender=sex,
        age=rng.randint(low, max(low, high)),
        trait=trait[1] if sex == "f" else trait[0],
    )
