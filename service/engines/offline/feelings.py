"""The student's own feelings and remarks, which no sheet restates: a sentence where the student speaks of
how they felt (« J'étais stressé », « jsuis jeune »), and, clause by clause, the feelings and states mixed
into a row of facts (« on a manqué du tome 1, vous étiez intimidée »). Their lived facts stay.
"""

from __future__ import annotations

import re

from service.domain.text import fold

# The student speaking of their own feelings (« J'étais stressé », « j'avais peur », « jsuis jeune »): never
# a fact a sheet restates. Their lived facts in the first person (« j'avais oublié l'assurance ») stay.
# The student speaking as « I » or « we »: a sentence of theirs, never a fact for the sheet as it stands.
FIRST_PERSON = re.compile(r"\b(?:je|j['’]|m['’]|me|moi|mon|ma|mes|nous|notre|nos)\b", re.IGNORECASE)
STUDENT_SPEAKS = re.compile(
    r"(?<![\w'’])(?:jsuis|chuis)\b|"
    r"(?<![\w'’])(?:je|j['’])(?=[\s\w]).*\b(?:stress\w*|peur|angoiss\w*|(?:pas|mal) à l'aise|timide|"
    r"gêné\w*|intimid\w*|paniqu\w*|nerveu\w*|fier|fière|content\w*|déçu\w*|perdu\w*|mal vécu)\b",
    re.IGNORECASE,
)

# The student's spoken register: « samedi aprem », « c'était dur a faire comprendre », « on était que 2 »,
# « stress jusqu'au bout », « on a poussé les rouleaux ».
_ORAL = re.compile(
    r"\b(?:c['’][ée]tait (?:dur|chaud|compliqu\w*|la gal[èe]re|tendu|trop)|on (?:[ée]tait|n['’][ée]tait) (?:que|pas)"
    r"|stress\w*|gal[èe]re\b|gal[ée]r(?:é|er|ait|aient|ent)\b|du coup|genre|trop bien|super dur"
    r"|on a (?:d[ûu]|pris|fait|mis|eu|lib[ée]r[ée]|pouss[ée]|install[ée]|rang[ée]|couru|gal[ée]r[ée]|manqu[ée]))\b",
    re.IGNORECASE,
)


def in_writing(sentence: str) -> str:
    """`sentence` without the student's spoken register: a clause in that register after a connector is cut
    (« … donc pas comparable mais c'était dur a faire comprendre » keeps what precedes « mais »), a sentence
    made of it is dropped (""). A sentence with a figure keeps its figure."""
    sentence = re.sub(r"\baprem\b", "après-midi", sentence, flags=re.IGNORECASE)
    oral = _ORAL.search(sentence)
    if not oral and not STUDENT_SPEAKS.search(sentence):
        return sentence
    if oral:
        head = sentence[: oral.start()]
        cut = re.search(r"\s*(?:,\s*)?\b(?:mais|donc|et|car|alors|puis)\b\s*$|[,;(]\s*$", head)
        if cut and len(head[: cut.start()].split()) >= 4:
            kept = head[: cut.start()].strip(" ,;(") + ("." if sentence.rstrip().endswith(".") else "")
            return kept if not _ORAL.search(kept) else ""
    return ""


# the student's own feelings and remarks: no fact of the scene a constraint can be made of
_FEELING = re.compile(
    r"\b(?:stress\w*|intimid\w*|fier|fiere|content\w*|epuis\w*|fatigu\w*|peur|timide|a l'aise|"
    r"angoiss\w*|emu|emue|plaisir|aime|adore|ravie?|decu\w*|gene|genee|appris|la veille)\b"
)
# the student telling their own state (« j'étais », « vous êtes fière »), not what happened
_STATE = re.compile(
    r"\b(?:j['’]etais|je suis|j['’]ai (?:bien |beaucoup )?aime|je me suis|vous etiez|vous etes|"
    r"vous avez (?:bien |beaucoup )?aime|vous vous etes|moi[- ]meme|"
    r"(?:mon|ma|votre) tut(?:eur|rice)|je ne savais pas|vous ne saviez pas)\b"
)  # the tutor who stepped in, what the student did not know: their training, not the scene


def scene_facts(text: str) -> str:
    """The clauses of an FDAP's difficulties that are facts of the scene, not the student's feelings."""
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if _personal(m.group(0)) else m.group(0), text.strip())
    kept = []
    for sentence in re.split(r"(?<=[.!?;])\s+", text):
        clauses = [c for c in re.split(r",\s+", sentence) if c and not _personal(c)]
        if clauses:
            kept.append(
                ", ".join(clauses).rstrip(",;") + ("" if clauses[-1].endswith((".", "!", "?")) else ".")
            )
    return " ".join(kept)


def _personal(text: str) -> bool:
    return bool(_FEELING.search(fold(text)) or _STATE.search(fold(text)))
