"""Rules on what a sheet says against itself and against the FDAP: leeway that contradicts the annex, rows
that contradict each other, changes that change nothing, and stock justifications.

Each check reads each field once (the justifications are compared through a dictionary): linear cost.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from service.domain import margins
from service.domain.constats import GENERIC, Constat, FdapContext, avertissement, erreur
from service.domain.fiche_sujet import FicheSujet, Modification, body_fields
from service.domain.text import fold, sentences, shorten, stems, words

_LEEWAY_FIELDS = ("contraintes", "informations")
_CLAUSE = re.compile(r"[,;]\s+|\s+(?:et|mais|puis)\s+")
_ANNEX_CITED = re.compile(r"\bannexe\b")
_MONEY_WORDS = re.compile(r"\b(?:marges?|remises?|tarifs?|prix|grilles?|conditions|reductions?)\b")

_REMOTE = re.compile(
    r"\b(?:par telephone|au telephone|appel telephonique|entretien telephonique|rendez-vous telephonique|"
    r"en visio\w*|par visio\w*|visioconference|via teams|sur teams|via zoom|sur zoom)\b"
)
_PRESENCE = re.compile(
    r"\bvous (?:le|la|les|l') ?recev\w*\b(?! (?:son|leur|un|votre|cet|l')\s*appel)|\bvous (?:l'|les |le |la )?accueill\w+"
    r"|\bse presente(?:nt)? (?:au|a la|a l'|en|dans|a votre)|\ben face a face\b|\bdans vos locaux\b"
    r"|\bvient vous voir\b|\bentre(?:nt)? (?:dans|au) (?:le |la |l'|votre )?(?:magasin|agence|boutique|showroom)"
)
# Where the two meet face to face (a call or a video may link any two places: not a kind of its own).
_PLACE_KINDS = (
    (
        "chez le client",
        re.compile(
            r"\bchez (?:le client|la cliente|les clients|lui|elle|eux|le prospect)\b|\ba (?:son|leur) domicile\b"
            r"|\bdans (?:ses|leurs) (?:locaux|bureaux)\b|\bdans son entreprise\b"
        ),
    ),
    (
        "chez le vendeur",
        re.compile(r"\b(?:en|au|dans le|dans la) (?:magasin|boutique|showroom|agence)\b|\bdans vos locaux\b"),
    ),
)
_REMOTE_WORD = re.compile(r"visio|telephon|appel|teams|zoom|distance|en ligne")
_NO_ANNEX = re.compile(r"\b(?:pas d'|sans |aucune |n'a pas d'|ni )annexe")
_NO_SECOND = re.compile(
    r"\b(?:aucun|pas de|pas d'|aucun autre|pas d'autre)\s*(?:second|deuxieme|2e|nouveau|autre)\s+rendez-vous"
    r"|\b(?:c'est|ce sera) (?:votre|son|le) (?:seul|unique|dernier) rendez-vous|\bne (?:pourra|reviendra) pas\b"
    r"[^.;]{0,30}\b(?:revenir|revoir|rendez-vous)"
)
_WANT_SECOND = re.compile(r"(?<!aucun )(?<!pas de )(?<!pas d')\b(?:second|deuxieme|2e|nouveau)\s+rendez-vous")
_NEGATORS = frozenset("ne pas aucun aucune sans jamais plus ni".split())
# Words of a justification that say nothing of the change itself.
_META = stems(
    """parametre parametres modification modifier modifie change changement significatif significative realiste
    realisme candidat candidate simulation minutes situation activite vecue vecu repere reperes connait connaitre
    maitrise maitriser permet permettre oblige obliger doit devoir rester reste garder mettre fixer fixe obtenir
    obtient rendre adapter adapte different differente nouvelle nouveau plus moins cadre cadres realiste travail
    savoir-faire competence competences epreuve ainsi tout bien cette celui objectif objectifs decoulent decouler
    sans ajuster demande demander capacite face permettant situation realistes credible credibles coherent
    coherente ancre ancree marges marge annexe fdap decrit decrite partie fait faire gagner exiger exige fixent
    decoulent rend rendent restant"""
)


def leeway(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The leeway a sheet states agrees with the annex's marges de manœuvre."""
    fdap = ctx.fdap
    items = [stems(i) for i in margins.banned_items(fdap)]
    needs_approval = margins.approval_required(fdap)
    fields = [(f"fiche_candidat.{n}", getattr(fiche.fiche_candidat, n)) for n in _LEEWAY_FIELDS]
    fields.append(("fiche_jury.contraintes", fiche.fiche_jury.contraintes))
    for champ, text in fields:
        for sentence in sentences(fold(text)):
            why = _against_annex(sentence, ctx, items, needs_approval)
            if why:
                yield erreur("marge_contredite", champ, why)
                break
    if not fdap.annexe_offre.strip():
        yield from _annex_cited(fiche)


def _against_annex(sentence: str, ctx: FdapContext, items: list[frozenset[str]], needs_approval: bool) -> str:
    blanket = margins.blanket_ban(sentence)
    conditional = blanket and margins.approval(sentence)
    if conditional and ctx.discount_forbidden:
        return (
            "La fiche laisse entendre qu'une remise est possible avec un accord, alors que la FDAP indique que "
            "l'entreprise n'en accorde jamais."
        )
    if conditional and ctx.max_discount is not None and not needs_approval:
        return (
            f"La fiche subordonne toute remise à un accord, alors que l'annexe laisse au vendeur jusqu'à "
            f"{ctx.max_discount:g} % de remise : reprenez les marges de manœuvre de l'annexe."
        )
    for clause in _CLAUSE.split(sentence):
        if not items or margins.bans(clause) or not margins.granted_discounts(clause):
            continue
        said = stems(clause)
        for item in items:
            specific = item - GENERIC
            if specific and specific <= said:
                return (
                    f"La fiche accorde une remise sur un élément que l'annexe exclut de toute remise "
                    f"(« {shorten(clause, 70)} »)."
                )
    return ""


def _annex_cited(fiche: FicheSujet) -> Iterator[Constat]:
    for champ, text in body_fields(fiche):
        if champ.endswith(".avant"):
            continue
        folded = fold(text)
        if "annexe" not in folded:
            continue
        for sentence in sentences(folded):
            if (
                _ANNEX_CITED.search(sentence)
                and _MONEY_WORDS.search(sentence)
                and not _NO_ANNEX.search(sentence)
            ):
                yield erreur(
                    "marge_contredite",
                    champ,
                    f"La fiche s'appuie sur l'annexe de la FDAP (« {shorten(sentence, 70)} ») alors que cette "
                    "FDAP n'a pas d'annexe : citez les faits que la FDAP donne réellement.",
                )
                return


def contradictions(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """Rows of one sheet that contradict each other: the channel, a second meeting."""
    cand, jury = fiche.fiche_candidat, fiche.fiche_jury
    candidate_rows = {
        "dates_duree": cand.dates_duree,
        "sequence": cand.sequence,
        "historique_relation": cand.historique_relation,
        "objectifs_communication": cand.objectifs_communication,
        "informations": cand.informations,
        "contraintes": cand.contraintes,
        "acteurs": f"{cand.acteurs.vous}\n{cand.acteurs.jury}",
    }
    jury_rows = {
        "date_rencontre": jury.date_rencontre,
        "sequence": jury.sequence,
        "historique_relation": jury.historique_relation,
        "objectifs_communication": jury.objectifs_communication,
        "contraintes": jury.contraintes,
        "identite": jury.identite,
    }
    for prefix, lieu, rows, goal in (
        ("fiche_candidat", cand.lieu, candidate_rows, cand.objectifs_communication),
        ("fiche_jury", jury.lieu, jury_rows, jury.objectifs_communication),
    ):
        found = _contradiction(fold(lieu), {k: fold(v) for k, v in rows.items()}, fold(goal))
        if found:
            champ, message = found
            yield erreur("lignes_contradictoires", f"{prefix}.{champ}", message)


def _place_kind(text: str) -> set[str]:
    return {kind for kind, pattern in _PLACE_KINDS if pattern.search(text)}


def _contradiction(lieu: str, rows: dict[str, str], goal: str) -> tuple[str, str] | None:
    kinds = _place_kind(lieu)
    if len(kinds) == 1 and not _REMOTE_WORD.search(lieu):
        for name in ("dates_duree", "date_rencontre", "sequence"):
            row = rows.get(name, "")
            other = _place_kind(row)
            if len(other) == 1 and other != kinds and not _REMOTE_WORD.search(row):
                return name, (
                    f"Le lieu situe la rencontre {next(iter(kinds))} mais la ligne la place "
                    f"{next(iter(other))} : choisissez un seul lieu."
                )
    remote = _REMOTE.search(lieu)
    if remote:
        for name, text in rows.items():
            presence = _PRESENCE.search(text)
            if presence and not _REMOTE_WORD.search(text[presence.end() : presence.end() + 50]):
                return name, (
                    f"Le lieu annonce un échange à distance (« {remote.group()} ») mais la ligne dit "
                    f"« {presence.group()} » : choisissez un seul canal."
                )
    want = _WANT_SECOND.search(goal)
    if want:
        for name, text in [("lieu", lieu), *rows.items()]:
            refused = _NO_SECOND.search(text)
            if refused:
                return name, (
                    f"La fiche exclut un second rendez-vous (« {refused.group()} ») mais les objectifs en visent "
                    f"un (« {want.group()} »)."
                )
    return None


def fake_changes(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """A change listed whose « après » says exactly what its « avant » says."""
    for i, mod in enumerate(fiche.modifications):
        if mod.avant.strip() and mod.apres.strip() and _same(mod.avant, mod.apres):
            yield erreur(
                "modification_fictive",
                f"modifications[{i}]",
                f"La modification de « {mod.parametre} » ne change rien : l'avant et l'après disent la même "
                "chose. Retirez-la ou modifiez réellement le paramètre.",
            )


def _same(a: str, b: str) -> bool:
    negators_a = sorted(w for w in words(a) if w in _NEGATORS)
    negators_b = sorted(w for w in words(b) if w in _NEGATORS)
    return stems(a) == stems(b) and negators_a == negators_b


def stock_justifications(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """A justification written for this change, not one sentence that fits every change."""
    seen: dict[str, int] = {}
    for i, mod in enumerate(fiche.modifications):
        text = mod.justification.strip()
        if not text:
            continue
        key = " ".join(words(text))
        if key in seen:
            yield avertissement(
                "justification_generique",
                f"modifications[{i}].justification",
                f"La justification de « {mod.parametre} » est la même que celle de la modification "
                f"{seen[key] + 1} : dites pourquoi ce changement-ci est significatif et réaliste.",
            )
            continue
        seen[key] = i
        if _says_nothing_of(text, mod):
            yield avertissement(
                "justification_generique",
                f"modifications[{i}].justification",
                f"La justification de « {mod.parametre} » est une phrase passe-partout (« {shorten(text, 70)} ») :"
                " elle ne dit rien de ce changement-ci.",
            )


def _says_nothing_of(text: str, mod: Modification) -> bool:
    own = {s for s in stems(text) - GENERIC - _META if not s.isdigit()}
    return not own
