"""The labels of the V-1 form, in the form's order, with the synonyms schools and students use for them.

Synonyms are written normalised (see `matching.normalise`). A label is recognised by its leading words,
so only the words a label starts with are listed: « Résultats de l'entretien de vente » is `resultats`.
"""

from __future__ import annotations

from dataclasses import dataclass

SECTION = "section:"


@dataclass(frozen=True)
class Label:
    key: str
    sections: tuple[str, ...]  # where the label means this field; empty: anywhere
    synonyms: tuple[str, ...]
    role: str = ""  # list tables: "main" or "outils" column
    header: bool = False  # a column header of a table (its values come in the rows below)
    extensible: bool = True  # may be lengthened by the student (« Nom de l'entreprise » is not « Nom »)


_FRONT = ("entete", "cadre", "analyse", "deroulement")
_TOOLS = ("outils mobilises", "outils", "outils utilises", "moyens mobilises", "outils et supports")
_OBJECTIVES = ("objectifs fixes", "objectifs", "objectif")

LABELS: tuple[Label, ...] = (
    # Section headings (a whole cell or paragraph).
    Label(f"{SECTION}cadre", (), ("cadre de l activite", "cadre de l activite professionnelle")),
    Label(f"{SECTION}analyse", (), ("analyse de l activite",)),
    Label(f"{SECTION}deroulement", (), ("deroulement de l activite",)),
    Label(
        f"{SECTION}ciblage", (), ("ciblage et prospection", "ciblage prospection", "prospection et ciblage")
    ),
    Label(f"{SECTION}ciblage", (), ("bilan reflexif", "bilan")),
    Label(
        f"{SECTION}information",
        (),
        (
            "exploitation et mutualisation de l information commerciale",
            "exploitation et mutualisation de l information",
            "information commerciale",
            "exploitation de l information commerciale",
            "mutualisation de l information commerciale",
        ),
    ),
    Label(f"{SECTION}information", (), ("demarche de veille", "veille", "veille commerciale")),
    # Header.
    Label("nature", (), ("nature", "nature de l activite", "type d activite"), extensible=False),
    Label(
        "numero",
        (),
        ("n", "no", "numero", "fiche n", "n de fiche", "numero de fiche", "fdap n", "fiche"),
        extensible=False,
    ),
    Label("titre", (), ("titre", "titre de l activite", "intitule", "intitule de l activite")),
    Label("candidat.nom", (), ("nom", "nom du candidat", "nom de naissance"), extensible=False),
    Label("candidat.prenom", (), ("prenom", "prenom du candidat", "prenoms"), extensible=False),
    Label(
        "candidat.numero",
        (),
        ("n candidat", "numero candidat", "numero de candidat", "n de candidat", "numero d inscription"),
        extensible=False,
    ),
    # Cadre.
    Label(
        "cadre.organisation",
        (),
        (
            "nom de l organisation",
            "organisation",
            "nom de l entreprise",
            "entreprise",
            "nom de la structure",
            "raison sociale",
            "nom de l entreprise d accueil",
            "entreprise d accueil",
            "nom de l enseigne",
            "enseigne",
            "nom de la societe",
            "nom de l etablissement",
            "nom commercial",
            "structure d accueil",
        ),
    ),
    Label("cadre.adresse", (), ("adresse code postal ville", "adresse", "coordonnees", "adresse complete")),
    Label(
        "cadre.type_structure",
        (),
        ("type de structure", "type d organisation", "type d entreprise", "forme juridique", "structure"),
    ),
    Label(
        "cadre.offre_commerciale",
        (),
        ("offre commerciale", "offre", "produits et services", "offre produits", "offre de produits"),
    ),
    Label(
        "cadre.types_clients",
        (),
        (
            "type s de client s",
            "types de clients",
            "type de clients",
            "clientele",
            "typologie de clientele",
            "typologie des clients",
            "type de clientele",
            "types de clientele",
            "cible s de clientele",
            "cibles de clientele",
            "clientele cible",
        ),
    ),
    Label("cadre.types_clients", ("entete", "cadre"), ("cibles", "cible s", "cible", "clients")),
    Label(
        "cadre.methodes_vente",
        (),
        ("methodes de vente", "methode de vente", "modes de vente", "techniques de vente", "canaux de vente"),
    ),
    # Analyse.
    Label(
        "analyse.dates",
        (),
        ("date s", "dates", "date", "date de l activite", "dates de l activite", "periode"),
    ),
    Label("analyse.lieu", (), ("lieu de l activite", "lieu", "lieux")),
    Label(
        "analyse.historique_problematique",
        (),
        (
            "historique problematique de l activite",
            "historique problematique",
            "historique et problematique",
            "historique et problematique de l activite",
            "historique",
            "problematique",
            "contexte et problematique",
            "contexte",
        ),
    ),
    Label(
        "analyse.acteurs",
        (),
        (
            "acteurs concernes statuts roles motivations",
            "acteurs concernes",
            "acteurs",
            "intervenants",
            "personnes concernees",
            "interlocuteurs",
        ),
    ),
    Label("analyse.objectifs_operationnels", (), ("objectifs operationnels", "objectif operationnel")),
    Label("analyse.objectifs_operationnels", _FRONT, _OBJECTIVES),
    # Déroulement.
    Label(
        "deroulement.phases",
        (),
        ("phases", "phase", "phases de l activite", "etapes", "etapes de l activite", "deroulement"),
        role="main",
        header=True,
    ),
    Label("deroulement.phases", _FRONT, _TOOLS, role="outils", header=True),
    Label("deroulement.resultats", _FRONT, ("resultats", "resultats obtenus", "resultat")),
    Label("deroulement.difficultes", (), ("difficultes rencontrees", "difficultes", "difficulte rencontree")),
    # Ciblage et prospection.
    Label(
        "ciblage_prospection.demarche",
        (),
        ("demarche de prospection", "demarche de ciblage", "demarche de ciblage et prospection"),
    ),
    Label("ciblage_prospection.demarche", ("ciblage",), ("demarche",)),
    Label("ciblage_prospection.objectifs", ("ciblage",), _OBJECTIVES),
    Label("ciblage_prospection.objectifs", (), ("objectifs de prospection", "objectifs de la prospection")),
    Label(
        "ciblage_prospection.activites",
        (),
        (
            "activites realisees",
            "activites",
            "actions realisees",
            "actions menees",
            "activites de prospection",
        ),
        role="main",
        header=True,
    ),
    Label("ciblage_prospection.activites", ("ciblage",), _TOOLS, role="outils", header=True),
    Label("ciblage_prospection.resultats", ("ciblage",), ("resultats obtenus", "resultats", "resultat")),
    Label("ciblage_prospection.resultats", (), ("resultats de la prospection",)),
    Label(
        "ciblage_prospection.bilan_reflexif.atouts",
        (),
        ("atouts et points d appui", "atouts", "points d appui", "points forts"),
        header=True,
    ),
    Label(
        "ciblage_prospection.bilan_reflexif.solutions",
        (),
        ("solutions mises en oeuvre", "solutions", "solutions apportees"),
        header=True,
    ),
    Label(
        "ciblage_prospection.bilan_reflexif.ameliorations",
        (),
        ("propositions d amelioration", "ameliorations", "axes d amelioration", "pistes d amelioration"),
        header=True,
    ),
    # Information commerciale.
    Label(
        "information_commerciale.informations_marche",
        (),
        (
            "informations sur le marche les clients le secteur etc",
            "informations sur le marche les clients le secteur",
            "informations sur le marche",
            "informations marche",
            "marche",
        ),
    ),
    Label("information_commerciale.objectifs", ("information",), _OBJECTIVES),
    Label(
        "information_commerciale.veille",
        (),
        ("sources utilisees", "sources", "sources d information", "source"),
        role="main",
        header=True,
    ),
    Label("information_commerciale.veille", ("information",), _TOOLS, role="outils", header=True),
    Label(
        "information_commerciale.contribution_expertise",
        (),
        (
            "contribution a l expertise commerciale de l organisation",
            "contribution a l expertise commerciale",
            "contribution a l expertise",
            "contribution",
        ),
    ),
)

SECTION_OF_KEY = {
    "titre": "entete",
    "numero": "entete",
    "nature": "entete",
    "candidat": "entete",
    "cadre": "cadre",
    "analyse": "analyse",
    "deroulement": "deroulement",
    "ciblage_prospection": "ciblage",
    "information_commerciale": "information",
}
HEADER_KEYS = ("numero", "nature", "titre", "candidat.nom", "candidat.prenom", "candidat.numero")
LIST_KEYS = ("deroulement.phases", "ciblage_prospection.activites", "information_commerciale.veille")
# Where each field comes in the form: a label met in a content cell only opens a later rubric.
FORM_ORDER: dict[str, int] = {}
for _label in LABELS:
    if not _label.key.startswith(SECTION):
        FORM_ORDER.setdefault(_label.key, len(FORM_ORDER))

# Rubric names for messages, as the form prints them.
RUBRIC_NAMES: dict[str, str] = {
    "titre": "TITRE",
    "numero": "N° de fiche",
    "nature": "nature (case NV / EC)",
    "candidat.nom": "Nom",
    "candidat.prenom": "Prénom",
    "candidat.numero": "N° Candidat",
    "cadre.organisation": "Nom de l'organisation",
    "cadre.adresse": "Adresse/Code postal/Ville",
    "cadre.type_structure": "Type de structure",
    "cadre.offre_commerciale": "Offre commerciale",
    "cadre.types_clients": "Type(s) de client(s)",
    "cadre.methodes_vente": "Méthodes de vente",
    "analyse.dates": "Date(s)",
    "analyse.lieu": "Lieu de l'activité",
    "analyse.historique_problematique": "Historique/Problématique de l'activité",
    "analyse.acteurs": "Acteurs concernés",
    "analyse.objectifs_operationnels": "Objectifs opérationnels",
    "deroulement.phases": "Phases / Outils mobilisés",
    "deroulement.resultats": "Résultats",
    "deroulement.difficultes": "Difficultés rencontrées",
    "ciblage_prospection.demarche": "Ciblage et prospection – Démarche",
    "ciblage_prospection.objectifs": "Ciblage et prospection – Objectifs fixés",
    "ciblage_prospection.activites": "Activités réalisées / Outils mobilisés",
    "ciblage_prospection.resultats": "Résultats obtenus",
    "ciblage_prospection.bilan_reflexif.atouts": "Atouts et points d'appui",
    "ciblage_prospection.bilan_reflexif.solutions": "Solutions mises en œuvre",
    "ciblage_prospection.bilan_reflexif.ameliorations": "Propositions d'amélioration",
    "information_commerciale.informations_marche": "Informations sur le marché, les clients, le secteur",
    "information_commerciale.objectifs": "Information commerciale – Objectifs fixés",
    "information_commerciale.veille": "Démarche de veille (sources / outils)",
    "information_commerciale.contribution_expertise": "Contribution à l'expertise commerciale",
    "annexe_offre": "Annexe décrivant l'offre",
}
SECTION_NAMES = {
    "cadre": "Cadre de l'activité",
    "analyse": "Analyse de l'activité",
    "deroulement": "Déroulement de l'activité",
    "ciblage": "Ciblage et prospection",
    "information": "Exploitation et mutualisation de l'information commerciale",
}
