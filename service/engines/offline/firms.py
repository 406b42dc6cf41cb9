"""Client businesses and staff first names the FDAP names, said by their role on the sheets.

The redaction of people leaves « le cabinet Fidexa Conseil », « la brasserie Le Galion », « gérant de
« Au Bon Sommeil » » and « votre technicien Erwan »: a client firm is a real business the sheet must not
name, a first name after a staff role a real person. The firm becomes its kind (« le cabinet client »,
« la brasserie cliente ») and the first name goes; the seller's own organisation, its competitors and
towns stay.
"""

from __future__ import annotations

import re

from service.domain.personal import first_names
from service.domain.text import fold

_FEMININE = frozenset(
    "brasserie boutique société sarl sas eurl entreprise boulangerie pharmacie école clinique crèche "
    "agence exploitation ferme librairie mairie association épicerie pâtisserie fromagerie résidence".split()
)
_KINDS = (
    "cabinet|brasserie|restaurant|magasin|boutique|société|SARL|SAS|EURL|hôtel|camping|garage|institut|"
    "boulangerie|pharmacie|clinique|crèche|entreprise|exploitation|ferme|librairie|association|épicerie|"
    "pâtisserie|fromagerie|résidence|bar|domaine|GAEC|EARL"
)
_WORD = r"[A-ZÀ-Þ][\w'’&.-]*"
# « le cabinet Fidexa Conseil », « la brasserie Le Galion », « la SARL « Gautier Maçonnerie » »
_KIND_NAME = re.compile(
    rf"\b(?P<kind>{_KINDS})[ \t]+(?P<name>«[ \t]*[^»\n]{{2,40}}»|{_WORD}(?:[ \t]+(?:{_WORD}|&|d['’]{_WORD}|de[ \t]+{_WORD}))*)"
)
# « gérant de « Au Bon Sommeil » »: a quoted name after the one who runs it
_RUN_BY = re.compile(
    r"\b(?:gérante?|directeur|directrice|patronne?|propriétaire|responsable|dirigeante?)\s+(?:de|du|d['’])\s*"
    r"(?P<name>«\s*[^»]{2,40}»)"
)
# « votre technicien Erwan a fait »: a first name alone after a staff role, before a small word
_STAFF_NAME = re.compile(
    r"\b(?P<role>technicien(?:ne)?|magasinier|magasinière|collègue|apprentie?|livreur|livreuse|"
    r"installateur|installatrice|poseur|monteur)\s+[A-ZÀ-Þ][a-zà-ÿ]+(?=\s+[a-zà-ÿ]|[,.;])"
)


def client_firms(texts: list[str], own: list[str], surnames: list[str]) -> dict[str, str]:
    """Each client firm the FDAP's `texts` name (never one of the `own` names: organisation, rivals; never
    a person's surname alone, « SARL Gautier » is Mme Gautier's), with the noun that replaces it."""
    kept = {fold(word) for name in own for word in re.findall(r"[\w'’-]{3,}", name)}
    people = {fold(name) for name in surnames}
    found: dict[str, str] = {}
    for text in texts:
        for match in _KIND_NAME.finditer(text):
            name = match.group("name").strip()
            words = {fold(w) for w in re.findall(r"[\w'’-]{3,}", name)}
            if not words or words <= kept or (words & kept and len(words) <= 2) or words <= people:
                continue
            kind = match.group("kind")
            if kind.isupper() or kind == "association":  # a legal form or a club: client or partner alike
                found.setdefault(name, "entreprise" if kind.isupper() else kind)
                continue
            found.setdefault(name, f"{kind} {'cliente' if kind in _FEMININE else 'client'}")
        for match in _RUN_BY.finditer(text):
            name = match.group("name").strip()
            if not ({fold(w) for w in re.findall(r"[\w'’-]{3,}", name)} <= kept):
                found.setdefault(name, "entreprise cliente")
    return found


_SENTENCE_START = re.compile(rf"(^|[.!?]\s+)(l['’]|la |le )(?={_KINDS})")


def _with_article(noun: str) -> str:
    if noun.startswith("l'"):
        return noun
    if noun[:1] in "aeéèiouyh":
        return f"l'{noun}"
    return f"{'la' if noun.split()[0] in _FEMININE else 'le'} {noun}"


def unnamed_firms(text: str, firms: dict[str, str]) -> str:
    """`text` with each client firm said by its kind (« la brasserie cliente ») and no staff first name."""
    if firms and any(name in text for name in firms):

        def kind_named(match: re.Match[str]) -> str:
            said = match.group("name")
            name = next((n for n in firms if said.startswith(n)), "")
            if not name:
                return match.group(0)
            client = firms[name].split()[-1] if " " in firms[name] else ""
            return f"{match.group('kind')}{' ' + client if client else ''}{said[len(name) :]}"

        text = _KIND_NAME.sub(kind_named, text)
        for name, noun in firms.items():
            if name in text:  # alone, by its kind: « Le Galion est client » -> « La brasserie est client »
                said = _with_article(noun if name.startswith("«") else noun.split()[0])
                text = _SENTENCE_START.sub(
                    lambda m: m.group(1) + m.group(2).capitalize(), text.replace(name, said)
                )
    text = _KIN_OF.sub(_kin_unnamed, text)
    return _STAFF_NAME.sub(lambda m: m.group("role"), text)


# « la maman de Lucas »: a child or relative named by first name alone; the kin noun alone says enough
_KIN_OF = re.compile(
    r"\b(?P<kin>maman|papa|m[èe]re|p[èe]re|fils|fille|fr[èe]re|s(?:œ|oe)ur|mari|femme|[ée]pou(?:x|se)|"
    r"conjointe?|grand-m[èe]re|grand-p[èe]re|petite?-fils|petite-fille)\s+(?:de|d['’])\s*(?P<name>[A-ZÀ-Þ][a-zà-ÿ-]+)\b"
)


def _kin_unnamed(match: re.Match[str]) -> str:
    return match.group("kin") if fold(match.group("name")) in first_names() else match.group(0)


# a firm named after its owner (« SARL Gautier ») loses the name to redaction: it becomes a firm, not a gap
_FIRM_OF = re.compile(
    r"(?P<det>\b(?:[Ll]['’]\s*|[Ll][ae]\s+|[Aa]u\s+|[Cc]hez\s+|[Dd]u\s+|[Dd]e\s+l['’]\s*|[Dd]e\s+la\s+))?"
    r"\b(?:SARL|EURL|SASU?|SCI|SNC|Ets|[EÉ]tablissements|[Ee]ntreprise|[Ss]ociété|[Cc]abinet|[Ee]tude|[ÉE]tude|"
    r"[Gg]arage|[Mm]aison|[Aa]telier|[Bb]oulangerie|[Pp]harmacie|[Cc]linique"
    # any other capitalised word before the redacted surname names the firm (« Transports [nom] »), never
    # a civility or a title (« M. [nom] » is a person)
    r"|(?!(?:M|MM|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Ma[îi]tre|Me|Dr|Docteur|Pr)\b)[A-ZÀ-Þ][a-zà-ÿ'’-]{2,})"
    r"\s+\[nom\]"
    r"(?:\s+(?:&|et)\s+(?:[Aa]ssociée?s|[Ff]ils|[Ff]illes?|[Cc]ie)\b|\s+[A-ZÀ-Þ][\w'’-]*)*"
)
# « 3 rue Paul Bellamy » after a redacted client: the client's street address says who it is
_POSTCODE = re.compile(r"\b\d{5}\s+(?=[A-ZÀ-Þ])")  # « 37250 Monts »: the town stays, its code says the street
_ADDRESS = re.compile(
    r",?\s*\b\d{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|allée|impasse|chemin|route|"
    r"quai|cours|square|rond-point)\s+[^,();.\n]{2,40}",
    re.IGNORECASE,
)


def unnamed_firm(text: str) -> str:
    """« dont SARL [nom] (6 salariés) » -> « dont une entreprise cliente (6 salariés) »; a street address
    beside it goes too (« Cabinet [nom] & Associés, 3 rue … » -> « une entreprise cliente »)."""
    if "[nom]" not in text:
        return text
    text = _POSTCODE.sub("", _ADDRESS.sub("", _FIRM_OF.sub(_a_client_firm, text)))
    return _APPOSED.sub("", text)  # « locaux du client : une entreprise cliente, Nantes »: says nothing


def _a_client_firm(match: re.Match[str]) -> str:
    """« l'entreprise [nom] » -> « l'entreprise cliente », « du cabinet [nom] » -> « de l'entreprise cliente »,
    « dont SARL [nom] » -> « dont une entreprise cliente » (never « l'une entreprise cliente »)."""
    det = match.group("det") or ""
    if not det:
        return "une entreprise cliente"
    said = {
        "du": "de l'entreprise cliente",
        "de": "de l'entreprise cliente",
        "au": "à l'entreprise cliente",
        "ch": "chez l'entreprise cliente",
    }.get(fold(det)[:2], "l'entreprise cliente")
    return said[:1].upper() + said[1:] if det[:1].isupper() else said


_APPOSED = re.compile(r"(?<=client)\s*:\s*une entreprise cliente(?=\s*[,(]|\s*$)")
