"""An adversarial corpus for the privacy gate: identifiers written the way a hostile tester (or a student)
writes them, each labelled with its kind and the pieces that must never reach a model; and harmless
look-alikes, sales facts that must reach it intact."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from service.domain.text import fold


@dataclass(frozen=True)
class Identifier:
    kind: str
    text: str
    needles: tuple[str, ...]  # what identifies, in any spacing or case: none may be sent


def _id(kind: str, text: str, *needles: str) -> Identifier:
    return Identifier(kind, text, needles)


IDENTIFIERS = [
    # E-mail addresses, disguised.
    _id("courriel", "Son adresse : lea.vasseur [at] gmail [point] com", "lea.vasseur", "vasseur"),
    _id("courriel", "écrire à p.meunier(at)laposte.net pour le devis", "p.meunier", "meunier"),
    _id("courriel", "contact : b.rolland arobase orange point fr", "b.rolland"),
    _id("courriel", "mail m.tessier @ free.fr (perso)", "m.tessier", "tessier"),
    _id("courriel", "jdelmas{at}wanadoo{dot}fr", "jdelmas"),
    _id("courriel", "k_ferrand (arobase) hotmail (point) com", "k_ferrand"),
    _id("courriel", "nadia.perrot at outlook dot com", "nadia.perrot", "perrot"),
    _id("courriel", "sbarbier<at>yahoo.fr", "sbarbier"),
    _id("courriel", "réponse de g.henry@sfr.fr le lendemain", "g.henry"),
    _id(
        "courriel",
        "écris à lea point martin arobase eleve point example",
        "lea point martin",
        "eleve point example",
    ),
    _id("courriel", "lmartin arobase lycee-exemple", "lmartin"),
    _id("courriel", "jean dot dupont at lycee dot example", "jean dot dupont"),
    _id("courriel", "c.roux@intranet pour la suite", "c.roux"),
    _id("courriel", "y_morel (at) campus (point) local", "y_morel"),
    # Profiles and links that carry a name.
    _id("profil en ligne", "son profil linkedin.com/in/helene-marchal-49", "marchal"),
    _id("profil en ligne", "https://www.facebook.com/thomas.giraud.75", "giraud"),
    _id("profil en ligne", "photos sur instagram.com/chloe_benard", "chloe_benard"),
    _id("profil en ligne", "https://x.com/mlefebvre_pro", "mlefebvre_pro"),
    _id("profil en ligne", "twitter.com/jrobin44", "jrobin44"),
    _id("profil en ligne", "vidéo : tiktok.com/@emma.caron", "emma.caron"),
    _id("profil en ligne", "www.youtube.com/@paulinefaure", "paulinefaure"),
    _id("lien", "CV en ligne https://monsite-perso.fr/cv/antoine-lacroix", "lacroix"),
    _id("pseudonyme", "sur Insta : @lucie.masson", "lucie.masson"),
    _id("pseudonyme", "pseudo : nico_garnier56", "nico_garnier56"),
    # First names alone, or beside a surname the domain list does not know.
    _id("prénom", "Kévin m'a aidé à préparer le stand.", "Kévin"),
    _id("prénom", "ma tutrice Sandrine a validé le budget", "Sandrine"),
    _id("prénom", "avec l'aide de Jennifer, vendeuse", "Jennifer"),
    _id("prénom", "DUROC Maxime, stagiaire", "Maxime", "Duroc"),
    _id("prénom", "Yasmina Belkacem est venue au stand", "Yasmina", "Belkacem"),
    _id("prénom", "la remarque de Bastien sur les horaires", "Bastien"),
    _id("prénom", "Jean-Baptiste, mon tuteur, a relu", "Jean-Baptiste"),
    # Social-security numbers (NIR).
    _id("nir", "n° de sécurité sociale 1 04 03 75 112 345 67", "1040375112345"),
    _id("nir", "carte vitale 2 95 12 2A 004 123 45", "2A004123"),
    _id("nir", "NIR : 185057800608436", "1850578006084"),
    _id("nir", "sécu 2.84.11.69.123.456.78", "2841169123456"),
    # Bank details.
    _id("banque", "IBAN FR76 3000 6000 0112 3456 7890 189", "011234567890"),
    _id("banque", "virement sur FR7630004000031234567890143", "031234567890"),
    _id("banque", "BIC : BNPAFRPPXXX", "BNPAFRPPXXX"),
    _id("banque", "RIB : 30002 00550 0000157845Z 02", "0000157845Z"),
    _id("banque", "compte DE89 3704 0044 0532 0130 00", "053201300"),
    # Birth dates.
    _id("naissance", "né le 12/03/2004 à Angers", "12032004"),
    _id("naissance", "née le douze mars deux mille quatre", "douze mars deux mille quatre"),
    _id("naissance", "date de naissance : 03/07/1998", "03071998"),
    _id("naissance", "né à Brest le 5 juin 2003", "5 juin 2003"),
    _id("naissance", "la cliente, née en 1957, hésite", "née en 1957"),
    _id("naissance", "DDN : 14.02.2001", "14022001"),
    _id("naissance", "Né(e) le 1er janvier 2002", "1er janvier 2002"),
    # Phone numbers in words or with odd separators.
    _id("téléphone", "zéro six douze trente-quatre cinquante-six soixante-dix-huit", "douze trente-quatre"),
    _id("téléphone", "zero sept, quatre-vingt-un, vingt-deux, trente-trois", "quatre-vingt-un, vingt-deux"),
    _id("téléphone", "portable 06/12/34/56/79", "0612345679"),
    _id("téléphone", "tel 06_98_76_54_32", "0698765432"),
    _id("téléphone", "+33 (0)7 81 22 33 44", "781223344"),
    _id("téléphone", "0033 6 11 22 33 45", "611223345"),
    _id("téléphone", "son fixe : 061 234 5699", "0612345699"),
    _id("téléphone", "en chiffres pleine chasse ０６ ５５ ４４ ３３ ２２", "0655443322"),
    _id("téléphone", "avec des blancs invisibles 06\u200b71\u200b22\u200b33\u200b44", "0671223344"),
    _id("courriel", "adresse romain.dufay＠gmail.com", "romain.dufay"),
    # Postal addresses.
    _id("adresse", "domicile : 12 rue des Lilas, 44000 Nantes", "Lilas"),
    _id("adresse", "lieu-dit La Croix Verte", "Croix Verte"),
    _id("adresse", "écrire BP 4521", "bp4521"),
    _id("adresse", "CS 70123 Rennes Cedex 9", "cs70123"),
    _id("adresse", "elle habite impasse des Mésanges", "Mésanges"),
    _id("adresse", "3 bis avenue Jean Jaurès", "Jaurès"),
    # Licence plates.
    _id("immatriculation", "sa voiture immatriculée AB-123-CD", "ab123cd"),
    _id("immatriculation", "plaque : 1234 AB 56", "1234ab56"),
    _id("immatriculation", "véhicule : GH 456 JK", "gh456jk"),
    # Student, passport and customer numbers.
    _id("identifiant", "INE 1234567890A", "1234567890a"),
    _id("identifiant", "numéro étudiant : 21904567", "21904567"),
    _id("identifiant", "passeport n° 12AB34567", "12ab34567"),
    _id("identifiant", "n° client : CL-884512", "cl884512"),
    _id("identifiant", "matricule 775401", "775401"),
]

# Sales facts that look like identifiers and must reach the model unchanged.
LOOKALIKES = [
    "1 474 €",
    "prix : 12 500 € HT",
    "12500 € TTC",
    "remise de 15 %",
    "le 12/03 à 14 h 30",
    "rendez-vous le 12/03/2024",
    "3 000 exemplaires",
    "réf. AB-2024-X",
    "code produit 3760123456789",
    "modèle 208 GT",
    "Rosé de Loire 2023 : 9,50 €",
    "prendre la rue commerçante",
    "la mise en place du stand",
    "salon de la Saint-Valentin",
    "score de 4,5/5",
    "150 participants",
    "chiffre d'affaires : 1 250 000 €",
    "numéro 1 des ventes",
    "CSE de 350 salariés",
    "18 h - 20 h",
    "saison 2023-2024",
    "Renault Trafic",
    "du 12 au 14 mars 2025",
    "le 1er avril",
    "contrat de 36 mois",
    "12 contrats signés le 15/05/2025 pour 2 340 €",
    "45 000 visiteurs",
    "code promo PRINTEMPS24",
    "horaires 9 h 30 - 19 h",
    "référence 2024-06-15-001",
    "tél. du magasin",
    "0,99 € la minute",
    "le point de vente et le point fort de l'offre",
    "rendez-vous @ 14 h",
    "le rendez-vous at home",
    "Saint-Martin en Ré",
]


def _squeezed(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", fold(unicodedata.normalize("NFKC", text)))


def found_needles(text: str, identifier: Identifier) -> list[str]:
    """The needles of `identifier` present in `text`: numbers however spaced, words as whole words."""
    squeezed, folded = _squeezed(text), fold(unicodedata.normalize("NFKC", text))
    found = []
    for needle in identifier.needles:
        if any(ch.isdigit() for ch in needle):
            hit = _squeezed(needle) in squeezed
        else:
            hit = re.search(rf"(?<![\w]){re.escape(fold(needle))}(?![\w])", folded) is not None
        if hit:
            found.append(needle)
    return found
