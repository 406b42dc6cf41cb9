"""An optional judge: a language model grades each sheet on a rubric drawn from the domain page.

It calls the model through the engine's client (retried and logged like every other call, over the
response cache), sees the FDAP and the sheet only after pseudonymisation, and answers
{raison, score, verdict} per criterion. Its agreement with the
labelled sheets says how far its verdicts can be trusted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any, Literal

import httpx2
import msgspec

from evals.cache import CachingTransport, Traffic
from evals.cases import Labelled
from evals.runner import Outcome, Progress
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import FicheSujet
from service.engines.llm.client import ModelClient, Reply, read_choice
from service.engines.llm.privacy import PrivacyGate
from service.engines.llm.prompts import active
from service.errors import EngineError
from service.settings import Settings

CRITERIA = ("changement", "realisme", "coherence", "role_jury", "duree", "confidentialite")
_GRADE = {
    "type": "object",
    "properties": {
        "raison": {"type": "string"},
        "score": {"type": "integer"},
        "verdict": {"type": "string", "enum": ["conforme", "non_conforme"]},
    },
    "required": ["raison", "score", "verdict"],
    "additionalProperties": False,
}
SCHEMA = {
    "type": "object",
    "properties": {name: _GRADE for name in CRITERIA},
    "required": list(CRITERIA),
    "additionalProperties": False,
}
_FORMAT = {"type": "json_schema", "json_schema": {"name": "jugement", "strict": True, "schema": SCHEMA}}


class Grade(msgspec.Struct, forbid_unknown_fields=True):
    raison: str
    score: int
    verdict: Literal["conforme", "non_conforme"]


Grades = dict[str, Grade]


class Judge:
    """Grades sheets with `model` on the configured endpoint; one request per sheet, cached."""

    def __init__(self, settings: Settings, model: str, transport: CachingTransport) -> None:
        self.settings, self.model, self.transport = settings, model, transport
        http = httpx2.AsyncClient(transport=transport, timeout=settings.llm_timeout)
        self.client = ModelClient(settings, http, model=model)
        self.prompt = active("judge")
        self._gates: dict[bytes, PrivacyGate] = {}
        # A sheet's request is prepared only once a slot is free: preparing all of them up front kept the
        # event loop busy for seconds while the first requests' timeouts ran (the flaky judge tests).
        self._slots = asyncio.Semaphore(settings.llm_concurrency)

    @property
    def traffic(self) -> Traffic:
        return self.transport.traffic

    async def aclose(self) -> None:
        await self.client.aclose()

    async def grade(self, fiche: FicheSujet, fdap: Fdap, minutes: int) -> Grades | str:
        """The grades, or why there are none (a French reason)."""
        async with self._slots:
            return await self._grade(fiche, fdap, minutes)

    async def _grade(self, fiche: FicheSujet, fdap: Fdap, minutes: int) -> Grades | str:
        try:
            mode = await self.client.output_mode()
            gate = self._gate(fdap)
            messages = self._messages(gate, fiche, minutes, mode)
        except EngineError as exc:
            return str(exc)
        reply = await self.client.send(
            self.prompt, messages, self._read, mode=mode, schema=_FORMAT, scrub=gate.scrub, temperature=0.0
        )
        if reply.fatal:
            return str(reply.fatal)
        grades: Grades | str = reply.value if reply.value is not None else reply.finding
        return grades

    def _gate(self, fdap: Fdap) -> PrivacyGate:
        """One gate per FDAP: the labelled sheets share a few FDAPs, and building one is not cheap."""
        key = msgspec.json.encode(fdap)
        gate = self._gates.get(key)
        if gate is None:
            gate = self._gates[key] = PrivacyGate(fdap)
        return gate

    def _messages(
        self, gate: PrivacyGate, fiche: FicheSujet, minutes: int, mode: str
    ) -> list[dict[str, str]]:
        data = msgspec.json.encode(gate.pseudonymised()).decode()
        sheet = msgspec.to_builtins(fiche)
        sheet.pop("candidat", None)
        text = gate.scrub(json.dumps(sheet, ensure_ascii=False))
        shape = (
            "" if mode == "json_schema" else self.prompt.render("prompt_format", schema=json.dumps(SCHEMA))
        )
        messages = [
            {"role": "system", "content": self.prompt.render("system", minutes=minutes)},
            {"role": "user", "content": self.prompt.render("user", fdap=data, fiche=text, format=shape)},
        ]
        gate.ensure_clean(messages[0]["content"] + messages[1]["content"])
        return messages

    def _read(self, body: dict[str, Any]) -> Reply:
        reply = read_choice(body, self.settings.llm_max_tokens)
        if reply.fatal or reply.finding:
            return reply
        grades = _grades(reply.content)
        if isinstance(grades, str):
            reply.finding = grades
        else:
            reply.value = grades
        return reply


def _grades(message: str) -> Grades | str:
    try:
        first, last = message.find("{"), message.rfind("}")
        grades = msgspec.json.decode(message[first : last + 1], type=dict[str, Grade])
    except (ValueError, msgspec.ValidationError) as exc:
        return f"réponse du juge inexploitable ({type(exc).__name__})"
    missing = [name for name in CRITERIA if name not in grades]
    if missing:
        return f"réponse du juge incomplète (manque : {', '.join(missing)})"
    return {name: grades[name] for name in CRITERIA}


def refuses(grades: Grades) -> bool:
    return any(g.verdict == "non_conforme" for g in grades.values())


def normalised(grade: Grade) -> float:
    """A 1–5 score as a figure in [0, 1] (out-of-range answers are clipped)."""
    return (min(5, max(1, grade.score)) - 1) / 4


def agreement(pairs: Sequence[tuple[bool, Grades | str]]) -> dict[str, Any]:
    """(label says flawed, judge's grades) → how often the judge's verdict matches the label."""
    judged = [(flawed, refuses(g)) for flawed, g in pairs if not isinstance(g, str)]
    agree = sum(1 for flawed, refused in judged if flawed == refused)
    return {
        "fiches étiquetées jugées": len(judged),
        "échecs du juge": len(pairs) - len(judged),
        "accord avec les étiquettes": round(agree / len(judged), 4) if judged else None,
        "bonnes fiches refusées par le juge": sum(1 for f, r in judged if not f and r),
        "fiches fautives acceptées par le juge": sum(1 for f, r in judged if f and not r),
    }


def criterion_means(grades: Sequence[Grades | str]) -> dict[str, float | None]:
    valid = [g for g in grades if not isinstance(g, str)]
    return {
        f"score moyen – {name}": round(sum(normalised(g[name]) for g in valid) / len(valid), 4)
        if valid
        else None
        for name in CRITERIA
    }


def as_json(grades: Grades | str) -> dict[str, Any] | str:
    return grades if isinstance(grades, str) else {k: msgspec.to_builtins(v) for k, v in grades.items()}


SELF_JUDGING = (
    "Le juge est le modèle évalué : un modèle tend à approuver ses propres productions, ses notes sont "
    "à prendre avec prudence. Préférez un juge d'une autre famille de modèles."
)


async def run_judge(
    judge: Judge,
    labelled: Sequence[Labelled],
    outcomes: Sequence[Outcome],
    fdaps: dict[str, Fdap],
    minutes: int,
    self_judging: bool,
) -> dict[str, Any]:
    """The judge on the labelled sheets (agreement) and on every proposal (grades per criterion)."""
    present = [o for o in outcomes if o.fiche is not None]
    progress = Progress(len(labelled) + len(present), f"juge ({judge.model})")

    async def graded(fiche: FicheSujet, fdap: Fdap) -> Grades | str:
        result = await judge.grade(fiche, fdap, minutes)
        progress.advance()
        return result

    try:
        on_labels = await asyncio.gather(*(graded(item.fiche, item.fdap) for item in labelled))
        on_proposals = await asyncio.gather(
            *(graded(o.fiche, fdaps[o.case]) for o in present if o.fiche is not None)
        )
    finally:
        await judge.aclose()
    with_rules = [
        refuses(g) == (not o.hard_pass)
        for o, g in zip(present, on_proposals, strict=True)
        if not isinstance(g, str)
    ]
    figures: dict[str, Any] = {
        **agreement([(bool(item.attendu), g) for item, g in zip(labelled, on_labels, strict=True)]),
        "propositions jugées": len(with_rules),
        "accord avec les règles sur les propositions": round(sum(with_rules) / len(with_rules), 4)
        if with_rules
        else None,
        **criterion_means(on_proposals),
        "requêtes envoyées par le juge": judge.traffic.sent,
        "réponses du juge servies par le cache": judge.traffic.hits,
    }
    return {
        "model": judge.model,
        "warning": SELF_JUDGING if self_judging else "",
        "figures": figures,
        "labelled": [
            {"fiche": item.name, "attendu": sorted(item.attendu), "jugement": as_json(g)}
            for item, g in zip(labelled, on_labels, strict=True)
        ],
        "proposals": [
            {"case": o.case, "repeat": o.repeat, "variant": o.variant, "jugement": as_json(g)}
            for o, g in zip(present, on_proposals, strict=True)
        ],
    }
