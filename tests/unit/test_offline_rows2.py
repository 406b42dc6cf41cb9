"""The FDAP's text as the offline engine restates it: never a word cut, a name redacted into a noun phrase
that reads, offer items that are names, no feelings of the student, figures with what they measure.

A second panel of teachers read « perdaient du tem. », « l'autrice jeunesse l'interlocuteur » and
« Offre « - contrôle technique » » on sheets built from FDAPs nobody had seen.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace

from service.domain.codec import load_fdap
from service.domain.constats import FdapContext
from service.domain.fdap import Fdap
from service.engines.offline import restate
from service.engines.offline.facts import build

ROOT = Path(__file__).resolve().parents[2]
SOLAR = ROOT / "fixtures" / "fdap" / "21-solaire-autoconsommation-couple.json"


def _with_history(text: str) -> Fdap:
    fdap = load_fdap(SOLAR)
    return replace(fdap, analyse=replace(fdap.analyse, historique_problematique=text))


def _story(text: str) -> str:
    fdap = _with_history(text)
    return restate.lived_story(build(fdap, FdapContext.of(fdap)))


def test_a_word_ending_like_a_problem_marker_is_never_cut() -> None:
    story = _story(
        "Le spa lavait son linge lui-même mais une machine est tombée en panne et les esthéticiennes "
        "perdaient du temps à faire les lessives entre les soins. Le problème c'était le prix."
    )
    assert "tem." not in story and "perdaient du temps à faire les lessives entre les soins." in story
    story = _story("Le client est fidèle à la concession depuis longtemps.")
    assert "depuis longtemps." in story


def test_a_story_cut_before_its_problem_statement_loses_the_connector() -> None:
    story = _story(
        "Le client est fidèle à la concession depuis dix ans mais son tracteur tombe souvent en panne "
        "donc la problématique c'était de lui faire accepter l'investissement."
    )
    assert story.endswith("tombe souvent en panne."), story


def test_a_name_after_its_role_noun_is_dropped_and_an_apposed_role_replaces_the_name() -> None:
    from service.domain.personal import people_in
    from service.engines.offline.unnamed import by_role

    text = (
        "Rencontre avec l'autrice jeunesse Claire Ombrelle. C'est le responsable de secteur M. Karim Benali "
        "qui l'a monté ; Mme Nadia Roux, libraire jeunesse, organisatrice ; M. Laurent Guérin, gérant, mon tuteur."
    )
    said = by_role(text, people_in(text))
    assert "l'autrice jeunesse." in said and "le responsable de secteur qui l'a monté" in said
    assert "la libraire jeunesse, organisatrice" in said and "le gérant, mon tuteur" in said
    assert by_role("M. Laurent Guérin, gérant, mon tuteur", people_in(text), article=False).startswith(
        "gérant,"
    )
    # a verb after the role is no modifier: the name stays for the redaction to take
    kept = "La directrice a reçu M. Laurent Guérin hier."
    assert by_role(kept, people_in(text)) == kept


def test_a_dashed_offer_list_is_one_item_a_line_without_its_dash() -> None:
    fdap = load_fdap(SOLAR)
    offer = (
        "- pressing / nettoyage à sec\n- couettes, rideaux, tapis\n- linge pro : entretien du linge des pros"
    )
    fdap = replace(fdap, annexe_offre="", cadre=replace(fdap.cadre, offre_commerciale=offer))
    labels = [i.label for i in build(fdap, FdapContext.of(fdap)).items]
    assert "Linge pro" in labels and "Tapis" in labels
    assert not any("-" in label.split()[0] or " - " in label for label in labels), labels


def test_sentences_are_never_split_inside_brackets() -> None:
    from service.engines.offline.extract import split_sentences

    line = "Les Veilleurs de la Lune (éd. Plume d'Orage) : tome 3 à 14,50 €. Budget : 300 €."
    assert split_sentences(line) == [
        "Les Veilleurs de la Lune (éd. Plume d'Orage) : tome 3 à 14,50 €.",
        "Budget : 300 €.",
    ]
    said = "Le prix (voir p. Deux) reste haut. Le client hésite."
    assert split_sentences(said)[0] == "Le prix (voir p. Deux) reste haut."


def test_the_students_own_feelings_are_never_restated() -> None:
    fdap = load_fdap(SOLAR)
    said = (
        "Il faisait très chaud et la tente était trop petite. J'étais stressé au début pour aborder les gens. "
        "Le client jsuis pas sûr. Certains croyaient que c'était gratuit."
    )
    fdap = replace(fdap, deroulement=replace(fdap.deroulement, difficultes=said))
    restated = restate.restated(build(fdap, FdapContext.of(fdap)), "contraintes")
    assert (
        restated
        == "Il faisait très chaud et la tente était trop petite. Certains croyaient que c'était gratuit."
    )


def test_redaction_mark_gives_way_to_the_role_beside_it() -> None:
    """« l'interlocuteur » left by the redaction next to a role noun: the role says who the person is."""
    from service.engines.offline.unnamed import role_for_mark

    assert (
        role_for_mark("C'est l'interlocuteur la responsable animation.") == "C'est la responsable animation."
    )
    assert role_for_mark("ma tutrice l'interlocuteur m'a confié le stand") == "ma tutrice m'a confié le stand"
    quoted = "Acteurs : budget validé ; l'interlocuteur, directeur de l'agence (valide les remises)"
    assert role_for_mark(quoted, quoted=True).endswith("; directeur de l'agence (valide les remises)")
    said = role_for_mark("Il a fallu aller chercher l'interlocuteur, gérante du magasin.", quoted=True)
    assert said == "Il a fallu aller chercher la gérante du magasin."
    # outside the FDAP's quoted text, the mark stays for the fictional character's name
    assert (
        role_for_mark("l'interlocuteur, gérant de l'entreprise cliente")
        == "l'interlocuteur, gérant de l'entreprise cliente"
    )
    # a mark beside no role, or beside a role of unknown gender, is left alone
    assert (
        role_for_mark("fixés par l'interlocuteur : 80 tests", quoted=True)
        == "fixés par l'interlocuteur : 80 tests"
    )


def test_a_quoted_line_that_reads_as_a_broken_slot_is_dropped_not_the_whole_proposal() -> None:
    """`texte_lacunaire` on one pasted line of « Informations » costs that line, not the variant."""
    from pathlib import Path

    import msgspec

    from service.domain.codec import decode_fdap
    from service.domain.rules_writing import has_slot
    from service.engines.base import ProposalRequest
    from service.engines.offline.engine import OfflineEngine, _without_slots

    path = Path("fixtures/fdap/31-boulangerie-b2b-camping.json")
    fiche = OfflineEngine().generate(decode_fdap(path.read_bytes(), str(path)), ProposalRequest(variants=1))[
        0
    ]
    broken = fiche.fiche_candidat.informations + "\nTarif pro : 49 ans, s prospects sur la côte."
    cand = msgspec.structs.replace(fiche.fiche_candidat, informations=broken)
    mended = _without_slots(msgspec.structs.replace(fiche, fiche_candidat=cand))
    assert mended.fiche_candidat.informations == fiche.fiche_candidat.informations
    assert not has_slot(mended.fiche_candidat.informations)
    assert mended.fiche_jury == fiche.fiche_jury
