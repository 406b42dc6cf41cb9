"""The offline engine never crashes: any FDAP gives proposals or a clear French FicheSujetError.

FDAPs are generated from the fixtures (tidy and messy) and mutated the way real ones are broken:
rubrics missing or huge, one actor only, an EC where the student only took part, no figures at all,
unicode junk. The default run draws 200 examples; FICHESUJET_PROPERTY_EXAMPLES=10000 runs
the full campaign (see the engine's commit for the last such run).
"""

from __future__ import annotations

import os
import re
import traceback
from typing import Any

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.domain.codec import decode_fdap
from service.engines.base import ProposalRequest
from service.engines.offline import OfflineEngine
from service.errors import FicheSujetError
from tests.conftest import FDAP_FILES

EXAMPLES = int(os.environ.get("FICHESUJET_PROPERTY_EXAMPLES", "200"))
BASES = [msgspec.json.decode(path.read_bytes()) for path in FDAP_FILES]
TEXT_FIELDS = [
    ("titre",),
    ("cadre", "offre_commerciale"),
    ("cadre", "types_clients"),
    ("cadre", "methodes_vente"),
    ("cadre", "type_structure"),
    ("analyse", "dates"),
    ("analyse", "lieu"),
    ("analyse", "historique_problematique"),
    ("analyse", "acteurs"),
    ("analyse", "objectifs_operationnels"),
    ("deroulement", "resultats"),
    ("deroulement", "difficultes"),
    ("annexe_offre",),
]
JUNK = st.text(alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=1), min_size=1, max_size=40)
ENGINE = OfflineEngine()


def _set(fdap: dict[str, Any], path: tuple[str, ...], value: str) -> None:
    node = fdap
    for key in path[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            return
    node[path[-1]] = value


def _get(fdap: dict[str, Any], path: tuple[str, ...]) -> str:
    node: Any = fdap
    for key in path:
        node = node.get(key, "") if isinstance(node, dict) else ""
    return node if isinstance(node, str) else ""


@st.composite
def mutated_fdaps(draw: st.DrawFn) -> dict[str, Any]:
    fdap = msgspec.json.decode(msgspec.json.encode(draw(st.sampled_from(BASES))))
    for _ in range(draw(st.integers(0, 6))):
        path = draw(st.sampled_from(TEXT_FIELDS))
        text = _get(fdap, path)
        mutation = draw(st.sampled_from(["empty", "huge", "junk", "no_figures", "one_actor", "participant"]))
        if mutation == "empty":
            _set(fdap, path, "")
        elif mutation == "huge":
            _set(fdap, path, (text or "Texte. ") * draw(st.integers(20, 120)))
        elif mutation == "junk":
            cut = draw(st.integers(0, len(text)))
            _set(fdap, path, text[:cut] + draw(JUNK) + text[cut:])
        elif mutation == "no_figures":
            _set(fdap, path, re.sub(r"\d", "", text))
        elif mutation == "one_actor":
            _set(fdap, ("analyse", "acteurs"), draw(st.sampled_from(["Le client.", "Mme X", "moi", ""])))
        else:
            fdap["nature"] = "EC"
            _set(fdap, ("analyse", "historique_problematique"), "J'ai seulement participé : " + text)
    if draw(st.booleans()):
        fdap.pop(
            draw(st.sampled_from(["ciblage_prospection", "information_commerciale", "annexe_offre"])), None
        )
    if draw(st.booleans()) and fdap.get("deroulement"):
        fdap["deroulement"]["phases"] = draw(st.sampled_from([[], [{"phase": "Accueil"}]]))
    return fdap


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
@given(mutated_fdaps(), st.integers(1, 4), st.integers(0, 50))
def test_any_fdap_gives_proposals_or_a_french_error(fdap: dict[str, Any], variants: int, seed: int) -> None:
    try:
        parsed = decode_fdap(msgspec.json.encode(fdap), "généré.json")
        fiches = ENGINE.generate(parsed, ProposalRequest(variants=variants, seed=seed))
    except FicheSujetError as error:
        assert str(error) and not str(error).startswith("Traceback")
        return
    except Exception as error:  # the engine's own traceback in the message: pytest may fail to render it
        raise AssertionError("".join(traceback.format_exception(error))) from None
    assert 1 <= len(fiches) <= variants
