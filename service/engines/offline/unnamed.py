"""People the FDAP names, said by their role before the redaction runs.

The redaction turns « M. Julien Moreau » into « l'interlocuteur ». Next to a role noun that would read
« l'autrice jeunesse l'interlocuteur » or « l'interlocuteur, gérant, mon tuteur »: here the name is
dropped after a role noun (« l'autrice jeunesse »), and a name followed by its role in apposition becomes
that role (« le gérant, mon tuteur »).
"""

from __future__ import annotations

import re

from service.domain.personal import CIVILITY_ONLY, Person

_FEMININE = """gérante cogérante co-gérante directrice autrice auteure vendeuse conseillère tutrice associée
présidente commerciale chargée technicienne assistante acheteuse adjointe agricultrice exploitante éleveuse
fille femme épouse mère sœur soeur patronne infirmière esthéticienne animatrice organisatrice représentante
déléguée coordinatrice dirigeante fondatrice illustratrice trésorière éditrice cliente""".split()
_MASCULINE = """gérant cogérant co-gérant directeur auteur vendeur conseiller tuteur associé président
commercial chargé technicien assistant acheteur adjoint agriculteur exploitant éleveur fils mari époux père
frère patron infirmier animateur organisateur représentant délégué coordinateur dirigeant fondateur
illustrateur trésorier éditeur client""".split()
_EPICENE = """responsable libraire comptable secrétaire propriétaire gestionnaire chef maire manager bénévole
photographe pharmacienne pharmacien DRH PDG DG DAF RRH""".split()
_ROLE = "|".join(sorted(_FEMININE + _MASCULINE + _EPICENE, key=len, reverse=True))
_DET = r"(?:[Ll]e|[Ll]a|[Ll]['’]|[Ss]on|[Ss]a|[Ll]eur|[Uu]n|[Uu]ne|[Nn]otre|[Vv]otre)"
# A modifier of the role: « jeunesse », « de secteur », « du rayon jeunesse »; never a verb nor a preposition.
_NOT_MODIFIER = r"(?:a|ai|ont|est|était|sont|va|fait|avec|pour|à|chez|par|sur|et|qui|que|mais|ou|\w+ée?s?)"
_MODIFIERS = rf"(?:\s+(?:(?:de|du|des)\s+|d['’])?(?!{_NOT_MODIFIER}\b)[a-zà-ÿœ][\w-]*){{0,3}}"
_ROLE_PHRASE = rf"(?:{_DET}\s*)?(?:{_ROLE})\b{_MODIFIERS}"


# One to three capitalised words (an initial « J. » among them) (first name, surname); which of them is a person is checked on the match,
# so both patterns are compiled once (a pattern per person cost about 10 ms each to compile).
_NAME = (
    rf"(?P<civ>{CIVILITY_ONLY}\s+)?(?P<words>(?:(?:[A-ZÀ-Þ]\.|[A-ZÀ-Þ][\w'’-]*)\s+){{0,2}}[A-ZÀ-Þ][\w'’-]*)"
)
_AFTER_ROLE = re.compile(rf"(?P<role>\b{_DET}\s*(?:{_ROLE})\b{_MODIFIERS})\s*,?\s+{_NAME}(?![\w-])")
_APPOSED = re.compile(rf"{_NAME}\s*,\s+(?P<role>{_ROLE_PHRASE})(?=\s*(?:[,;.)]|$))")


def _forms(person: Person) -> set[str]:
    surname = person.surname
    return {surname, surname.upper(), surname[:1].upper() + surname[1:].lower()}


def _is_named(words: str, person: Person) -> bool:
    """« Julien Moreau », « Moreau », « J. Moreau »: the person's surname, after one first name at most."""
    for form in _forms(person):
        if words == form:
            return True
        if words.endswith(f" {form}") and len(words[: -len(form)].split()) <= 1:
            return True
    return False


def _article(role: str, civility: str, article: bool) -> str:
    head = role.split()[0].lower()
    if re.match(rf"{_DET}\s*$", head) or re.match(r"[ld]['’]", head):
        return role
    feminine = head in _FEMININE or civility.lower().startswith(("mme", "mlle", "madame", "mademoiselle"))
    masculine = head in _MASCULINE or (civility and not feminine)
    if not (feminine or masculine):
        return ""
    if not article:
        return role
    if head[:1] in "aeiouyéèêh":
        return f"l'{role}"
    return f"{'la' if feminine else 'le'} {role}"


def by_role(text: str, people: list[Person] | tuple[Person, ...], article: bool = True) -> str:
    """`text` where a named person next to their role is said by that role alone; without `article` for a
    label (« gérant, mon tuteur »), with it in a sentence (« le gérant, mon tuteur »)."""
    named = [p for p in people if p.surname in text or p.surname.upper() in text]
    if not named:
        return text

    def person_of(match: re.Match[str]) -> bool:
        return any(_is_named(match.group("words"), person) for person in named)

    def role_first(match: re.Match[str]) -> str:
        return match.group("role") if person_of(match) else match.group(0)

    def role_alone(match: re.Match[str]) -> str:
        if not person_of(match):
            return match.group(0)
        said = _article(match.group("role"), (match.group("civ") or "").strip(), article)
        return said or match.group(0)

    text = _AFTER_ROLE.sub(role_first, text)
    return _APPOSED.sub(role_alone, text)


_MARK = r"[Ll]['’]interlocuteur\b"
# « l'interlocuteur, gérant du domaine et mon tuteur »: after the redaction, the role says who it is.
_MARK_THEN_ROLE = re.compile(rf"{_MARK}\s*,?\s+(?P<role>(?:{_ROLE})\b{_MODIFIERS})")
# « C'est l'interlocuteur la responsable animation »
_MARK_THEN_NAMED_ROLE = re.compile(rf"{_MARK}\s+(?P<role>{_DET}\s*(?:{_ROLE})\b)")
# « ma tutrice l'interlocuteur m'a confié », « mon tuteur l'interlocuteur, responsable du hall »
_ROLE_THEN_MARK = re.compile(rf"(?P<role>\b(?:{_DET}|[Mm]on|[Mm]a)\s*(?:{_ROLE})\b{_MODIFIERS})\s+{_MARK}")


def role_for_mark(text: str, quoted: bool = False) -> str:
    """The redaction mark « l'interlocuteur » dropped where a role noun beside it already says who the
    person is: « ma tutrice l'interlocuteur m'a confié » -> « ma tutrice m'a confié ». In the FDAP's text
    `quoted` as it was (a change's « avant »), « l'interlocuteur, gérant du domaine » -> « le gérant du
    domaine » too; elsewhere the engine puts its fictional character's name on that mark."""
    if "interlocuteur" not in text:
        return text

    def then_role(match: re.Match[str]) -> str:
        head = not text[: match.start()].strip() or re.search(r"[-;:/•(]\s*$", text[: match.start()])
        said = _article(match.group("role"), "", not head)  # a list item or a label: the role alone
        if not said:
            return match.group(0)
        return said[:1].upper() + said[1:] if match.group(0)[0] == "L" else said

    text = _ROLE_THEN_MARK.sub(lambda m: m.group("role"), text)
    text = _MARK_THEN_NAMED_ROLE.sub(lambda m: m.group("role"), text)
    return _MARK_THEN_ROLE.sub(then_role, text) if quoted else text
