"""Given names beyond the domain's list: a first name alone (« Kévin m'a aidé ») must not reach a model."""

from __future__ import annotations

from functools import cache
from importlib import resources

from service.domain.text import fold

# Common given names in France (INSEE files, births 1950-2015) missing from the domain's shorter list;
# not those that are mostly something else in a sales text (Noël, Max, Eden, Salomon, Martin).
_MORE = """
Aaron Abdel Abdelkader Abdoulaye Adama Adrienne Ahmed Aicha Aissatou Alain Alban Alexia Ali Alicia Alison
Aliya Allan Amandine Amaury Amel Amine Anissa Annick Anthony Antonin Apolline Ariane Armand Arnaud Aude
Augustin Aurore Aymeric Aziz Barbara Basile Béatrice Benoit Bérénice Bilal Brice Brandon Bryan Candice
Carla Cassandra Cédric Célia Céleste Charlène Chantal Cindy Claudine Coline Constance Coralie Cynthia
Damien Dany Danièle Daphné Denise Diane Djamel Dorian Dorothée Edith Edouard Édouard Eléa Eliane
Éliane Elias Elie Élie Elisa Élisa Elisabeth Élisabeth Ella Eloïse Emeline Émeline Emile Émile Emilie
Emilien Émilien Emmanuelle Eric Erwan Esteban Esther Eugénie Evan Evelyne Évelyne Fabienne Fatoumata
Félix Fernand Fernande Flavie Flora Francine Gabin Gabrielle Gaetan Gaétan Geneviève Gérald Germaine
Ghislaine Gisèle Grégoire Guillaume Gustave Gwen Hamza Hannah Hassan Héloïse Hocine Ilan Ilyes Imane
Irène Isaac Isidore Ivan Jason Jennifer Jessica Jimmy Joachim Joanna Jocelyne Johan Johanna Johnny
Jonas Josephine Joséphine Jules Julia Julian Julienne Karine Katia Kelly Kenza Kevin Kilian Killian
Laëtitia Lætitia Lana Laurine Léana Léane Léonie Léopold Liam Lilian Liliane Lilou Lily Linda
Lionel Lisa Louane Lucien Lucille Lucile Ludivine Lydie Lyna Madeleine Maëva Magali Mamadou Manuel
Marcelle Marianne Marius Marlène Marthe Maryse Maryline Mathias Mattéo Matteo Maurice Maxence
Medhi Mégane Melvin Mireille Mohamed Mohammed Moussa Myriam Nadège Naël Naomi Nassim Nathanaël Nelly
Nicolle Ninon Noa Norbert Octave Olivia Omar Oscar Paulette Perrine Pierrick Priscilla
Rachel Raymond Rebecca Régine Renée Robin Rodolphe Roland Rolande Ruben Ryan Sabrina Salomé
Samia Sandra Sandy Sarah Sébastien Séverine Simone Sofiane Soline Sonia Stella Steven Sullivan Sylvaine
Tatiana Teddy Thibaut Thibaud Tiphaine Tristan Valentine Victoria Vivien Vivienne Wassim William Willy
Yanis Yasmina Yoann Yohan Youcef Yvette Zacharie Zakaria Zélie Ziad
"""


@cache
def given_names() -> frozenset[str]:
    """Folded given names (the domain's and these); a name written without accents is still a name."""
    return frozenset(fold(name) for name in (*_domain_names(), *_MORE.split()))


@cache
def accented_names() -> frozenset[str]:
    """Given names exactly as written with their accents: « Rosé » is a wine, not « Rose »."""
    return frozenset(_MORE.split()) | frozenset(_domain_names())


def is_given_name(word: str) -> bool:
    """True for « Kévin », « Kevin », « KEVIN », « Jean-Pierre »; false for « Rosé » or « pierre »."""
    written = word.title() if word.isupper() else word
    if not written[:1].isupper():
        return False
    first = written.split("-")[0]
    return any(w in accented_names() or (w.isascii() and fold(w) in given_names()) for w in {written, first})


def _domain_names() -> list[str]:
    text = resources.files("service.domain").joinpath("data/prenoms.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]
