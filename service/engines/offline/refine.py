"""Offline refinements: presets a teacher applies to a finished fiche sujet the night before the exam.

Each preset rewrites a few rows of an existing sheet from the FDAP's own material (offer, prices,
competitors, margins, results), without a language model and deterministically for a seed. The result
goes through the same `check` as every other door and never carries an error the input did not have.
This module decides which rows change; the sentences themselves are worded in `refine_text`.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import replace

import msgspec
from msgspec.structs import replace as replace_struct

from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.domain.fiche_sujet import (
    DEFAULT_SIMULATION_MINUTES,
    PARAMETRES,
    FicheSujet,
    Modification,
    Parametre,
    candidate_row,
)
from service.domain.personal import redact
from service.domain.rules import check
from service.domain.rules_form import says_what_fdap_says
from service.domain.text import fold
from service.engines.offline import french, offer_words, refine_text, restate
from service.engines.offline.extract import split_sentences
from service.engines.offline.facts import build
from service.engines.offline.guard import worded
from service.engines.offline.people import FIRST_NAMES_F, FIRST_NAMES_M, TRAITS, draw_character
from service.engines.offline.refine_text import Cast, Job
from service.engines.offline.roles import roles_in
from service.errors import EngineError, InputError

PRESETS: dict[str, str] = {
    "durcir_objections": "Durcir les objections du client",
    "changer_interlocuteur": "Changer d'interlocuteur (autre personnage joué par le jury)",
    "contrainte_budget": "Ajouter une contrainte budgétaire",
    "resserrer_sequence": "Resserrer la séquence à jouer",
}
ATTEMPTS = 6
_SOFT_TRAITS = (3, 6)  # "Aimable mais indécis", "Bavard et sympathique": at odds with a demanding character
_HARD_TRAITS = (0, 4, 5, 7)
# The head of "Identité": "Vous jouez Léa Petit, 42 ans, gérante." or "M. Yann Le Goff, 44 ans, chef ; …".
_HEAD = re.compile(
    r"^(?:Vous jouez\s+)?(?:(?P<civ>M\.|Mme|Madame|Monsieur)\s+)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’-]+(?:\s+(?:(?:Le|La|De|Da|Du|Van)\s+)?[A-ZÀ-Ý][\w'’-]+)+),\s*"
    r"(?:(?P<age>\d{1,3})\s+ans,\s*)?(?P<status>[^.;]+)"
)
# A hand-written portrait sentence: "Courtois mais très attaché aux chiffres, il pose des questions…".
_PORTRAIT = re.compile(
    r"(?<=\. )(?!(?:En|Depuis|Client|Cliente|Fidèle|Après|Lors|Dans|Pour|Chez|Au|À|Il|Elle)\b)"
    r"[A-ZÀ-Ý][^.,;:\d]{2,60}, (?:il|elle) [^.]*\."
)
_CLOSERS = ("Vous acceptez de vous engager", "Vous vous laissez convaincre")


def refine_offline(
    fiche: FicheSujet,
    fdap: Fdap,
    preset: str,
    *,
    seed: int = 0,
    simulation_minutes: int = DEFAULT_SIMULATION_MINUTES,
) -> FicheSujet:
    """A new sheet with the preset applied; never one with a rule error the input did not have."""
    if preset not in PRESETS:
        choices = ", ".join(PRESETS)
        raise InputError("", "preset", f"préréglage inconnu « {preset} » (choix : {choices})")
    ctx = FdapContext.of(fdap)
    facts = build(fdap, ctx)
    before = _errors(fiche, ctx, simulation_minutes)
    for attempt in range(ATTEMPTS):
        rng = _rng(fiche, fdap, preset, seed, attempt)
        job = Job(fiche, ctx, facts, rng, simulation_minutes, _cast(fiche), attempt < ATTEMPTS // 2)
        result = worded(_refreshed(fiche, _APPLY[preset](job)), french.tidy)
        if _errors(result, ctx, simulation_minutes) <= before:
            return result
    raise EngineError(
        f"Le préréglage « {PRESETS[preset]} » ne peut pas s'appliquer à cette fiche sans erreur."
    )


def _rng(fiche: FicheSujet, fdap: Fdap, preset: str, seed: int, attempt: int) -> random.Random:
    raw = msgspec.json.encode(fiche) + msgspec.json.encode(fdap) + f"{preset}:{seed}:{attempt}".encode()
    return random.Random(int.from_bytes(hashlib.sha256(raw).digest()[:8], "big"))


def _errors(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> set[tuple[str, str]]:
    """Errors by code and field; a modification is named by its part, its index may move."""
    found = check(fiche, ctx, minutes)
    return {
        (c.code, re.sub(r"^modifications\[\d+\]", "modifications", c.champ))
        for c in found
        if c.gravite == "erreur"
    }


def _cast(fiche: FicheSujet) -> Cast:
    """The character the jury plays, read from the head of "Identité"."""
    identite = fiche.fiche_jury.identite
    found = _HEAD.search(identite.strip())
    name, civ = (found.group("name"), found.group("civ") or "") if found else ("", "")
    first = name.split(" ")[0]
    she, he = len(re.findall(r"\b[Ee]lle\b", identite)), len(re.findall(r"\b[Ii]l\b", identite))
    gender = "m" if civ in ("M.", "Monsieur") else "f" if civ or first in FIRST_NAMES_F else ""
    gender = gender or ("m" if first in FIRST_NAMES_M else "f" if she > he else "m" if he else "")
    trait = next((t for pair in TRAITS for t in pair if t in identite), "")
    age = int(found.group("age")) if found and found.group("age") else None
    return Cast(name, gender, age, trait, found.group("status").strip() if found else "")


# ---------------------------------------------------------------- durcir_objections


def _harden(job: Job) -> FicheSujet:
    """Four harder, specific objections and a demanding character: the jury sheet only."""
    item, cast = refine_text.focus(job), job.cast
    pool, demand = refine_text.hard_objections(job, item, refine_text.discount_ask(job, item))
    jury = job.fiche.fiche_jury
    kept = [s for s in split_sentences(jury.contraintes) if not s.startswith(refine_text.HARDENED)]
    identite = jury.identite
    if cast.trait and any(cast.trait in TRAITS[i] for i in _SOFT_TRAITS):
        hard = TRAITS[job.rng.choice(_HARD_TRAITS)]
        identite = identite.replace(cast.trait, hard[1] if cast.gender == "f" else hard[0])
    objections = [o for o in pool if not refine_text.leaks(o, job)]
    closing = [s for s in kept if s.startswith(_CLOSERS)]  # the sheet's last word stays last
    contraintes = " ".join(
        [*(s for s in kept if s not in closing), refine_text.demanding(cast), demand, *closing]
    )
    jury = replace_struct(jury, objections=objections, contraintes=contraintes, identite=identite)
    return replace_struct(job.fiche, fiche_jury=jury)


# ---------------------------------------------------------------- changer_interlocuteur


def _recast(job: Job) -> FicheSujet:
    """Another invented person of the same status and gender, with another personality, on both sheets."""
    old, facts = job.cast, job.facts
    ages = _ages(old)
    new = draw_character(
        job.rng, old.gender or None, ages, facts.forbidden_words, frozenset(old.name.split())
    )
    pair = job.rng.choice([p for p in TRAITS if old.trait not in p])
    age = (
        new.age
        if old.age is None or abs(new.age - old.age) >= 4
        else old.age + (5 if old.age + 5 <= ages[1] else -5)
    )
    new = replace(new, age=age, trait=pair[1] if new.gender == "f" else pair[0])
    status = old.status or (facts.client.bare(new.gender) if facts.client else "interlocuteur")
    last = old.name.split(" ", 1)[-1]

    def rename(text: str) -> str:
        if not old.name:
            return text
        text = text.replace(f"{old.name}, {old.age} ans", f"{new.name}, {new.age} ans")
        return re.sub(rf"\b{re.escape(last)}\b", new.last, text.replace(old.name, new.name))

    fiche = _map_texts(job.fiche, rename)
    jury = fiche.fiche_jury
    found = _HEAD.search(jury.identite.strip()) if old.name else None
    if found:
        head = found.group(0)
        identite = jury.identite.replace(head, head.replace(f"{old.age} ans", f"{new.age} ans", 1))
    else:
        identite = f"Vous jouez {new.name}, {new.age} ans, {status}. {jury.identite}"
    portrait = old.trait or next((x.group(0) for x in _PORTRAIT.finditer(identite)), "")
    if portrait:
        identite = identite.replace(portrait, new.trait)
    elif job.bold:
        identite = f"{identite.rstrip()} {new.trait}"
    fiche = replace_struct(fiche, fiche_jury=replace_struct(jury, identite=identite))
    fiche = _distinct_acteurs(fiche, job, new.name, f"{new.name}, {new.age} ans, {status}.")
    why = (
        f"Le jury joue désormais {new.name}, {status}, au caractère différent : le candidat doit adapter sa "
        "communication et son argumentation à un nouvel interlocuteur, sans changer d'entreprise ni d'offre."
    )
    return _declare(fiche, job, "acteurs", why)


def _ages(old: Cast) -> tuple[int, int]:
    """Ages near the former character's, within the client type's range when the status names one."""
    roles = roles_in(old.status)
    if old.age is None:
        return roles[0].ages if roles else (30, 55)
    low, high = max(22, old.age - 9), min(70, old.age + 9)
    if roles and roles[0].ages[0] <= old.age <= roles[0].ages[1]:
        low, high = max(low, roles[0].ages[0]), min(high, roles[0].ages[1])
    return low, high


def _map_texts(fiche: FicheSujet, change: Callable[[str], str]) -> FicheSujet:
    """Every row of both sheets passed through `change`."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    acteurs = replace_struct(cand.acteurs, vous=change(cand.acteurs.vous), jury=change(cand.acteurs.jury))
    cand = replace_struct(cand, acteurs=acteurs, **{f: change(getattr(cand, f)) for f in PARAMETRES[:-1]})
    texts = {f: change(getattr(jury, f)) for f in jury.__struct_fields__ if f != "objections"}
    jury = replace_struct(jury, objections=[change(o) for o in jury.objections], **texts)
    return replace_struct(fiche, fiche_candidat=cand, fiche_jury=jury)


def _distinct_acteurs(fiche: FicheSujet, job: Job, name: str, plain: str) -> FicheSujet:
    """Acteurs naming the new person and no longer restating the FDAP (the seller's own line if need be)."""
    acteurs, counterpart = fiche.fiche_candidat.acteurs, job.ctx.counterparts["acteurs"]
    if len(acteurs.jury.split()) < 4:
        acteurs = replace_struct(acteurs, jury=plain)
    elif name not in acteurs.jury:
        acteurs = replace_struct(acteurs, jury=f"{name}, {french.lower_first(acteurs.jury)}")
    duty = "l'entretien" if job.facts.nature == "NV" else "l'échange"
    for step in (
        {"vous": f"{restate.seller_line(job.facts)} Vous menez {duty} en autonomie."},
        {"jury": plain},
    ):
        if not counterpart.strip() or not says_what_fdap_says(f"{acteurs.vous}\n{acteurs.jury}", counterpart):
            break
        acteurs = replace_struct(acteurs, **step)
    return replace_struct(fiche, fiche_candidat=replace_struct(fiche.fiche_candidat, acteurs=acteurs))


# ---------------------------------------------------------------- contrainte_budget


def _budget(job: Job) -> FicheSujet:
    """A budget limit drawn from the FDAP's figures, on both sheets; the margins stay the annex's."""
    item, client = refine_text.priced(job), job.side == "client"
    said, own, why = refine_text.budget_lines(job, item)
    cand, jury = job.fiche.fiche_candidat, job.fiche.fiche_jury
    current = split_sentences(cand.contraintes)
    others = [s for s in current if "budget" not in fold(s) and not refine_text.MARGIN_SENTENCE.match(s)]
    if not any(x.parametre == "contraintes" for x in job.fiche.modifications):
        others = []  # the row restated the FDAP's difficulties: the budget replaces them
    margins = offer_words.margin_sentences(job.facts, item or refine_text.focus(job)) if client else []
    margins += [] if client else [s for s in current if refine_text.MARGIN_SENTENCE.match(s)]
    cand = replace_struct(cand, contraintes=" ".join([*said, *others, *margins]))
    kept = [s for s in split_sentences(jury.contraintes) if "budget" not in fold(s)]
    jury = replace_struct(jury, contraintes=" ".join([own, *kept]))
    return _declare(replace_struct(job.fiche, fiche_candidat=cand, fiche_jury=jury), job, "contraintes", why)


# ---------------------------------------------------------------- resserrer_sequence


def _narrow(job: Job) -> FicheSujet:
    """One narrower part of the interview, the same on both sheets, sized to the simulation."""
    part, goal = refine_text.narrowed(job)
    minutes = min(job.fiche.duree_simulation_min, job.minutes)
    rows = {"sequence": f"{part} ({minutes} minutes au plus).", "objectifs_communication": goal}
    cand = replace_struct(job.fiche.fiche_candidat, **rows)
    return replace_struct(
        job.fiche, fiche_candidat=cand, fiche_jury=replace_struct(job.fiche.fiche_jury, **rows)
    )


# ---------------------------------------------------------------- modifications


def _declare(fiche: FicheSujet, job: Job, param: Parametre, why: str) -> FicheSujet:
    """Declare (or refresh) the modification of `param` with the row the sheet now carries."""
    row, mods = candidate_row(fiche, param), list(fiche.modifications)
    for i, mod in enumerate(mods):
        if mod.parametre == param:
            mods[i] = replace_struct(mod, apres=row, justification=why)
            return replace_struct(fiche, modifications=mods)
    avant = redact(
        restate.avant(job.facts, param), job.ctx.people, job.ctx.candidate
    )  # the FDAP's words, redacted
    at = next(
        (i for i, x in enumerate(mods) if PARAMETRES.index(x.parametre) > PARAMETRES.index(param)), len(mods)
    )
    mods.insert(at, Modification(parametre=param, avant=avant, apres=row, justification=why))
    return replace_struct(fiche, modifications=mods)


def _refreshed(original: FicheSujet, fiche: FicheSujet) -> FicheSujet:
    """Every declared modification whose row changed now says the new row."""
    mods = [
        replace_struct(x, apres=candidate_row(fiche, x.parametre))
        if candidate_row(fiche, x.parametre) != candidate_row(original, x.parametre)
        else x
        for x in fiche.modifications
    ]
    return replace_struct(fiche, modifications=mods)


_APPLY: dict[str, Callable[[Job], FicheSujet]] = {
    "durcir_objections": _harden,
    "changer_interlocuteur": _recast,
    "contrainte_budget": _budget,
    "resserrer_sequence": _narrow,
}
