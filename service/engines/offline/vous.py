"""The candidate's « Vous » row: « Vous êtes <statut> chez/à <firm>, <role>. », then the colleagues of their
side as clean sentences (« Le chef des ventes accorde les remises au-delà de 12 %. ») or not at all."""

from __future__ import annotations

import re

from service.engines.offline import candidate
from service.engines.offline.extract import Actor
from service.engines.offline.facts import Material
from service.engines.offline.feelings import FIRST_PERSON

_STATUS_WORD = re.compile(
    r"(?:\ben\s+(?P<en>stage|alternance|apprentissage)\b|\((?P<aside>stagiaire|alternan\w*|apprenti\w*)\)"
    r"|\b(?P<word>stagiaire|alternant|alternante|apprenti|apprentie)\b)",
    re.IGNORECASE,
)
_SCHOOL = re.compile(r"\s*\b(?:BTS|NDRC)\b", re.IGNORECASE)
# A role that is a sentence of the FDAP (« Ils vendent déjà au marché »), not a job.
_NOT_A_ROLE = re.compile(r"\b(?:ils?|elles?|on|nous|vous|d[ée]j[àa])\b|\d", re.IGNORECASE)
# « gérant et mon tuteur », « commercial senior, mon tuteur », never « la mère de mon tuteur ».
_TUTOR_WORD = re.compile(r"(?:\s*,\s*|\s+et\s+|^)(?:mon|ma|votre)\s+(tuteur|tutrice)\b", re.IGNORECASE)
# What a colleague does, in the present: the verbs a role description of the seller's side uses.
_DOES = re.compile(
    r"^(?:(?:il|elle|qui)\s+)?(?P<verb>valide|accorde|signe|fixe|suit|pilote|m[eè]ne|con[çc]oit|anime|"
    r"pr[ée]pare|g[èe]re|finance|intervient|d[ée]cide|n[ée]gocie|supervise|encadre|chiffre|livre|établit)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(r"\b(?:M\.|Mme|Monsieur|Madame)\s|\s[A-ZÀ-Þ][a-zà-ÿ]+\b")
# A bare noun phrase (« délais », « heures de commande »), not a clause (« a animé », « pour les remises »,
# « consulté pour le menu »).
_NOUN = re.compile(
    r"^(?!(?:a|à|pour|avec|de|du|des|sur|en|par|au|aux|qui|que|dont|est|sont|il|elle)\b)[a-zà-ÿ-]+(?<![ée])(?<!ées)(?<!és)"
    r"(?:\s+\S+){0,4}$",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:le|la|les|l['’])\s*", re.IGNORECASE)
_FEMININE = re.compile(r"(?:trice|euse|ère|ere|ante|ente|enne|esse|ienne)$", re.IGNORECASE)


def split_status(said: str) -> tuple[str, str]:
    """« stagiaire conseillère commerciale » -> (« stagiaire », « conseillère commerciale »);
    « en alternance vendeuse conseil » -> (« en alternance », « vendeuse conseil »); « en stage » -> (« stagiaire », « »)."""
    said = _SCHOOL.sub("", said)
    found = _STATUS_WORD.search(said)
    if found is None:
        return "", _role(said)
    word = (found.group("en") or found.group("aside") or found.group("word")).lower()
    status = "stagiaire" if word == "stage" else f"en {word}" if found.group("en") else word
    rest = (said[: found.start()] + " " + said[found.end() :]).strip()
    return status, _role(rest)


def _role(rest: str) -> str:
    rest = re.sub(r"\s+", " ", rest).strip(" ,;:-–()")
    return "" if not rest or _NOT_A_ROLE.search(rest) or len(rest.split()) > 6 else rest


def status_line(facts: Material, fallback: str, firm: bool = True) -> str:
    """« Vous êtes stagiaire chez Cycles Martineau, vendeuse. », the FDAP's status split from its role.

    Without `firm` (a row that restates the FDAP's actors, in its words), « Vous êtes stagiaire vendeuse. »,
    the firm said only when the FDAP gives no role (never a bare « Vous êtes en stage. »)."""
    status, role = split_status(candidate.status(facts))
    # « chez Pharmacie du Marché » takes its article (« à la Pharmacie du Marché ») when the row is rendered.
    at = f"chez {facts.org_short}"
    if not status:
        return (
            f"Vous êtes {role or fallback}." if role and not firm else f"Vous êtes {role or fallback} {at}."
        )
    if role and not firm:
        return f"Vous êtes {role} {status}." if status.startswith("en ") else f"Vous êtes {status} {role}."
    return f"Vous êtes {status} {at}, {role}." if role else f"Vous êtes {status} {at}."


def colleague_sentence(label: str, note: str) -> str:
    """One colleague of the candidate's side as a sentence: « Votre tutrice, conseillère commerciale senior,
    valide la tarification. », « Le chef des ventes accorde les remises au-delà de 12 %. », or ""."""
    text = re.sub(r"\s*\([^()]*\)", "", f"{label}, {note}")
    tutor = _TUTOR_WORD.search(text)
    chunks = [c.strip(" .") for c in re.split(r"[,;]\s*", _TUTOR_WORD.sub("", text)) if c.strip(" .")]
    nouns = [c for c in chunks if not _DOES.match(c)]
    raw = next((c for c in chunks if _DOES.match(c)), "")
    does = re.sub(r"^(?:il|elle|qui)\s+", "", raw, flags=re.IGNORECASE)
    if FIRST_PERSON.search(does) or len(does) > 90:
        does = ""
    function = nouns[0] if nouns else ""
    if FIRST_PERSON.search(function) or _NAMED.search(" " + function) or len(function.split()) > 6:
        function = ""
    if tutor:
        who = f"Votre {tutor.group(1).lower()}"
        bare = _ARTICLE.sub("", function)
        if does:
            return f"{who}, {bare}, {does}." if bare else f"{who} {does}."
        return f"{who} est {bare}." if bare else ""
    if function and does:
        return f"{_with_article(function, raw)} {does}."
    # « chef de production au fournil » with « délais, heures de commande »: who it is, then what it handles
    topics = [
        n for n in nouns[1:] if _NOUN.match(n) and not FIRST_PERSON.search(n) and not _NAMED.search(" " + n)
    ]
    if function and topics and len(topics) == len(nouns) - 1 and len(", ".join(topics)) <= 60:
        handled = [_topic(t) for t in topics]
        listed = ", ".join(handled[:-1]) + f" et {handled[-1]}" if len(handled) > 1 else handled[0]
        return f"{_with_article(function, raw)} gère {listed}."
    return ""


def _topic(noun: str) -> str:
    """« délais » -> « les délais », « compta » -> « la compta », « tarifs pro » -> « les tarifs pro »."""
    head = noun.split()[0]
    if _ARTICLE.match(noun):
        return noun
    if re.search(r"[sx]$", head):
        return f"les {noun}"
    if head[:1].lower() in "aeiouyéèêh":
        return f"l'{noun}"
    return f"{'la' if _FEMININE.search(head) or head.endswith(('a', 'ion', 'té')) else 'le'} {noun}"


def _with_article(function: str, said: str) -> str:
    """« directrice d'agence » -> « La directrice d'agence »; an article the FDAP gives is kept."""
    if _ARTICLE.match(function):
        return function[:1].upper() + function[1:]
    head = function.split()[0]
    if head[:1].lower() in "aeiouyéèêh":
        return f"L'{function}"
    feminine = _FEMININE.search(head) is not None or re.search(r"\belle\b", said) is not None
    return f"{'La' if feminine else 'Le'} {function}"


def colleague_sentences(facts: Material, interlocutor: Actor | None) -> list[str]:
    """The colleagues the FDAP names on the candidate's side, each as a clean sentence (never a pasted fragment)."""
    said = [colleague_sentence(label, note) for label, note in candidate.colleagues(facts, interlocutor)]
    return [s for s in said if s]
