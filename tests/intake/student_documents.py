"""FDAPs in Word as real students write them in the official V-1 form: three end to end, one rubric per
quirk in the targeted ones. Names, firms and figures are invented."""

from __future__ import annotations

from tests.intake.student_writer import Rubric, StudentFdap

PAC = StudentFdap(
    name="eleve-nv-pompe-a-chaleur",
    nature="NV",
    titre="Vente d'un contrat d'entretien Sérénité+ à un couple équipé d'une pompe à chaleur",
    candidat=("MARTIN", "Enzo", "02345678901"),
    notes="NV, intitulés allongés, début du contenu dans la cellule d'intitulé, ligne ajoutée",
    before=("ANNEXE V-1    BTS NDRC    SESSION 2026    FICHE DESCRIPTIVE D'ACTIVITÉ PROFESSIONNELLE",),
    between=("1 Annexe à joindre à la fiche (1 feuille recto verso de 2 pages)",),
    rubrics={
        "cadre.organisation": Rubric("Thermi'Confort Services", label="Nom de l'entreprise"),
        "cadre.adresse": Rubric("12 rue des Artisans\n44300 Nantes"),
        "cadre.type_structure": Rubric(
            "SARL indépendante, 14 salariés (6 techniciens, 2 commerciaux)", label="Type  de structure "
        ),
        "cadre.offre_commerciale": Rubric(
            "Installation et entretien de pompes à chaleur et de chaudières gaz\n"
            "Contrats d'entretien : Essentiel (129 € TTC/an) et Sérénité+ (189 € TTC/an, dépannage 48 h inclus)"
        ),
        "cadre.types_clients": Rubric(
            "Particuliers propriétaires de maisons individuelles, surtout des couples de 40 à 65 ans, et "
            "quelques petits syndics de copropriété",
            label="Cible(s) de clientèle",
        ),
        "cadre.methodes_vente": Rubric(
            "vente en face à face au domicile du client, phoning sur le fichier clients, relances par mail",
            label="Méthodes de  vente",
        ),
        "analyse.dates": Rubric(in_label="le 14 mars 2025, de 14 h à 15 h 30"),
        "analyse.lieu": Rubric(in_label="au domicile de M. et Mme Leroy à Rezé"),
        "analyse.historique_problematique": Rubric(
            "Historique : M. et Mme Leroy ont fait poser leur pompe à chaleur par l'entreprise en 2021. "
            "Leur garantie se termine et ils n'ont jamais pris de contrat d'entretien.\n"
            "Problématique : comment les convaincre qu'un entretien annuel avec dépannage rapide vaut "
            "189 € par an alors qu'ils pensent que la machine est neuve ?"
        ),
        "analyse.acteurs": Rubric(
            label="Acteurs concernés lors de la négociation (Statuts/Rôles/Motivations)",
            in_label="Mme Leroy : cliente, co-décisionnaire, attentive au budget",
            content="M. Leroy : client, décideur final, veut ne jamais rester sans chauffage l'hiver\n"
            "M. Bernard : mon tuteur, technicien, répond aux questions techniques\n"
            "Moi : stagiaire commercial, je mène l'entretien de vente",
        ),
        "analyse.objectifs_operationnels": Rubric(
            "Objectifs : faire signer le contrat Sérénité+ le jour même.\n"
            "Objectif qualitatif : rassurer le couple sur le sérieux du suivi et obtenir une recommandation."
        ),
        "deroulement.resultats": Rubric(
            "Le couple a signé le contrat Sérénité+ avec le prélèvement mensuel (15,75 € par mois). Ils "
            "m'ont donné le nom de leurs voisins, eux aussi équipés.",
            label="Résultats de l'entretien de vente",
        ),
        "deroulement.difficultes": Rubric(
            "Mme Leroy trouvait le prix trop élevé par rapport à un concurrent en ligne à 99 €.",
            added_rows=(
                "J'ai eu du mal à expliquer la différence entre les deux contrats sans trop parler "
                "technique ; mon tuteur m'a aidé.",
            ),
        ),
        "ciblage_prospection.demarche": Rubric(
            "Choix de la cible : les 320 clients équipés d'une pompe à chaleur sans contrat d'entretien.\n"
            "Méthode : phoning deux après-midi par semaine, puis mail de confirmation du rendez-vous.",
            label="Démarche de prospection sur la cible des propriétaires de PAC",
        ),
        "ciblage_prospection.objectifs": Rubric(
            "40 appels par semaine et 3 rendez-vous de visite d'entretien par semaine",
            label="Objectifs fixés sur la durée de prospection 16 s",
        ),
        "ciblage_prospection.resultats": Rubric(
            "612 appels passés, 41 rendez-vous obtenus, 23 contrats signés dont 14 Sérénité+",
            label="Résultats obtenus sur 16 s",
        ),
        "information_commerciale.informations_marche": Rubric(
            "Le marché des pompes à chaleur a fortement progressé avec les aides MaPrimeRénov'. Les clients "
            "comparent les prix des contrats sur internet et les installateurs en ligne cassent les prix."
        ),
        "information_commerciale.objectifs": Rubric(
            "Connaître les prix des contrats concurrents pour argumenter sur le rapport qualité-prix"
        ),
        "information_commerciale.contribution_expertise": Rubric(
            "Objectif : j'ai créé un tableau comparatif des contrats de 5 concurrents, utilisé maintenant "
            "par les deux commerciaux lors des rendez-vous."
        ),
    },
    phases=(
        ("Prise de contact et rappel de l'installation de 2021", "Fiche client sur le logiciel"),
        ("Découverte : usage du chauffage, pannes passées, budget", "Guide d'entretien, questionnaire"),
        ("Présentation des deux contrats et argumentation", "Plaquette, comparatif imprimé"),
        ("Traitement de l'objection prix (concurrent à 99 €)", "Calcul du coût d'un dépannage hors contrat"),
        ("Conclusion : signature et mandat de prélèvement", "Tablette, contrat numérique"),
    ),
    activites=(
        (
            "Semaines 1 à 4 : extraction du fichier et tri des clients sans contrat",
            "Logiciel de gestion, Excel",
        ),
        ("Semaines 5 à 12 : phoning et prise de rendez-vous", "Script d'appel, agenda partagé"),
        ("Semaines 13 à 16 : relance des indécis par mail", "Modèle de mail, CRM"),
    ),
    bilan=(
        "Bonne connaissance technique grâce à mon tuteur ; fichier clients à jour",
        "J'ai réécrit le script d'appel après les premiers refus",
        "Mieux préparer les réponses à l'objection prix avant les rendez-vous",
    ),
    veille=(
        ("Sites des concurrents et comparateurs en ligne", "Tableau comparatif Excel"),
        ("Salon Bâtir Ouest (février 2025)", "Prise de notes, brochures"),
    ),
    annexe="ANNEXE – Offre commerciale Thermi'Confort Services\n"
    "Contrat Essentiel : visite annuelle, 129 € TTC\n"
    "Contrat Sérénité+ : visite annuelle, dépannage sous 48 h, pièces d'usure, 189 € TTC\n"
    "Remise possible : un mois offert si signature le jour de la visite",
)

MOTO = StudentFdap(
    name="eleve-ec-portes-ouvertes-moto",
    nature="EC",
    numero=2,
    tick="X",
    keep_other_forms=True,
    titre="Organisation d'une journée essais « Printemps de la moto » à la concession",
    candidat=("NGUYEN", "Lucas", "02345678902"),
    notes="EC, contenu tapé sous l'intitulé, deux cellules de contenu, texte hors tableau, V-2/V-3 laissées",
    after=("Remarque : l'affiche de la journée est jointe en annexe 2.",),
    stray=("Remarque : l'affiche de la journée est jointe en annexe 2.",),
    rubrics={
        "cadre.organisation": Rubric(
            in_label="Moto Évasion 49, concession Yamaha", on_label_line=False, label="Nom de l’organisation "
        ),
        "cadre.adresse": Rubric("18 route de Paris, 49000 Angers"),
        "cadre.type_structure": Rubric("SAS, concession de marque, 9 salariés"),
        "cadre.offre_commerciale": Rubric(
            "Motos neuves et d'occasion Yamaha, équipements du motard, atelier d'entretien, financement "
            "en location avec option d'achat",
            label="Offre commerciale (voir annexe)",
        ),
        "cadre.types_clients": Rubric(
            "Motards confirmés qui renouvellent leur moto, jeunes permis A2, quelques clients "
            "professionnels (coursiers)",
            label="Types de clientèle",
        ),
        "cadre.methodes_vente": Rubric("Vente en magasin, essais sur rendez-vous, salons et journées essais"),
        "analyse.dates": Rubric(
            in_label="samedi 5 avril 2025, de 9 h à 18 h", content="Préparation du 3 au 28 mars 2025"
        ),
        "analyse.lieu": Rubric(content="Showroom et parking de la concession, à Angers"),
        "analyse.historique_problematique": Rubric(
            "Chaque printemps la concession organise une journée d'essais. En 2024 elle n'avait attiré "
            "que 60 visiteurs et 4 ventes.\nProblématique : comment attirer plus de jeunes permis et "
            "transformer les essais en commandes ?",
            label="Historique / problématique",
        ),
        "analyse.acteurs": Rubric(
            "M. Garnier : directeur de la concession, valide le budget de 2 500 €, veut 10 commandes\n"
            "Mme Roux : ma tutrice, cheffe des ventes, m'a confié la communication et les inscriptions",
            next_cell="Yamaha Motor France : prête 6 motos d'essai et des goodies\n"
            "Les 3 vendeurs : encadrent les essais et font les propositions commerciales",
        ),
        "analyse.objectifs_operationnels": Rubric(
            "150 visiteurs, 60 essais, 10 commandes signées dans les 15 jours\n"
            "Recruter 40 nouveaux contacts jeunes permis dans le fichier",
            label="Objectifs opérationnels de l'évènement",
        ),
        "deroulement.resultats": Rubric(
            "172 visiteurs, 71 essais, 12 commandes dont 5 jeunes permis. 58 nouveaux contacts.",
            label="Résultats de l'évènement",
        ),
        "deroulement.difficultes": Rubric(
            "La météo annonçait de la pluie : il a fallu prévoir un parcours abrité et rappeler tous les "
            "inscrits la veille.",
            label="Difficultés rencontrées et solutions",
        ),
        "ciblage_prospection.demarche": Rubric(
            "puis relance par SMS une semaine avant",
            label="Démarche :",
            in_label="phoning des clients ayant acheté une moto il y a plus de 4 ans",
        ),
        "ciblage_prospection.objectifs": Rubric(
            "Obtenir 60 inscriptions aux essais et 20 rendez-vous de reprise"
        ),
        "ciblage_prospection.resultats": Rubric(
            "74 inscriptions, 23 rendez-vous de reprise, 9 devis de reprise acceptés"
        ),
        "information_commerciale.informations_marche": Rubric(
            "Le marché de la moto neuve progresse chez les jeunes permis A2 ; la concurrence de Honda et "
            "Kawasaki est forte sur les 500 cm3. Les clients comparent sur les forums."
        ),
        "information_commerciale.objectifs": Rubric(
            "Savoir quels modèles les jeunes permis essaient chez les concurrents"
        ),
        "information_commerciale.contribution_expertise": Rubric(
            "J'ai présenté en réunion des ventes un tableau des modèles A2 concurrents avec leurs prix et "
            "leurs offres de financement."
        ),
    },
    phases=(
        ("Préparation : budget, planning, commande des goodies", "Rétroplanning, tableur budget"),
        ("Communication : réseaux sociaux, affiche, mailing", "Canva, Instagram, Sarbacane"),
        ("Jour J : accueil, essais encadrés, propositions", "Fiches d'essai, tablette"),
        ("Bilan chiffré et relances des visiteurs", "Tableau de bord, CRM"),
    ),
    activites=(
        ("Phoning du fichier clients (S1 à S6)", "Script, fichier Excel"),
        ("Relance par SMS des inscrits (S7)", "Plateforme SMS"),
    ),
    bilan=(
        "Aisance au téléphone, bonne connaissance des modèles",
        "Créneaux d'essai de 20 minutes pour éviter l'attente",
        "Commencer la communication plus tôt, au moins 6 semaines avant",
    ),
    veille=(
        ("Forums motards et pages des concurrents", "Veille Facebook, Google Alertes"),
        ("Revue Moto Journal", "Fiches de synthèse"),
    ),
)

CAFE = StudentFdap(
    name="eleve-nv-cafe-restaurant",
    nature="NV",
    tick="sdt",
    titre="Négociation d'un contrat de fourniture de café en grains avec un restaurant",
    candidat=("DA SILVA", "Inès", "02345678903"),
    notes="NV B2B, fautes de frappe dans les intitulés, contenu sous l'intitulé, ligne ajoutée",
    before=("BTS NDRC – Session 2025", "FICHE DESCRIPTIVE D'ACTIVITÉ PROFESSIONNELLE"),
    between=("¹ Annexe à joindre obligatoirement à la fiche",),
    rubrics={
        "cadre.organisation": Rubric("Cafés Lamarque, torréfacteur", label="Nom de l'organisaton"),
        "cadre.adresse": Rubric("ZA du Lac, 33300 Bordeaux", label="Adresse / Code postal / Ville"),
        "cadre.type_structure": Rubric("SARL familiale, 22 salariés"),
        "cadre.offre_commerciale": Rubric(
            "Cafés en grains et moulus, machines expresso en prêt ou en location, formation barista",
            label="Offre comerciale",
        ),
        "cadre.types_clients": Rubric("Cafés, hôtels, restaurants, épiceries fines (clients professionnels)"),
        "cadre.methodes_vente": Rubric(
            "Visites terrain, dégustations sur place, salon professionnel", label="Methodes de vente"
        ),
        "analyse.dates": Rubric(in_label="mardi 11 février 2025", label="Date(s) de la négociation :"),
        "analyse.lieu": Rubric(
            in_label="dans la salle du restaurant Le Comptoir, à Bordeaux", label="Lieu :"
        ),
        "analyse.historique_problematique": Rubric(
            "Le Comptoir achète son café chez un grossiste national depuis 5 ans. Le gérant se plaint "
            "de la qualité mais a peur de changer de machine.",
            added_rows=(
                "Problématique : proposer un contrat de fourniture qui rassure sur la machine et le prix au "
                "kilo.",
            ),
        ),
        "analyse.acteurs": Rubric(
            label="Acteur concernés (Statut/Rôle/Motivation)",
            in_label="M. Da Costa : gérant du restaurant, décideur, veut une meilleure qualité sans payer plus",
            on_label_line=False,
            content="Mme Petit : ma tutrice, commerciale terrain, valide les remises au-delà de 5 %\n"
            "Moi : assistante commerciale, je présente l'offre et fais la dégustation",
        ),
        "analyse.objectifs_operationnels": Rubric(
            "Objectifs : signer un contrat de 12 mois pour 8 kg de café par semaine avec prêt de la machine.",
            label="Objectif opérationnel",
        ),
        "deroulement.resultats": Rubric(
            "Contrat signé pour 12 mois, 7 kg par semaine à 21,40 € le kilo, machine prêtée.",
            label="Résultat",
        ),
        "deroulement.difficultes": Rubric(
            "Le gérant voulait une remise de 10 % ; ma tutrice a accepté 6 % en échange d'un engagement "
            "de 12 mois.",
            label="Difficultés rencontrés",
        ),
        "ciblage_prospection.demarche": Rubric(
            "Repérage des restaurants du quartier des Chartrons sur Google Maps, puis visites sans "
            "rendez-vous en dehors du service."
        ),
        "ciblage_prospection.objectifs": Rubric("Visiter 30 restaurants et obtenir 8 dégustations"),
        "ciblage_prospection.resultats": Rubric("34 visites, 11 dégustations, 3 contrats signés"),
        "information_commerciale.informations_marche": Rubric(
            "Les restaurants indépendants cherchent des cafés de spécialité ; les grossistes nationaux "
            "proposent des prix bas mais peu de service.",
            label="Informations sur le marché, les clients, le secteur",
        ),
        "information_commerciale.objectifs": Rubric(
            "Connaître les prix au kilo pratiqués par les grossistes"
        ),
        "information_commerciale.contribution_expertise": Rubric(
            "Résultats : j'ai mis à jour la fiche concurrents du CRM avec les prix de 4 grossistes."
        ),
    },
    phases=(
        ("Prise de contact et rappel de la dégustation", "Carte de visite, agenda"),
        ("Découverte des besoins : volumes, machine, budget", "Questionnaire de découverte"),
        ("Dégustation de deux cafés et argumentation", "Échantillons, moulin, fiche produit"),
        ("Négociation du prix et de la durée", "Grille tarifaire, calculatrice"),
        ("Conclusion et signature", "Bon de commande, contrat"),
    ),
    activites=(("Visites des restaurants des Chartrons", "Google Maps, fiches prospects"),),
    bilan=(
        "La dégustation convainc mieux que la plaquette",
        "J'ai préparé une fiche sur les machines pour rassurer",
        "Préparer à l'avance la marge de négociation avec ma tutrice",
    ),
    veille=(("Tarifs des grossistes (catalogues)", "Tableau comparatif"),),
)

# The plain document the targeted tests change one rubric of.
BASE = StudentFdap(
    name="base",
    nature="NV",
    titre="Vente d'un abonnement de livraison de pain à un hôtel",
    candidat=("LEROUX", "Camille", "02345678904"),
    rubrics={
        "cadre.organisation": Rubric("Boulangerie Paul Bert"),
        "cadre.adresse": Rubric("4 place Paul Bert, 69003 Lyon"),
        "cadre.type_structure": Rubric("Entreprise individuelle, 7 salariés"),
        "cadre.offre_commerciale": Rubric(
            "Pains, viennoiseries et pâtisseries ; livraison aux professionnels"
        ),
        "cadre.types_clients": Rubric("Particuliers du quartier, hôtels et restaurants"),
        "cadre.methodes_vente": Rubric("Vente au comptoir et visites chez les professionnels"),
        "analyse.dates": Rubric(in_label="le 3 février 2025"),
        "analyse.lieu": Rubric(in_label="à la réception de l'hôtel Le Lumière"),
        "analyse.historique_problematique": Rubric(
            "L'hôtel achète son pain en grande surface ; la qualité déçoit."
        ),
        "analyse.acteurs": Rubric("Mme Royer : directrice de l'hôtel, décide des achats"),
        "analyse.objectifs_operationnels": Rubric("Faire signer un abonnement de livraison quotidienne"),
        "deroulement.resultats": Rubric("Abonnement signé pour 40 viennoiseries par jour pendant 6 mois."),
        "deroulement.difficultes": Rubric("La directrice trouvait l'horaire de livraison trop tardif."),
        "ciblage_prospection.demarche": Rubric(
            "Visite des hôtels du 3e arrondissement avec une corbeille de dégustation."
        ),
        "ciblage_prospection.objectifs": Rubric("Rencontrer 12 hôtels en 16 semaines"),
        "ciblage_prospection.resultats": Rubric("14 hôtels rencontrés, 4 abonnements signés"),
        "information_commerciale.informations_marche": Rubric(
            "Les hôtels indépendants cherchent des produits locaux."
        ),
        "information_commerciale.objectifs": Rubric("Connaître les prix des boulangeries industrielles"),
        "information_commerciale.contribution_expertise": Rubric(
            "J'ai créé une fiche prospect pour les hôtels."
        ),
    },
    phases=(
        ("Prise de contact à la réception", "Carte de visite"),
        ("Dégustation et argumentation", "Corbeille"),
    ),
    activites=(("Visites des hôtels avec dégustation", "Corbeille, plaquette"),),
    bilan=("Produits appréciés", "Livraison plus tôt", "Préparer un tarif dégressif"),
    veille=(("Sites des boulangeries industrielles", "Tableau des prix"),),
)

THE = StudentFdap(
    name="eleve-ec-atelier-the-tout-a-la-fois",
    nature="EC",
    numero=2,
    tick="legacy_checked",
    keep_other_forms=True,
    titre="Animation d'un atelier dégustation « Thés du monde » pour la fête des mères",
    candidat=("BENALI", "Sarah", "02345678905"),
    notes="EC, toutes les manières d'écrire à la fois, deux textes parasites signalés",
    before=("ANNEXE V–1", "BTS NDRC  Session 2025  E4 – Relation client et négociation vente"),
    between=(
        "1 Annexe à joindre obligatoirement à la fiche (1 feuille recto verso de 2 pages)",
        "NB : les chiffres de fréquentation viennent du logiciel de caisse.",
    ),
    stray=("NB : les chiffres de fréquentation viennent du logiciel de caisse.",),
    rubrics={
        "cadre.organisation": Rubric(
            in_label="Les Jardins de Thé, boutique de thés et d'accessoires", label="Nom de l'enseigne :"
        ),
        "cadre.adresse": Rubric("7 rue Bouffard, 33000 Bordeaux", label="Adresse complète"),
        "cadre.type_structure": Rubric(
            "SAS, franchise d'un réseau de 40 boutiques", label="Type de strucutre"
        ),
        "cadre.offre_commerciale": Rubric(
            "Thés et infusions en vrac, coffrets cadeaux, théières et accessoires",
            label="Offre commerciale1 (produits et services)",
            next_cell="Ateliers de dégustation payants (15 € par personne)",
        ),
        "cadre.types_clients": Rubric(
            "Femmes de 30 à 60 ans, amateurs de thé, clients qui cherchent un cadeau",
            label="Type(s) de client(s) et cible de l'atelier",
        ),
        "cadre.methodes_vente": Rubric("Vente conseil en boutique, site internet, ateliers"),
        "analyse.dates": Rubric(
            in_label="samedi 24 mai 2025, deux séances (10 h et 15 h)", label="Date(s) de l'atelier :"
        ),
        "analyse.lieu": Rubric(in_label="l'arrière-boutique aménagée en salon de dégustation"),
        "analyse.historique_problematique": Rubric(
            label="Historique/Problématique de l’activité",
            in_label="La boutique organise des ateliers depuis 2023 mais ils ne se remplissaient pas.",
            content="Problématique : comment remplir deux séances de 12 places et vendre des coffrets "
            "pour la fête des mères ?",
        ),
        "analyse.acteurs": Rubric(
            label="Acteurs concernés (Statuts/Rôles/Motivations)",
            in_label="Mme Faure : gérante, ma tutrice, fixe le budget de 300 €",
            content="Les participantes : clientes fidèles et nouvelles clientes, veulent découvrir et offrir\n"
            "Moi : stagiaire, j'organise l'atelier et je l'anime avec la gérante",
        ),
        "analyse.objectifs_operationnels": Rubric(
            "24 participantes, 15 coffrets vendus à l'issue des deux séances\n"
            "Objectifs qualitatifs : faire connaître les thés de la nouvelle collection",
            label="Objectifs opérationnels de l'atelier",
        ),
        "deroulement.resultats": Rubric(
            "22 participantes, 19 coffrets vendus, 8 nouvelles clientes inscrites au programme de fidélité",
            label="Résultats de l'atelier dégustation",
        ),
        "deroulement.difficultes": Rubric(
            "Une séance était presque vide à J-5.",
            added_rows=("J'ai relancé les clientes par SMS et proposé une place offerte pour une amie.",),
        ),
        "ciblage_prospection.demarche": Rubric(
            "Choix de la cible : les clientes du fichier fidélité qui ont acheté un coffret l'an dernier.\n"
            "Objectifs : les inviter par mail puis les relancer en boutique.",
            label="Démarche de prospection sur la cible des clientes fidèles",
        ),
        "ciblage_prospection.objectifs": Rubric(
            "30 invitations acceptées sur 16 semaines",
            label="Objectifs fixés sur la durée de prospection 16 s",
        ),
        "ciblage_prospection.resultats": Rubric(
            "26 invitations acceptées, 11 clientes revenues en boutique", label="Résultats obtenus sur 16 s"
        ),
        "information_commerciale.informations_marche": Rubric(
            "Le thé en vrac se vend de plus en plus en ligne ; les boutiques se différencient par le "
            "conseil et les ateliers.",
            label="Informations sur le marché , les clients , le secteur , etc.",
        ),
        "information_commerciale.objectifs": Rubric(
            "Suivre les ateliers proposés par les autres boutiques du centre-ville"
        ),
        "information_commerciale.contribution_expertise": Rubric(
            "Objectifs : j'ai rédigé une fiche « atelier clé en main » reprise par deux autres boutiques "
            "du réseau.",
            label="Contribution à l'expertise commerciale de l'organisation :",
        ),
    },
    phases=(
        ("Préparation : choix des thés, budget, réservation de la salle", "Rétroplanning, tableur"),
        ("Communication : mailing, affiche en vitrine, Instagram", "Canva, Sendinblue"),
        ("Animation des deux séances et vente des coffrets", "Fiches dégustation, caisse"),
        ("Bilan avec la gérante", "Tableau de résultats"),
    ),
    activites=(
        ("Mailing d'invitation aux clientes fidèles (S3)", "Sendinblue"),
        ("Relances en boutique et par SMS (S4 à S6)", "Fichier fidélité"),
    ),
    bilan=(
        "Aisance à l'oral, bonne connaissance des thés",
        "Une place offerte pour une amie a rempli la séance du matin",
        "Ouvrir les inscriptions un mois plus tôt",
    ),
    veille=(("Pages Instagram des boutiques concurrentes", "Captures, tableau"),),
    annexe="ANNEXE – Offre commerciale Les Jardins de Thé\n"
    "Coffret fête des mères : 3 thés et une tasse, 34,90 €\n"
    "Atelier dégustation : 15 € par personne, remboursés dès 30 € d'achat",
)

END_TO_END = (PAC, MOTO, CAFE, THE)
