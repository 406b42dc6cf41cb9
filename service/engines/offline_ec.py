"""stub"""

from __future__ import annotations

import random

from service.engines import offline_common as co
from service.engines.offline_levers import Plan
from service.engines.offline_material import Material


def draft(m: Material, plan: Plan, rng: random.Random, minutes: int, avoid: frozenset[str]) -> co.Draft:
    raise NotImplementedError
