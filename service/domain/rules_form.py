"""Rules on the form of a sheet: completeness, nature, significance of the change, its declaration."""

from __future__ import annotations

from collections.abc import Iterator

from service.domain.constats import (
    LABELS_CANDIDAT,
    SAME_AS_FDAP,
    SIGNIFICANT,
    Constat,
    FdapContext,
    avertissement,
    erreur,
)
from service.domain.fiche_sujet import (
    MAX_OBJECTIONS,
    ROWS_CANDIDAT,
    ROWS_JURY,
    FicheSujet,
    candidate_row,
    jury_row,
    steps_beyond_default,
)
from service.domain.text import at_least, containment, resemblance

PART_LABELS = {"avant": "avant", "apres": "après", "justification": "justification"}


def completeness(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The nine V-2 rows, the VOUS/JURY split, the twelve V-3 rows, two distinct objections or more."""
    for name, label in ROWS_CANDIDAT:
        if name != "acteurs" and not candidate_row(fiche, name).strip():
            yield erreur(
                "ligne_vide",
                f"fiche_candidat.{name}",
                f"La ligne « {label} » de la fiche candidat (V-2) est vide.",
            )
    acteurs = fiche.fiche_candidat.acteurs
    for part, text in (("vous", acteurs.vous), ("jury", acteurs.jury)):
        if not text.strip():
            yield erreur(
                "acteurs_incomplets",
                f"fiche_candidat.acteurs.{part}",
                f"La ligne « Acteur(s) concernés » doit préciser « {part.upper()} : » (statut et rôle).",
            )
    for name, label in ROWS_JURY:
        if name != "objections" and not jury_row(fiche, name).strip():
            yield erreur(
                "ligne_vide", f"fiche_jury.{name}", f"La ligne « {label} » de la fiche jury (V-3) est vide."
            )
    objections = [o for o in fiche.fiche_jury.objections if o.strip()]
    if len(objections) < 2:
        yield erreur(
            "objections_insuffisantes",
            "fiche_jury.objections",
            f"La fiche jury prévoit {len(objections)} objection(s) : il en faut au moins deux pour jouer le rôle.",
        )
    yield from _objections_distinct(objections)
    identite = fiche.fiche_jury.identite
    if identite.strip() and len(identite.split()) < 12:
        yield avertissement(
            "role_jury_succinct",
            "fiche_jury.identite",
            "L'identité du personnage joué par le jury est trop succincte : précisez nom, âge ou ancienneté, "
            "statut, personnalité et situation.",
        )


def _objections_distinct(objections: list[str]) -> Iterator[Constat]:
    """Each pair compared, among the objections the schema allows: beyond them the sheet is refused anyway,
    and the cost, quadratic in their number, stays bounded for a form typed past the limit."""
    kept = objections[:MAX_OBJECTIONS]
    for i, first in enumerate(kept):
        for j in range(i + 1, len(kept)):
            if resemblance(first, kept[j]) >= 0.7:
                yield avertissement(
                    "objections_redondantes",
                    f"fiche_jury.objections[{j}]",
                    f"Les objections {i + 1} et {j + 1} disent la même chose : variez-les.",
                )


def nature(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    if fiche.nature != ctx.fdap.nature:
        yield erreur(
            "nature_differente",
            "nature",
            f"La fiche est de nature {fiche.nature} alors que la FDAP choisie est de nature {ctx.fdap.nature} : "
            "une FDAP NV donne une fiche NV, une FDAP EC une fiche EC.",
        )


def says_what_fdap_says(row: str, counterpart: str) -> bool:
    """True when a row restates its FDAP rubric (same words, or its words all taken from it)."""
    return at_least(SAME_AS_FDAP, row, counterpart)


def changed_parameters(fiche: FicheSujet, ctx: FdapContext, declared: set[str] | None = None) -> list[str]:
    """The significant parameters whose row materially differs from the FDAP.

    When the FDAP says nothing of a parameter, its row counts as a change only if it is declared (in the
    sheet's modifications, or in `declared` for a sheet whose modifications are not written yet).
    """
    if declared is None:
        declared = {m.parametre for m in fiche.modifications}
    changed = []
    for name in SIGNIFICANT:
        row, counterpart = candidate_row(fiche, name), ctx.counterparts[name]
        if not row.strip():
            continue
        if counterpart.strip():
            if not says_what_fdap_says(row, counterpart):
                changed.append(name)
        elif name in declared:
            changed.append(name)
    return changed


def significance(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """At least two significant parameters changed and declared; not too many for the simulation."""
    changed = changed_parameters(fiche, ctx)
    declared = {m.parametre: (i, m) for i, m in enumerate(fiche.modifications)}
    for name in changed:
        if name not in declared:
            yield avertissement(
                "modification_non_declaree",
                f"fiche_candidat.{name}",
                f"La ligne « {LABELS_CANDIDAT[name]} » diffère de la FDAP mais ne figure pas dans les "
                "modifications : indiquez l'avant, l'après et la justification.",
            )
    for name, (i, mod) in declared.items():
        yield from _modification_effect(fiche, ctx, name, i, mod.apres)
    counted = [name for name in changed if name in declared]
    if len(counted) < 2:
        yield erreur(
            "changement_insuffisant",
            "modifications",
            "La fiche reste trop proche de l'activité vécue : modifiez de façon significative au moins deux "
            "paramètres parmi l'objet, la date, le lieu, l'historique de la relation, les contraintes et les "
            f"acteurs, et déclarez-les dans les modifications (ici : {len(counted)}).",
        )
    allowed = 4 + steps_beyond_default(minutes)
    if len(changed) > allowed:
        yield avertissement(
            "trop_de_changements",
            "modifications",
            f"{len(changed)} paramètres changent à la fois : c'est trop pour une simulation de {minutes} minutes. "
            "Un ou deux changements structurants et une contrainte suffisent.",
        )


def _modification_effect(
    fiche: FicheSujet, ctx: FdapContext, name: str, i: int, apres: str
) -> Iterator[Constat]:
    if name not in SIGNIFICANT and name not in LABELS_CANDIDAT:
        return
    row = candidate_row(fiche, name)
    counterpart = ctx.counterparts.get(name, "")
    if name in SIGNIFICANT and counterpart.strip() and row.strip() and says_what_fdap_says(row, counterpart):
        yield avertissement(
            "modification_sans_effet",
            f"modifications[{i}]",
            f"La modification déclarée sur « {LABELS_CANDIDAT[name]} » ne se voit pas : la ligne reprend ce que "
            "dit la FDAP.",
        )
    elif apres.strip() and row.strip():
        agree = max(resemblance(apres, row), containment(apres, row), containment(row, apres))
        if agree < 0.5:
            yield avertissement(
                "modification_sans_effet",
                f"modifications[{i}].apres",
                f"L'« après » déclaré pour « {LABELS_CANDIDAT[name]} » ne correspond pas à ce que dit la ligne "
                "de la fiche candidat.",
            )


def modifications_complete(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    for i, mod in enumerate(fiche.modifications):
        for part in ("avant", "apres", "justification"):
            if not getattr(mod, part).strip():
                yield erreur(
                    "modification_incomplete",
                    f"modifications[{i}].{part}",
                    f"La modification de « {mod.parametre} » n’a pas de champ « {PART_LABELS[part]} » : chaque modification "
                    "indique ce que disait la FDAP, la nouvelle valeur et pourquoi le changement est "
                    "significatif mais réaliste.",
                )
