"""Rules on the content of a sheet: anchoring, margins, coherence, secrets, timing, marks, personal data."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from service.domain.constats import (
    GENERIC,
    HISTORIES_SHARE,
    LABELS_CANDIDAT,
    LABELS_JURY,
    OBJET_ANCHORED,
    SECRET_COPIED,
    SECRET_LEAKS,
    SECRET_MIN_STEMS,
    SECRET_SHARE_OF_SENTENCE,
    SHARED_ROWS,
    SHEET_ANCHORED,
    SHEETS_AGREE,
    SITUATION_JUDGED_FROM,
    Constat,
    FdapContext,
    avertissement,
    erreur,
)
from service.domain.fiche_sujet import (
    ROWS_CANDIDAT,
    FicheCandidat,
    FicheSujet,
    body_fields,
    candidate_row,
    jury_row,
    steps_beyond_default,
)
from service.domain.margins import granted_discounts
from service.domain.marks_fields import marked_fields
from service.domain.personal import find_personal
from service.domain.text import at_least, fold, ordered_overlap, sentences, shorten, stem_sequence, stems


def _specific(text: str) -> frozenset[str]:
    return frozenset(s for s in stems(text) if s not in GENERIC and not s.isdigit())


def anchored_share(text: str, ctx: FdapContext) -> float | None:
    """Share of the specific (non-generic) stems of `text` found in the FDAP; None when it has none."""
    specific = _specific(text)
    if not specific:
        return None
    return len(specific & ctx.anchor) / len(specific)


def situation_judged(ctx: FdapContext) -> bool:
    """Whether the FDAP says enough to judge the whole situation, not only the objet."""
    return len(ctx.anchor) >= SITUATION_JUDGED_FROM


def situation_text(cand: FicheCandidat) -> str:
    """The rows that say what the activity is about (the jury's invented character is left out)."""
    return "\n".join([cand.objet, cand.historique_relation, cand.informations])


# Where an objet stops naming what is sold and starts naming whom it is sold to.
_OBJET_HEAD = re.compile(
    r"\s(?:pour|à|auprès d['’e]\w*|chez)\s+(?:un|une|des|le|la|les|l['’]|leurs?|ses|son|sa)\b"
)


# A « [à préciser : …] » marker is the draft's honest blank, not an activity: anchoring ignores it.
_MARKER = re.compile(r"\[\s*[aà]\s+pr[ée]ciser\b[^\]]*\]?", re.IGNORECASE)


def anchoring(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The object and the situation stay within the FDAP's organisation, offer and annex."""
    objet = _MARKER.sub(" ", fiche.fiche_candidat.objet)
    share = anchored_share(objet, ctx)
    head = _OBJET_HEAD.split(objet, maxsplit=1)[0]
    if share is not None and head != objet:
        # « Campagne de spots pour … une concession automobile »: what is sold is judged, not the client.
        share = max(share, anchored_share(head, ctx) or 0.0)
    absent = sorted(_specific(objet) - ctx.anchor)
    situation = _MARKER.sub(" ", situation_text(fiche.fiche_candidat))
    overall = anchored_share(situation, ctx) if situation_judged(ctx) else None
    if (share is not None and share < OBJET_ANCHORED) or (overall is not None and overall < SHEET_ANCHORED):
        yield erreur(
            "activite_nouvelle",
            "fiche_candidat.objet",
            "L'activité proposée est une activité totalement nouvelle : l'objet doit rester dans l'organisation, "
            "l'offre et l'annexe de la FDAP (produits, services ou évènements que le candidat maîtrise). "
            f"Termes absents de la FDAP : {', '.join(absent[:6]) or 'contexte de la fiche'}.",
        )


def concessions(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """Discounts granted to the seller stay within the annex's marges de manœuvre."""
    fields = (
        ("fiche_candidat.contraintes", fiche.fiche_candidat.contraintes),
        ("fiche_candidat.informations", fiche.fiche_candidat.informations),
        ("fiche_jury.contraintes", fiche.fiche_jury.contraintes),
    )
    for champ, text in fields:
        granted = [g for g in granted_discounts(text) if g not in ctx.offered_percents]
        if not granted:
            continue
        top = max(granted)
        if ctx.max_discount is not None and top > ctx.max_discount + 1e-6:
            yield erreur(
                "concession_hors_marge",
                champ,
                f"La fiche autorise une remise de {_pct(top)} alors que l'annexe de la FDAP limite les marges "
                f"de manœuvre à {_pct(ctx.max_discount)} : la concession n'est pas réaliste pour cette entreprise.",
            )
        elif ctx.discount_forbidden:
            yield erreur(
                "concession_hors_marge",
                champ,
                f"La fiche autorise une remise de {_pct(top)} alors que la FDAP indique que l'entreprise "
                "n'accorde pas de remise.",
            )


def _pct(value: float) -> str:
    return f"{value:g} %".replace(".", ",")


_MONTHS = "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split()
_DAY_MONTH = re.compile(rf"\b(1er|[0-3]?\d)\s+({'|'.join(_MONTHS)})\b")
_NUMERIC_DATE = re.compile(r"\b([0-3]?\d)[/.]([01]?\d)(?:[/.](?:20)?\d{2})?\b")
_WEEKDAY = re.compile(r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\b")


def date_marks(text: str) -> set[str]:
    """Calendar dates of a text as "day-month" keys (weekdays when no date is given)."""
    folded = fold(text)
    found = {f"{int(d.replace('1er', '1'))}-{_MONTHS.index(m) + 1}" for d, m in _DAY_MONTH.findall(folded)}
    found |= {f"{int(d)}-{int(m)}" for d, m in _NUMERIC_DATE.findall(folded) if 1 <= int(m) <= 12}
    if not found:
        found = {f"jour:{w}" for w in _WEEKDAY.findall(folded)}
    return found


def coherence(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """V-2 and V-3 say the same thing on the rows both sheets carry."""
    for cand_name, jury_name in SHARED_ROWS:
        cand, jury = candidate_row(fiche, cand_name), jury_row(fiche, jury_name)
        if not cand.strip() or not jury.strip():
            continue
        label = f"« {LABELS_CANDIDAT[cand_name]} » (V-2) et « {LABELS_JURY[jury_name]} » (V-3)"
        dates_cand, dates_jury = date_marks(cand), date_marks(jury)
        if dates_cand and dates_jury and not dates_cand & dates_jury:
            yield erreur(
                "incoherence_candidat_jury",
                f"fiche_jury.{jury_name}",
                f"Les dates de {label} ne concordent pas : le candidat et le jury doivent jouer la même scène.",
            )
            continue
        if cand_name == "historique_relation":
            # V-3 may tell only the jury's side of the story (how the character lived it), across its
            # identity, relation and history rows: it disagrees only when it shares nothing with V-2.
            jury = "\n".join([jury, fiche.fiche_jury.relation_entreprise, fiche.fiche_jury.identite])
            agree = at_least(HISTORIES_SHARE, cand, jury, both_ways=True)
        else:
            agree = at_least(SHEETS_AGREE, cand, jury, both_ways=True)
        if not agree:
            yield erreur(
                "incoherence_candidat_jury",
                f"fiche_jury.{jury_name}",
                f"Les lignes {label} ne disent pas la même chose : harmonisez-les.",
            )


def secrets(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """Motivations, freins and objections stay on the jury sheet."""
    candidate = [
        (name, s, stems(s))
        for name, _ in ROWS_CANDIDAT
        for s in sentences(candidate_row(fiche, name))
        if len(stems(s)) >= 2
    ]
    jury = fiche.fiche_jury
    items = [("motivations", s) for s in sentences(jury.motivations)] + [
        ("freins", s) for s in sentences(jury.freins)
    ]
    items += [("objections", o) for o in jury.objections]
    postings: dict[str, list[int]] = {}
    for index, (_, _, said) in enumerate(candidate):
        for word in said:
            postings.setdefault(word, []).append(index)
    reported: set[str] = set()
    for source, secret in items:
        own = stems(secret)
        if len(own) < SECRET_MIN_STEMS:
            continue
        for index in _sharing_enough(own, postings):
            name, sentence, said = candidate[index]
            if name not in reported and _leaks(own, said) and _copied(secret, sentence):
                reported.add(name)
                yield erreur(
                    "secret_jury_divulgue",
                    f"fiche_candidat.{name}",
                    f"La fiche candidat dévoile un élément réservé au jury ({LABELS_JURY[source]}) : "
                    f"« {shorten(sentence, 90)} ». Motivations, freins et objections restent sur la fiche jury.",
                )


def _sharing_enough(own: frozenset[str], postings: dict[str, list[int]]) -> list[int]:
    """The candidate sentences that may hold enough of `own`, in sheet order (a prefix filter).

    A sentence sharing `needed` stems with the secret shares at least one of its `len - needed + 1` rarest
    stems: only those stems' sentences are read, so the cost follows the text, not secrets × sentences.
    """
    needed = max(math.ceil(SECRET_LEAKS * len(own)), min(len(own), 4))
    rarest = sorted(own, key=lambda w: len(postings.get(w, ())))[: len(own) - needed + 1]
    return sorted({i for w in rarest for i in postings.get(w, ())})


def _leaks(own: frozenset[str], said: frozenset[str]) -> bool:
    """A candidate sentence leaks a secret when it is mostly that secret, not a fact the secret reuses.

    Most of the secret is in the sentence (SECRET_LEAKS), with at least three words that are not figures,
    and the secret makes half the sentence: a fact both sheets share (a price, a result, the seller's own
    estimate) that a frein disputes sits in a longer sentence that says something else.
    """
    shared = own & said
    if len(shared) < max(SECRET_LEAKS * len(own), min(len(own), 4)):
        return False
    if len(shared) < SECRET_SHARE_OF_SENTENCE * len(said):
        return False
    return sum(1 for s in shared if not s.isdigit()) >= 3


def _copied(secret: str, sentence: str) -> bool:
    """The secret's words come in the sentence in the secret's order: copied, not a fact reworded around."""
    own = stem_sequence(secret)
    return ordered_overlap(own, stem_sequence(sentence)) >= SECRET_COPIED * len(own)


_WHOLE_INTERVIEW = re.compile(
    r"toutes les (?:phases|etapes)|l'ensemble de l'entretien|l'ensemble des phases|entretien complet|"
    r"integralite|de a a z|du debut a la fin|"
    r"(?:de la|depuis la) prise de contact (?:a|jusqu'a|jusqu'au) (?:la |l')?(?:conclusion|signature|prise de conge|"
    r"vente|closing|commande|suivi)"
)
_PHASES = (
    r"prise de contact|accueil",
    r"decouverte|diagnostic|questionnement",
    r"argument|presentation de l'offre|proposition commerciale",
    r"objection",
    r"conclusion|closing|signature|prise de commande|engagement",
    r"prise de conge",
    r"suivi|fidelisation",
)


# A clause of the sequence that says a phase is done already, or left out of the simulation.
_NOT_PLAYED = re.compile(
    r"\bdeja\b|\bont? eu lieu|\b(?:a|ont) ete (?:faite?s?|realisee?s?|effectuee?s?|menee?s?)|\b(?:etant|sont|est) "
    r"(?:faite?s?|realisee?s?|effectuee?s?|acquise?s?|terminee?s?)|\blors (?:du|de la|d'un) (?:premier|premiere|precedent)"
    r"|\bprecedemment|\bn'(?:est|sont) pas joue|\bhors\b|\bsans (?:aller|la|le|les|l')|\bexclu|\bplus tard\b"
    r"|\bulterieur|\bse fera\b|\bse feront\b|\bprochain rendez-vous|\bsecond rendez-vous|\bne (?:sont|est) pas"
)


def played_part(sequence: str) -> str:
    """The folded sequence without its clauses about phases done before or left out (« la prise de contact
    a eu lieu lors du premier rendez-vous », « la signature se fera plus tard »)."""
    clauses = re.split(r"[.;:()\u2013\u2014,]|\s-\s", fold(sequence))
    return " ; ".join(c for c in clauses if not _NOT_PLAYED.search(c))


def timing(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """The session's simulation length is respected and the sequence fits in it."""
    if fiche.duree_simulation_min > minutes:
        yield erreur(
            "duree_simulation_depassee",
            "duree_simulation_min",
            f"La simulation dure au plus {minutes} minutes dans cette session ; la fiche en prévoit "
            f"{fiche.duree_simulation_min}.",
        )
    sequence = played_part(fiche.fiche_candidat.sequence)
    phases = sum(1 for p in _PHASES if re.search(p, sequence))
    allowed = 3 + steps_beyond_default(minutes)
    if _WHOLE_INTERVIEW.search(sequence) or phases > allowed:
        yield erreur(
            "sequence_trop_large",
            "fiche_candidat.sequence",
            f"La séquence couvre tout l'entretien : en {minutes} minutes, délimitez une seule partie "
            "(par exemple découverte et argumentation, ou traitement des objections et conclusion).",
        )


def no_marks(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """No mark, grid level or assessment in any text of the sheet, header included: they are the
    commission's alone."""
    for champ, found in marked_fields(fiche, ctx.source):
        yield erreur(
            "notation_interdite",
            champ,
            f"La fiche ne doit contenir ni note, ni niveau de grille, ni évaluation du candidat "
            f"(trouvé : « {found} »).",
        )


_KINDS = {
    "telephone": "un numéro de téléphone",
    "courriel": "une adresse électronique",
    "profil": "un profil en ligne",
    "nir": "un numéro de sécurité sociale",
    "banque": "des coordonnées bancaires",
    "naissance": "une date de naissance",
    "personne": "le nom d'une personne réelle citée dans la FDAP",
    "candidat": "l'identité du candidat",
}


def personal_data(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """No personal data in the sheet bodies: the jury plays a fictional character."""
    for champ, text in body_fields(fiche):
        findings = ctx.remembered("personal", text, lambda t: find_personal(t, ctx.people, ctx.candidate))
        if findings:
            first = findings[0]
            yield erreur(
                "donnee_personnelle",
                champ,
                f"Donnée personnelle dans la fiche : {_KINDS[first.kind]} (« {first.text} »). L'identité du "
                "candidat figure seulement dans l'en-tête ; le jury joue un personnage fictif.",
            )


_SELLER = re.compile(
    r"\b(?:conclure|realiser|finaliser|signer|reussir)\s+(?:la|une|sa|cette)\s+vente|"
    r"\batteindre\s+(?:son|ses|mon|mes|les|notre|nos)\s+objectifs?\s*(?:commerciaux|de vente|de chiffre)?|"
    r"\bvendre\s+(?:le|la|les|un|une|plus|davantage|notre|nos)\b|\bfideliser\s+(?:le|ce|la|un)\s+client|"
    r"\bplacer\s+(?:le|la|les|un|une|notre|nos)\b|\bcommission\s+(?:du|sur)\s+(?:vendeur|la vente)|"
    r"\bobjectifs?\s+(?:du|de la)\s+(?:vendeur|vendeuse|candidat|commercial)|\bchiffre d'affaires du (?:vendeur|magasin)"
)


def jury_role(fiche: FicheSujet, ctx: FdapContext, minutes: int) -> Iterator[Constat]:
    """Motivations are the character's reasons to say yes, not what the seller wants."""
    match = _SELLER.search(fold(fiche.fiche_jury.motivations))
    if match:
        yield avertissement(
            "motivations_vendeur",
            "fiche_jury.motivations",
            f"Les motivations décrivent ce que veut le vendeur (« {match.group()} ») : indiquez plutôt ce qui "
            "pourrait faire dire oui au personnage joué par le jury (bénéfices de l'offre pour lui).",
        )
