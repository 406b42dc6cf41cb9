"""The « Informations à exploiter » row as information for the candidate: never the student's own objectives,
a sentence of the lived story, a remark on the dossier, a doubled label, nor the same label three times."""

from __future__ import annotations

import re

from service.engines.offline.feelings import in_writing

# « (pas d'annexe, les prix sont dans la fiche) »: the student speaking of the dossier.
_REMARK = re.compile(r"\s*\((?=[^()]*\b(?:annexe|fiche|dossier|stage)\b)[^()]*\)", re.IGNORECASE)
# « Vendre une bague dans son budget (1500 € maxi), trouver la taille, … »: what the student aimed at.
_AIM = re.compile(
    r"^(?:vendre|trouver|obtenir|faire|fid[ée]liser|conclure|convaincre|proposer|d[ée]crocher|signer|"
    r"atteindre|r[ée]aliser|d[ée]velopper|augmenter|recruter|g[ée]n[ée]rer|attirer|placer|pousser|"
    r"r[ée]cup[ée]rer|relancer|prendre|amener|montrer|rassurer)\b",
    re.IGNORECASE,
)
# « Il voulait faire sa demande en mariage le 14 février (…) donc c'était urgent. »: the lived story told.
_STORY = re.compile(
    r"^(?:il|elle|ils|elles|on|nous|je|j['’]|le client|la cliente|le couple)\s+(?:\w+\s+)?"
    r"(?:\w+ait|\w+aient|avait|était|a\s+\w+[ée]e?s?|ont\s+\w+[ée]e?s?|est\s+venue?)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"(?:^|\s)(?:j['’]|(?:je|nous|mon|ma|mes|notre|nos)(?=\s))", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[^:«»]{3,40}?)\s*:\s+(?P<body>.+)$")
_DOUBLED = re.compile(r"^Offre « ((?:[Oo]ffre|[Pp]ack|[Ff]ormule)\b[^»]*) »")


def _unlabelled(line: str) -> bool:
    return _LABEL.match(line) is None


def _kept(line: str) -> bool:
    """False for a line that is no information: the student's aim, the lived story, first-person remarks."""
    if not _unlabelled(line):
        return True
    return not (_AIM.match(line) or _STORY.match(line) or _FIRST_PERSON.search(line))


def _clean(line: str) -> str:
    line = in_writing(_REMARK.sub("", line).strip())
    doubled = _DOUBLED.match(line)
    if doubled:
        said = doubled.group(1)
        line = said[:1].upper() + said[1:] + line[doubled.end() :]
    return line


def tidy_lines(lines: list[str]) -> list[str]:
    """The row's lines cleaned, each once, a label said once (« Résultats obtenus : a ; b. »)."""
    merged: dict[str, list[tuple[str, str]]] = {}
    for raw in lines:
        line = _clean(raw)
        if not line or not _kept(line):
            continue
        label = _LABEL.match(line)
        key = label.group("label") if label else line
        merged.setdefault(key, []).append((label.group("body").rstrip(" .") if label else line, line))
    result: list[str] = []
    bodies: set[str] = set()
    for key, said in merged.items():
        parts = [(body, line) for body, line in dict(said).items() if body not in bodies]
        bodies.update(body for body, _ in parts)
        if len(parts) == 1:
            result.append(parts[0][1])
        elif parts:
            result.append(f"{key} : {' ; '.join(body for body, _ in parts)}.")
    return result
