"""Whether the lived meeting place may be kept for an NV sheet: a careful teacher never copies the lived
client's address, nor meets another client at the lived client's premises."""

from __future__ import annotations

import re

from service.domain.text import fold

# a postal address (« 50410 Percy-en-Normandie ») or a named client's premises are the lived client's own
_ADDRESS = re.compile(r"\b\d{5}\b|\b\d{1,3},? (?:rue|avenue|bd|boulevard|route|chemin|place|impasse)\b", re.I)
_CLIENT_SIDE = re.compile(
    r"\bchez (?:le|la|les) clients?\b|\bdomicile\b|\blocaux du client|exploitation|\bgaec\b"
)


def lived_place_fits(restated: str, other_client: bool) -> bool:
    """True when the lived place may be kept: it gives no address, and is not a client's own when another
    client is played."""
    if _ADDRESS.search(restated):
        return False
    return not (other_client and _CLIENT_SIDE.search(fold(restated)))
