"""Each warning of an FDAP lands beside its rubric on the FDAP's page, or among the general remarks."""

from __future__ import annotations

from service.review.candidate_file import Remark, route


def test_warnings_are_routed_to_the_rubric_they_concern() -> None:
    warnings = [
        {"champ": "import : Historique/Problématique de l'activité", "message": "texte collé (après « A »)"},
        {"champ": "import : N° de fiche", "message": "numéro de fiche illisible : « trois »"},
        {"champ": "import : hors tableau", "message": "remarque : « voir mon rapport »"},
        {"champ": "cadre.adresse", "message": "rubrique « Adresse » non renseignée"},
        {"champ": "deroulement.phases", "message": "aucune phase du déroulement renseignée"},
        {"champ": "candidat.nom", "message": "le document nomme « X »"},
    ]
    unplaced, empty, elsewhere = route(warnings)
    assert unplaced == {"analyse.historique_problematique": ["texte collé (après « A »)"]}
    assert empty == {
        "cadre.adresse": "rubrique « Adresse » non renseignée",
        "deroulement.phases": "aucune phase du déroulement renseignée",
    }
    assert elsewhere == [
        Remark("N° de fiche", "numéro de fiche illisible : « trois »"),
        Remark("hors tableau", "remarque : « voir mon rapport »"),
        Remark("Nom", "le document nomme « X »"),
    ]
