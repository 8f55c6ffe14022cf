"""Codebook YAML files: every problem reported with its line; shipped codebooks meet the strict rules."""

import json
from pathlib import Path

import pytest

from coding.codebooks import operations as ops
from coding.codebooks import format as codebooks
from coding.store.project import ProjectError, open_project
import dbrows  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "codebook"
SHIPPED = sorted((ROOT / "codebooks").glob("*.yaml"))

HEADER = 'id: t\ntitle: T\nversion: "1"\ncodes:\n'


def _write(tmp_path, text, name="cb.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(path, strict=False):
    return [p for p in codebooks.validate(path, strict=strict) if p.severity == "error"]


def _refused_and_nothing_imported(tmp_path, path):
    with open_project(tmp_path / "p.db", create=True) as project:
        with pytest.raises(ProjectError) as raised:
            ops.import_file(project, "an", path)
        assert dbrows.count(project, "codebooks") == 0 and dbrows.count(project, "codes") == 0
        assert dbrows.count(project, "events") == 0
    return str(raised.value)


def test_malformed_yaml_is_reported_at_its_line_and_nothing_imported(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: [niet gesloten\n  - id: b\n    label: B\n")
    errors = _errors(path)
    assert len(errors) == 1
    assert errors[0].line in (6, 7) and "not valid YAML" in errors[0].message
    assert str(errors[0]).startswith(f"{path}:{errors[0].line}: ")
    assert f"{path}:{errors[0].line}:" in _refused_and_nothing_imported(tmp_path, path)


def test_cycle_in_flat_form_names_the_codes_and_line(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: A\n    parent: c\n  - id: b\n    label: B\n"
                                     "    parent: a\n  - id: c\n    label: C\n    parent: b\n")
    (error,) = _errors(path)
    assert error.line == 5 and "cycle" in error.message and "a -> c -> b -> a" in error.message
    assert "cycle" in _refused_and_nothing_imported(tmp_path, path)


def test_duplicate_id_points_at_both_lines(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: A\n  - id: b\n    label: B\n"
                                     "    children:\n      - id: a\n        label: Weer A\n")
    (error,) = _errors(path)
    assert error.line == 10 and "duplicate code id 'a'" in error.message and "line 5" in error.message
    assert "duplicate" in _refused_and_nothing_imported(tmp_path, path)


def test_unknown_parent_is_reported_at_the_parent_line(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: A\n  - id: b\n    label: B\n    parent: zz\n")
    (error,) = _errors(path)
    assert error.line == 9 and "unknown parent 'zz'" in error.message
    assert "unknown parent" in _refused_and_nothing_imported(tmp_path, path)


def test_missing_label_and_missing_header_fields(tmp_path):
    path = _write(tmp_path, "title: T\ncodes:\n  - id: a\n    definition: iets\n  - label: Zonder id\n")
    messages = {(p.line, p.message) for p in _errors(path)}
    assert (1, "codebook id is missing") in messages
    assert (1, "codebook version is missing") in messages
    assert (3, "code 'a' has no label") in messages
    assert (5, "code has no id") in messages
    assert "has no label" in _refused_and_nothing_imported(tmp_path, path)


def test_bad_origin_colour_rules_and_codable_each_at_their_line(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: A\n    origin: theoretisch\n    color: #fff\n"
                                     "  - id: b\n    label: B\n    color: rood\n    codable: misschien\n"
                                     "    rules:\n      lemmas: [School, team]\n  - id: C\n    label: C\n")
    found = {p.line: p.message for p in _errors(path)}
    assert "origin must be deductief or inductief" in found[7]
    assert "color is empty" in found[8] and "quote" in found[8]
    assert "color must be #RRGGBB" in found[11]
    assert "codable must be true or false" in found[12]
    assert "lower case" in found[13]
    assert "code id must be lower case" in found[15]


def test_warnings_do_not_block_but_strict_mode_makes_them_errors(tmp_path):
    path = _write(tmp_path, HEADER + "  - id: a\n    label: A\n    defintion: typo\n")
    problems = codebooks.validate(path)
    assert {p.severity for p in problems} == {"warning"}
    assert any("unknown field 'defintion'" in p.message and p.line == 7 for p in problems)
    assert any("without a definition" in p.message for p in problems)
    assert codebooks.load(path).code("a").label == "A"
    strict = _errors(path, strict=True)
    assert {"code 'a' is a leaf without a definition", "code 'a' is a leaf without an example"} <= \
        {p.message for p in strict}
    assert any("lemmas" in p.message for p in strict)
    with pytest.raises(ProjectError, match="leaf without a definition"):
        codebooks.load(path, strict=True)


def test_flat_and_nested_forms_give_the_same_codebook(tmp_path):
    nested = codebooks.load(DATA / "demo_v1.yaml")
    flat_lines = ['id: demo', 'title: Demo codebook', 'version: "1.0"', "codes:"]
    for code in nested.codes:
        flat_lines += [f"  - id: {code.key}", f"    label: {json.dumps(code.label)}"]
        if code.parent:
            flat_lines.append(f"    parent: {code.parent}")
    loaded = codebooks.load(_write(tmp_path, "\n".join(flat_lines) + "\n"))
    assert [(c.key, c.label, c.parent) for c in loaded.codes] == [(c.key, c.label, c.parent) for c in nested.codes]


def test_version_keeps_its_spelling_and_versions_order_numerically(tmp_path):
    path = _write(tmp_path, 'id: t\ntitle: T\nversion: 1.10\ncodes:\n  - id: a\n    label: A\n')
    assert codebooks.load(path).version == "1.10"
    assert codebooks.version_key("1.10") > codebooks.version_key("1.9") > codebooks.version_key("1")


def test_yaml_export_round_trips_and_diff_lists_every_kind_of_change():
    v1, v2 = codebooks.load(DATA / "demo_v1.yaml"), codebooks.load(DATA / "demo_v2.yaml")
    assert codebooks.loads(codebooks.to_yaml(v1)) == v1
    kinds = {(c.kind, c.key) for c in codebooks.diff(v1, v2)}
    assert {("renamed", "uitrol"), ("renamed", "uitrol.modellen"), ("definition", "uitrol.modellen"),
            ("added", "uitrol.vorming"), ("moved", "relatie"), ("removed", "middelen")} <= kinds
    assert ("renamed", "uitrol.coordinatie") not in kinds
    assert codebooks.diff(v1, v1) == []


# --- shipped codebooks -------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_codebook_meets_the_strict_rules(path):
    problems = _errors(path, strict=True)
    assert problems == [], "\n".join(str(p) for p in problems)
    assert codebooks.load(path, strict=True).id == path.stem


# The fixed keys and exact labels of the `randvoorwaarden` codebook (brief section 3.2); * = inductief.
RANDVOORWAARDEN = """
uitrol: De uitrol van de pre-waarborgregeling
uitrol.modellen: Ondersteuningsmodellen
uitrol.coordinatie: Coördinatie, aansturing en opvolging
uitrol.selectie: Selectie van de scholen en uitgestuurde personeelsleden
uitrol.afstemming: Afstemming tussen vraag en aanbod van ondersteuning
uitrol.vorming: Vorming en ondersteuning van de uitgestuurde personeelsleden
uitrol.klasvloer: De ondersteuning op de klasvloer
uitrol.klasvloer.observatie: Observatie en gezamenlijke reflectie als basis
uitrol.klasvloer.behoeften: Concrete ondersteuningsbehoeften van leerlingen als aanzet
uitrol.klasvloer.tips: Concrete tips
uitrol.klasvloer.uitproberen: Uitproberen in de klas
uitrol.klasvloer.team: Ondersteuning op teamniveau
relatie: Randvoorwaarden in de ondersteuningsrelatie
relatie.inhoud: Inhoud
relatie.inhoud.focus: Focus op de inhoud
relatie.inhoud.eigenaarschap: Gedeeld eigenaarschap van inhoud en proces
relatie.inhoud.gelijkwaardigheid: Gelijkwaardigheid en gezamenlijke verantwoordelijkheid
relatie.inhoud.vrijwilligheid: Vrijwilligheid en veiligheid *
relatie.kwaliteit: Kwaliteit van de ondersteuner
relatie.kwaliteit.expertise: Expertise
relatie.kwaliteit.motivatie: Positieve motivatie
relatie.kwaliteit.vaardigheden: Ondersteuningsvaardigheden
relatie.structureel: Structurele randvoorwaarden van de ondersteuning
relatie.structureel.duur: Duur en intensiteit
relatie.structureel.locatie: Georganiseerd in scholen en op onderwijskundige locaties
relatie.structureel.onderzoek: Actief leren op basis van onderzoek
relatie.structureel.collectief: Collectieve participatie
relatie.structureel.zorgbeleid: Samenwerking met al wie verantwoordelijk is voor het (zorg)beleid op school *
professionals: Randvoorwaarden bij de onderwijsprofessionals
structureel: Structurele werkcondities
structureel.middelen: Verdeling van de middelen
structureel.overleg: Structurele overlegmomenten
structureel.verankering: Verankering in het buitengewoon onderwijs *
structureel.arbeidsvoorwaarden: Arbeidsvoorwaarden voor ondersteuners *
cultureel: Culturele werkcondities
cultureel.leiderschap: Onderwijskundig leiderschap
cultureel.participatie: Participatie
cultureel.samenwerking: Samenwerking en collegialiteit
cultureel.visie: Gezamenlijke doelgerichtheid en gedeelde visie
handelingsbekwaamheid: Is de handelingsbekwaamheid gestegen?
"""


def test_randvoorwaarden_has_every_fixed_key_with_its_exact_label_place_and_origin():
    path = ROOT / "codebooks" / "randvoorwaarden.yaml"
    assert path.exists(), "codebooks/randvoorwaarden.yaml is not there yet"
    book = codebooks.load(path)
    assert book.id == "randvoorwaarden"
    for line in RANDVOORWAARDEN.strip().splitlines():
        key, label = (part.strip() for part in line.split(":", 1))
        inductive = label.endswith(" *")
        label = label.removesuffix(" *")
        code = book.code(key)
        assert code.label == label, key
        assert code.parent == (key.rsplit(".", 1)[0] if "." in key else None), key
        if inductive:
            assert code.origin == "inductief", key
