from service.review.worddiff import Segment, changed, word_diff


def test_a_changed_word_is_removed_then_added_and_the_rest_kept() -> None:
    segments = word_diff("Le client reçoit le devis mardi.", "Le client reçoit le devis jeudi.")
    assert segments == [
        Segment("egal", "Le client reçoit le devis "),
        Segment("supprime", "mardi"),
        Segment("ajoute", "jeudi"),
        Segment("egal", "."),
    ]


def test_curly_apostrophes_and_non_breaking_spaces_are_not_changes() -> None:
    before = "L’entreprise propose 15\u00a0% de remise : c’est tout."
    after = "L'entreprise propose 15 % de remise\u202f: c'est tout."
    assert not changed(before, after)
    assert [s.kind for s in word_diff(before, after)] == ["egal"]


def test_an_added_sentence_is_one_added_segment() -> None:
    segments = word_diff("Rendez-vous au magasin.", "Rendez-vous au magasin. Le conjoint est présent.")
    assert segments[-1] == Segment("ajoute", " Le conjoint est présent.")
    assert "".join(s.text for s in segments if s.kind != "supprime") == (
        "Rendez-vous au magasin. Le conjoint est présent."
    )
