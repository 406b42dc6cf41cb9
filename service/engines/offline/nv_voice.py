"""How the NV jury sheet names the firm: once in a descriptive row, « vous » in the client's mouth.

A careful teacher names the firm once in a row, then says « le magasin », « l'entreprise »; a client
talking to the seller says « chez vous », « votre magasin », never the firm's name in every sentence.
"""

from __future__ import annotations

import re

from service.engines.offline.roles import DEFAULT_PREMISE, Premise, a, de, que


def yours(premise: Premise) -> str:
    """The seller's premises as the client says them to the seller: « votre magasin », « votre agence »."""
    return re.sub(r"^(?:le |la |l['’])", "votre ", premise.the, count=1)


_LINKS = r"chez |d['’]|de |à |qu['’]|que "


def name_once(text: str, org: str, premise: Premise, keep: int = 1) -> str:
    """The row with the firm's name kept `keep` times; later mentions say « le magasin », « l'entreprise »."""
    if not org or text.count(org) <= keep:
        return text
    pattern = re.compile(rf"(?<![\w'’])((?i:{_LINKS}))?{re.escape(org)}(?!\w)")
    seen = 0

    def other(found: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        if seen <= keep:
            return found.group(0)
        link = (found.group(1) or "").replace("’", "'")
        upper = link[:1].isupper()
        link = link.lower()
        if link == "chez " and premise == DEFAULT_PREMISE:  # « dans l'entreprise » is no place one buys at
            return found.group(0)
        said = {
            "chez ": premise.at,
            "d'": de(premise.the),
            "de ": de(premise.the),
            "à ": a(premise.the),
            "qu'": que(premise.the),
            "que ": que(premise.the),
        }.get(link, premise.the)
        before = text[: found.start()].rstrip()
        if upper or (not link and (not before or before.endswith((".", "!", "?")))):
            said = said[:1].upper() + said[1:]
        return said

    return pattern.sub(other, text)
