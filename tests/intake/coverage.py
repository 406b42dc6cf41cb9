"""How much of each test document's text the Word import puts in its rubric: `scripts/import-coverage`.

For every document of `documents`: the share of the words of its rubrics (the text the student wrote, not
the labels nor the form's wording) found in the same rubric after import, found in another rubric,
reported as not placed, or lost in silence; the words a rubric received on top (a label read as text);
and the main rubrics left empty though the document fills them. Targets: at least 95 % in the right rubric, no main rubric empty where filled, no stray text silent.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass

from tests.intake.documents import Document, documents, imported
from tests.intake.docx_writer import rubric_texts

TARGET = 0.95
# The main rubrics a teacher needs, by fdap/1 path (rubric_texts), with the name the report prints.
MAIN_RUBRICS = {
    "cadre.organisation": "organisation",
    "cadre.offre_commerciale": "offre",
    "cadre.types_clients": "types de clients",
    "analyse.dates": "dates",
    "analyse.lieu": "lieu",
    "analyse.historique_problematique": "historique",
    "analyse.acteurs": "acteurs",
    "analyse.objectifs_operationnels": "objectifs",
    "deroulement.phases.phase": "phases",
    "deroulement.resultats": "résultats",
}


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[^\W_]+", text.casefold()))


@dataclass(frozen=True)
class Coverage:
    document: Document
    words: int
    right: int  # found in the same rubric
    elsewhere: int  # found, in another rubric
    reported: int  # not placed, but reported to the teacher
    extra: int  # words a rubric received that the document puts elsewhere or nowhere (labels, form)
    empty_main: tuple[str, ...]  # main rubrics filled in the document, empty after import
    stray_silent: tuple[str, ...]  # text no rubric may take, and not reported

    def share(self, count: int) -> float:
        return count / self.words if self.words else 1.0

    @property
    def lost(self) -> int:
        return max(0, self.words - self.right - self.elsewhere - self.reported)

    @property
    def on_target(self) -> bool:
        return self.share(self.right) >= TARGET and not self.empty_main and not self.stray_silent


def measure(document: Document) -> Coverage:
    result = imported(document.name)
    wanted, got = rubric_texts(document.expected), rubric_texts(result.fdap)
    right = sum(sum((_words(text) & _words(got[path])).values()) for path, text in wanted.items())
    extra = sum(sum((_words(got[path]) - _words(text)).values()) for path, text in wanted.items())
    all_wanted = sum((_words(text) for text in wanted.values()), Counter[str]())
    all_got = sum((_words(text) for text in got.values()), Counter[str]())
    anywhere = sum((all_wanted & all_got).values())
    reported_words = sum((_words(item.texte) for item in result.non_places), Counter[str]())
    reported = sum(((all_wanted - all_got) & reported_words).values())
    empty = tuple(
        name for path, name in MAIN_RUBRICS.items() if wanted[path].strip() and not got[path].strip()
    )
    reported_texts = {item.texte for item in result.non_places}
    silent = tuple(text for text in document.stray if text not in reported_texts)
    words = sum(all_wanted.values())
    return Coverage(document, words, right, anywhere - right, reported, extra, empty, silent)


def _percent(value: float) -> str:
    return f"{100 * value:5.1f} %".replace(".", ",")


def report(rows: list[Coverage]) -> str:
    width = max(len(row.document.name) for row in rows)
    header = (
        f"{'document':<{width}}  {'type':<8}  {'mots':>5}  {'placé':>7}  {'ailleurs':>8}  {'signalé':>7}  "
        f"{'perdu':>7}  {'en trop':>7}  rubriques principales vides"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        empty = ", ".join(row.empty_main) or "—"
        if row.stray_silent:
            empty += f" ; texte parasite non signalé : {len(row.stray_silent)}"
        lines.append(
            f"{row.document.name:<{width}}  {row.document.kind:<8}  {row.words:>5}  "
            f"{_percent(row.share(row.right))}  {_percent(row.share(row.elsewhere)):>8}  "
            f"{_percent(row.share(row.reported))}  {_percent(row.share(row.lost))}  "
            f"{_percent(row.share(row.extra))}  {empty}"
        )
    missed = [row for row in rows if not row.on_target]
    lowest = min(rows, key=lambda row: row.share(row.right))
    lines.append("-" * len(header))
    lines.append(
        f"{len(rows)} documents ; placé dans sa rubrique : au moins {_percent(lowest.share(lowest.right)).strip()} "
        f"({lowest.document.name}) ; objectif ≥ {_percent(TARGET).strip()} sans rubrique principale vide : "
        + ("atteint partout" if not missed else f"manqué sur {len(missed)} document(s)")
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the table; exit 1 when a document misses the targets. Arguments filter documents by name."""
    chosen = [doc for doc in documents() if not argv or any(word in doc.name for word in argv)]
    if not chosen:
        print("aucun document ne correspond", file=sys.stderr)
        return 2
    rows = [measure(document) for document in chosen]
    print(report(rows))
    return 0 if all(row.on_target for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
