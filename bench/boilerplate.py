"""Boilerplate of the offline engine: the share of sentences that recur word for word across FDAPs.

Every fixture FDAP (tidy and messy) gets three proposals; every sentence of both sheets and of the
justifications is counted once per occurrence. A sentence is boilerplate when the same text appears in
the proposals of at least N different FDAPs. Prints the share for N = 2 and N = 4 (the issue's measure)
and the most repeated sentences. Target: at most 5 %.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from service.domain.codec import load_fdap
from service.domain.fiche_sujet import FicheSujet, body_fields
from service.domain.text import sentences
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine

ROOT = Path(__file__).resolve().parent.parent


def sheet_sentences(fiche: FicheSujet) -> list[str]:
    """The sentences a teacher reads: both sheets and the justifications (not the quoted « avant »)."""
    found: list[str] = []
    for path, text in body_fields(fiche):
        if path.endswith(".avant") or path.endswith(".apres"):
            continue
        found += [s.strip() for s in sentences(text) if len(s.split()) >= 4]
    return found


def measure(files: list[Path]) -> tuple[dict[str, set[str]], list[tuple[str, str]]]:
    engine = OfflineEngine()
    owners: dict[str, set[str]] = defaultdict(set)
    said: list[tuple[str, str]] = []
    for path in files:
        for fiche in engine.generate(load_fdap(path), ProposalRequest(variants=3)):
            for text in sheet_sentences(fiche):
                owners[text].add(path.stem)
                said.append((path.stem, text))
    return owners, said


def main() -> None:
    files = sorted((ROOT / "fixtures" / "fdap").glob("*.json"))
    owners, said = measure(files)
    print(f"FDAP : {len(files)}, phrases : {len(said)} (3 propositions par FDAP)")
    for n in (2, 4):
        share = sum(len(owners[text]) >= n for _, text in said) / max(1, len(said))
        print(f"phrases présentes mot pour mot dans les propositions d'au moins {n} FDAP : {share:.1%}")
    top = sorted(owners, key=lambda text: -len(owners[text]))[: int(sys.argv[1]) if len(sys.argv) > 1 else 15]
    for text in top:
        if len(owners[text]) >= 2:
            print(f"  {len(owners[text]):>2} FDAP : {text}")


if __name__ == "__main__":
    main()
