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


def test_word_lists_kept_per_user_give_what_the_packages_give(tmp_path, monkeypatch):
    """The finder's Dutch word set and Zipf values are read from a per-user cache (loading wordfreq and
    the lookup tables takes seconds at every export): they must be exactly what the packages say."""
    import random
    from pathlib import Path

    from wordfreq import get_frequency_dict, zipf_frequency

    from coding.privacy import names

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    clear = (names._inflected, names._dutch_words, names._zipf_table, names.zipf, names.is_dutch)
    for cached in clear:
        cached.cache_clear()
    try:
        words = names._read_inflected()
        assert names._dutch_words() == words          # built, then read back from the file
        names._dutch_words.cache_clear()
        assert names._dutch_words() == words
        assert list((tmp_path / "werkbank").glob("nl-dutch-words-*.marshal"))
        asked = sorted(words)[::997] + ["xqzvwk", "Vanhoutteghem", "lars", "leerkrachten", "\udcff"]
        names._dutch_words.cache_clear()
        first = names._inflected()                    # a word at a time: builds the index, answers from memory
        assert [word in first for word in asked] == [word in words for word in asked]
        assert list((tmp_path / "werkbank").glob("nl-dutch-words-index-*.sqlite"))
        names._inflected.cache_clear()
        names._dutch_words.cache_clear()
        from_index = names._inflected()               # then from the index, never reading the whole set
        assert [word in from_index for word in asked[:-1]] == [word in words for word in asked[:-1]]
        assert names._dutch_words.cache_info().currsize == 0
        assert ("\udcff" in from_index) is False     # no UTF-8 for the index: the whole set answers

        listed = sorted(get_frequency_dict("nl"))
        words = set(random.Random(5).sample(listed, 4000))
        for path in [*Path("corpora").rglob("*.txt"), *Path("tests/data/names").rglob("*.txt")]:
            words.update(w.strip(".,;:!?()\"'") for w in path.read_text(encoding="utf-8").split())
        words |= {w.capitalize() for w in list(words)[:2000]} | {w.upper() for w in list(words)[:500]}
        words |= {"xqzvwk", "Vanhoutteghem", "zorgcoördinatoren", "co-teaching", "2024", "e-mail", "ĳver", ""}
        words.discard("")
        for word in words:   # below the floor every rule reads 0: no threshold lies there
            expected = zipf_frequency(word, "nl")
            assert names.zipf(word) == (expected if expected >= names.ZIPF_FLOOR else 0.0), word
        assert names.ZIPF_FLOOR <= min(names.COMMON_ZIPF, names.NAME_WORD_ZIPF, names.WORD_ZIPF, names.HEAD_ZIPF)
    finally:
        for cached in clear:
            cached.cache_clear()
