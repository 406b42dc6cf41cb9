"""Parsers of FDAP free text: offer lines, annex sections, actors, dates and figures.

They work on text already cleaned of marks and personal data (`facts` does that first) and
never fail: real FDAPs are messy, so every parser returns what it can recognise and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from service.domain.text import fold, stems
from service.domain.text import stems as fast_stems

SENTENCE = re.compile(
    r"(?<=[.!?])(?<!\bM\.)(?<!\bMM\.)(?<!\bDr\.)(?<!\bMe\.)(?<!\bSt\.)(?<!\b[A-Z]\.)(?<!\benv\.)(?<!\bresp\.)"
    r"(?<!\bsam\.)(?<!\bmar\.)(?<!\bven\.)(?<!\btel\.)(?<!\bmin\.)(?<!\bmax\.)(?<!\bpers\.)(?<!\bcf\.)(?<!\béd\.)"
    r"\s+(?=[A-ZÀ-ÖØ-Þ«\"0-9])|\n+"
)
_DASH = re.compile(r"^\s*[-•*–—]\s*")
_PRICE = re.compile(r"(\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?\s*(?:€|euros?\b)")
_NOT_PRODUCT = re.compile(
    r"^(?:frais|depot|honoraires|tva|remise|conditions?|delai|paiement|cartes? (?:de )?fidelite|voir|annexe|"
    r"programme phare|livraison)"
)
_MONTHS = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
_FULL_DATE = re.compile(rf"\b(1er|[0-3]?\d)\s+({'|'.join(_MONTHS)})\s+(20\d\d)\b")
_MONTH_YEAR = re.compile(rf"\b({'|'.join(_MONTHS)})\s+(20\d\d)\b")
_BUDGET = re.compile(r"budget[^.;\n]{0,50}?(\d{1,3}(?: \d{3})+|\d+)\s*€")
# what the event cost, when no budget is said (« Coût de l'event 870 € », « coût total de la soirée : 620 € »)
_COST = re.compile(
    r"\bcout (?:total )?(?:de l'|du |de la |des )?(?:event|evenement|operation|soiree|journee|animation|salon|"
    r"stand|matinee|action)[^.;\n]{0,30}?(\d{1,3}(?: \d{3})+|\d+)\s*€"
)
_AGE = re.compile(r"\b(\d{2})\s+ans\b")


@dataclass(frozen=True)
class OfferItem:
    """One product or service of the offer: a short label, its details and its price as written."""

    label: str
    detail: str = ""
    price: str = ""
    value: float | None = None


@dataclass(frozen=True)
class Actor:
    """One line of "Acteurs concernés": who, their kind, and what the FDAP says of them."""

    kind: str  # moi, client, superieur, partenaire, equipe, autre
    label: str  # "le gérant du magasin"
    gender: str  # m, f, p (plural) or "" when unknown
    note: str
    age: int | None


def split_sentences(text: str) -> list[str]:
    """Sentences, never split inside brackets (« (éd. Plume d'Orage) » is one aside, not two sentences)."""
    merged: list[str] = []
    for part in (s.strip() for s in SENTENCE.split(text) if s and s.strip(" .;,-")):
        if merged and merged[-1].count("(") > merged[-1].count(")"):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def price_value(text: str) -> float | None:
    match = _PRICE.search(fold(text))
    if not match:
        return None
    whole = match.group(1).replace(" ", "")
    return float(f"{whole}.{match.group(2) or 0}")


def top_level_split(text: str) -> list[str]:
    """Split on commas and semicolons outside parentheses and guillemets (never a decimal comma: « 0,62 € »)."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for at, ch in enumerate(text):
        if ch in "(«":
            depth += 1
        elif ch in ")»":
            depth = max(0, depth - 1)
        decimal = ch == "," and 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()
        if ch in ",;" and depth == 0 and not decimal:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _item(line: str) -> OfferItem | None:
    parts = re.split(r"\s*:\s+", line, maxsplit=1)
    head, tail = parts[0], (parts[1] if len(parts) > 1 else "")
    details = [d.strip() for d in re.findall(r"\(([^()]*)\)", head)]
    label = re.sub(r"\s*\([^()]*\)", "", head).replace("«", "").replace("»", "")
    if ", " in label:
        label, extra = label.split(", ", 1)
        details.insert(0, extra.strip())
    label = " ".join(label.split()).strip(" .;:-–")
    folded = fold(label)
    if not 2 <= len(label) <= 60 or len(label.split()) > 8 or _NOT_PRODUCT.match(folded):
        return None
    if not re.search(r"[a-z]", folded) or folded[:1].isdigit():
        return None
    price = tail.strip().rstrip(".")
    return OfferItem(
        label[:1].upper() + label[1:], "; ".join(d for d in details if d), price, price_value(price)
    )


def annex_sections(annex: str) -> dict[str, list[str]]:
    """Bulleted lines of an annex grouped by the heading above them (products, competitors…)."""
    sections: dict[str, list[str]] = {
        "produits": [],
        "concurrents": [],
        "cibles": [],
        "marges": [],
        "budget": [],
    }
    current = "produits"
    for raw in annex.splitlines():
        line = raw.strip()
        if not line:
            continue
        if _DASH.match(line):
            sections[current].append(_DASH.sub("", line))
            continue
        folded = fold(line)
        for key, pattern in (
            ("budget", r"^budget|\bdepenses?\b|\bcouts?\b|previsionnel|bilan financier"),
            ("concurrents", r"concurren"),
            ("cibles", r"\bcibles?\b|clientele visee"),
            ("marges", r"marges?|manoeuvre|remises?|conditions commerciales"),
            ("produits", r"produits?|services?|tarifs?|prix|offre|gamme"),
        ):
            if re.search(pattern, folded) and len(line) < 90:
                current = key
                break
        else:
            if current == "marges":
                sections[current].append(line)
    return sections


def annex_items(lines: list[str]) -> list[OfferItem]:
    items: dict[str, OfferItem] = {}
    for line in lines:
        item = _item(line)
        if item and fold(item.label) not in items:
            items[fold(item.label)] = item
    return list(items.values())


def offer_items(offre: str) -> list[OfferItem]:
    """Items of "Offre commerciale" prose: a list separated by commas, semicolons and a final "et"."""
    found: list[OfferItem] = []
    for sentence in split_sentences(offre):
        parts = top_level_split(sentence)
        if len(parts) >= 2 and " et " in parts[-1]:
            left, right = parts[-1].rsplit(" et ", 1)
            if len(left.split()) >= 2 and len(right.split()) >= 2:
                parts[-1:] = [left, right]
        for part in parts:
            item = _item(re.sub(r"^(?:[-•*–]\s*)?(?:(?:et|ainsi que)\s+)?", "", part))
            if item and all(fold(item.label) != fold(i.label) for i in found):
                found.append(item)
    return found


_WEAK = frozenset({"place", "prix", "moi", "mois", "jour", "offr", "client", "vente", "total"})


def main_item(items: list[OfferItem], context: str) -> OfferItem | None:
    """The item the FDAP's activity is about: the one whose words the title and the story use most."""
    ctx = fast_stems(context) - _WEAK
    best, best_score = None, 0.0
    for item in items:
        label, detail = stems(item.label), stems(item.detail)
        if not label:
            continue
        score = 2 * len(label & ctx) / len(label) + 0.5 * len(detail & ctx) / max(len(detail), 1)
        if score > best_score:
            best, best_score = item, score
    return best


_ACTOR_KINDS = (
    ("moi", r"^(?:moi|je\b|j')|\bmoi(?:-meme)?\b"),
    ("superieur", r"tuteur|tutrice"),
    ("partenaire", r"partenaire"),
    ("client", r"client|prospect|visiteur|acheteu|couple|acquereur|particulier|famille|participant"),
    ("superieur", r"gerant|directeu|directrice|responsable|manager|\bchef\b|patron|superieur|dirigeant"),
    (
        "partenaire",
        r"fournisseur|prestataire|marque|courtier|podolog|decoratri|\bclub\b|association|intervenant",
    ),
    ("client", r"^(?:m\.|mme|mlle|monsieur|madame|l'interlocut)|proprietaire"),
    ("equipe", r"vendeu|conseill|negociat|collegue|equipe|salarie|commerci|serveu|technicien"),
)
_CLAUSE_END = re.compile(r"(?<=[a-zà-ÿ)»][a-zà-ÿ)»])\.\s")


def split_semicolons(text: str) -> list[str]:
    """Split on semicolons outside parentheses: "A (x ; y) ; B" -> ["A (x ; y)", "B"]."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == ";" and depth == 0:
            parts.append("".join(current).strip(" ."))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip(" ."))
    return [p for p in parts if p]


def first_clause(text: str) -> str:
    """Text up to the first full stop that ends a word (not the one of "M." or "Mme.")."""
    return _CLAUSE_END.split(text, maxsplit=1)[0]


_GENDER = (
    (r"^(?:(?:le|un|mon|monsieur|mr)\b|m\.)", "m"),
    (r"^(?:la|une|ma|mme|mlle|madame)\b", "f"),
    (r"^(?:les|des|deux|trois|mes|nos)\b", "p"),
)


def actor(line: str, cleaned_head: str, cleaned_note: str) -> Actor:
    """Classify one actor line; the cleaned head and note are what may be shown."""
    head = first_clause(line.split(":", 1)[0] if ":" in line[:160] else line)
    folded = fold(head.strip())
    kind = next((k for k, pattern in _ACTOR_KINDS if re.search(pattern, folded)), "autre")
    gender = next((g for pattern, g in _GENDER if re.search(pattern, folded)), "")
    if "couple" in folded:
        gender = "m"
    label = re.sub(r"\s*\([^()]*\)", "", cleaned_head).strip(" ,.")
    label = re.sub(r"^[-•*–]+\s*", "", label)  # « - les clients », a list item's dash
    label = re.sub(r"(?i)^(?:les|des|nos|mes)\s+clients$", "client", label)  # one juror plays one of them
    label = re.sub(r"^(Le|La|Les|Un|Une|Des|Ma|Mon|Mes|L')\b", lambda match: match.group(1).lower(), label)
    age = _AGE.search(line)
    return Actor(kind, label, gender, cleaned_note, int(age.group(1)) if age else None)


def first_date(text: str) -> date | None:
    match = _FULL_DATE.search(fold(text))
    if not match:
        return None
    day = 1 if match.group(1) == "1er" else int(match.group(1))
    try:
        return date(int(match.group(3)), _MONTHS.index(match.group(2)) + 1, day)
    except ValueError:
        return None


def month_year(text: str) -> tuple[int | None, int | None]:
    """(month, year) of the first date a text gives, either part None when absent."""
    folded = fold(text)
    match = _MONTH_YEAR.search(folded)
    if match:
        return _MONTHS.index(match.group(1)) + 1, int(match.group(2))
    year = re.search(r"\b(20[2-3]\d)\b", folded)
    month = re.search(rf"\b({'|'.join(_MONTHS)})\b", folded)
    return (_MONTHS.index(month.group(1)) + 1 if month else None), (int(year.group(1)) if year else None)


def budget(*texts: str) -> float | None:
    for text in texts:
        match = _BUDGET.search(fold(text))
        if match:
            return float(match.group(1).replace(" ", ""))
    return None


def event_cost(text: str) -> float | None:
    """What the event cost, as its results say it (« Coût de l'event 870 € »)."""
    match = _COST.search(fold(text))
    return float(match.group(1).replace(" ", "")) if match else None


def salon_phrase(text: str) -> str:
    """Example: "un salon professionnel", "le salon de l'immobilier neuf de Rennes", or "" when none is named."""
    match = re.search(
        r"\b(salons?|forums?|foires?)\b((?:\s+(?:de|d'|du|des)\s*[^,.;()]+)|\s+professionnels?)?", text
    )
    if not match:
        return ""
    noun, rest = match.group(1), (match.group(2) or "").split(" et ")[0].rstrip()
    feminine = noun.startswith("foire")
    if noun.endswith("s"):
        rest = rest.replace("professionnels", "professionnel")
        return f"{'une' if feminine else 'un'} {noun[:-1]}{rest}"
    return f"{'la' if feminine else 'le'} {noun}{rest}"
