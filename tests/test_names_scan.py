"""The name finder looks only where something may start (coding/privacy/names.py): names and
contact details that run across whitespace, or whose words also stand inside other words, are
still found whole and at their own place, however long the text."""

from __future__ import annotations

from coding.privacy import names


def _found(text: str) -> dict[str, str]:
    return {c.text: c.kind for c in names.find(text)}


def test_titles_phones_addresses_and_written_out_addresses_across_whitespace():
    text = ("Bel de heer Peeters op 0475 12 34 56 of op +32 (0)9 123 45 67.\n"
            "Ze woont in de Kerkstraat 12, 9000 Gent en mailt naar an [ at ] klimop [ dot ] be of "
            "lies punt v at gmail punt com.")
    found = _found(text)
    assert found["de heer Peeters"] == "title_name"
    assert found["0475 12 34 56"] == found["+32 (0)9 123 45 67"] == "phone"
    assert found["Kerkstraat 12, 9000 Gent"] == "address"
    assert found["an [ at ] klimop [ dot ] be"] == found["lies punt v at gmail punt com"] == "obfuscated_email"


def test_a_name_is_found_where_it_stands_not_inside_a_longer_word():
    text = "In Januari vertelde Janneke dat Jan Peeters de planning opvolgt."
    found = {c.text: (c.start, c.end) for c in names.find(text)}
    start = text.index(" Jan ") + 1
    assert found["Jan Peeters"] == (start, start + len("Jan Peeters"))
    assert found["Janneke"] == (text.index("Janneke"), text.index("Janneke") + len("Janneke"))


def test_every_occurrence_in_a_long_mailbox_is_found_at_its_offset():
    """One text of many answers, as a mailbox is imported: the same finds as each answer alone."""
    answers = [f"Antwoord {n}: juf Sara en Wout Peeters hielpen, bel 0470/12.34.{n % 90 + 10}." for n in range(300)]
    text = "\n\n".join(answers)
    expected, offset = [], 0
    for answer in answers:
        expected += [(c.start + offset, c.end + offset, c.text, c.kind) for c in names.find(answer)]
        offset += len(answer) + 2
    assert len(expected) >= 3 * len(answers)
    assert [(c.start, c.end, c.text, c.kind) for c in names.find(text)] == expected
