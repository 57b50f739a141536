"""The packaged gazetteers load, validate and drive a SpanRuler with the right ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy

from caspianie.errors import RecordFileError
from caspianie.knowledge.gazetteer import (
    dash_variants,
    load_gazetteer,
    load_gazetteer_files,
    packaged_files,
    surface_variants,
)
from caspianie.contract.records import KEY_PATTERN

@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _write(folder: Path, name: str, rows: list[dict | str]) -> Path:
    path = folder / name
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


KZ = {"key": "kazakhstan", "name": "Kazakhstan", "aliases": ["the Republic of Kazakhstan"],
      "adjectives": ["Kazakh"], "capitals": ["Astana"], "un_member": True}


def test_all_packaged_files_load_with_every_kind(gaz):
    assert len(packaged_files()) == 4
    assert len(gaz.countries) >= 196
    assert len(gaz.organizations) >= 150
    assert len(gaz.persons) >= 100
    assert len(gaz.projects) >= 50


def test_all_193_un_members_are_flagged(gaz):
    members = [c for c in gaz.countries.values() if c.un_member]
    assert len(members) == 193
    assert not gaz.countries["soviet-union"].un_member
    assert gaz.countries["soviet-union"].historical
    assert {"holy-see", "palestine", "kosovo", "taiwan"} <= set(gaz.countries)


def test_keys_are_unique_slugs(gaz):
    tables = [gaz.countries, gaz.organizations, gaz.persons, gaz.projects]
    keys = [key for table in tables for key in table]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(KEY_PATTERN, key) for key in keys)


def test_every_country_reference_resolves(gaz):
    refs = [e.country for e in [*gaz.organizations.values(), *gaz.persons.values()] if e.country]
    refs += [c for p in gaz.projects.values() for c in p.countries]
    assert refs and set(refs) <= set(gaz.countries)
    assert gaz.organizations["european-union"].country is None
    assert gaz.organizations["socar"].country == "azerbaijan"


GOLD_KEYS = {
    "countries": ["azerbaijan", "kazakhstan", "russia", "iran", "turkmenistan", "united-states",
                  "turkey", "soviet-union", "china", "georgia", "uzbekistan", "italy", "ukraine"],
    "organizations": ["socar", "kazmunaygas", "kazakhstan-temir-zholy", "azerbaijan-railways", "asco",
                      "cnpc", "lukoil", "european-union", "organization-of-turkic-states",
                      "titr-international-association", "milli-majlis", "halk-maslahaty",
                      "kazakhstan-azerbaijan-supreme-interstate-council", "georgian-railway"],
    "persons": ["ilham-aliyev", "heydar-aliyev", "kassym-jomart-tokayev", "nursultan-nazarbayev",
                "gurbanguly-berdimuhamedov", "serdar-berdimuhamedov", "recep-tayyip-erdogan",
                "vladimir-putin", "joseph-stalin", "rovshan-najaf", "jeyhun-bayramov"],
    "projects": ["tengiz-field", "karachaganak-field", "galkynysh-field", "shah-deniz-field",
                 "dostluk-field", "caspian-pipeline-consortium", "port-of-baku", "port-of-aktau",
                 "trans-caspian-international-transport-route", "traceca", "baku-tbilisi-kars-railway"],
}


@pytest.mark.parametrize("kind", sorted(GOLD_KEYS))
def test_keys_used_in_gold_are_in_the_right_file(gaz, kind):
    assert [key for key in GOLD_KEYS[kind] if gaz.kind_of(key) != kind] == []


def test_gold_names_and_aliases_are_surface_forms(gaz):
    forms = {(p["pattern"], p["id"]) for p in gaz.span_patterns()}
    expected = [
        ("State Oil Company of the Republic of Azerbaijan", "socar"),
        ("OTS", "organization-of-turkic-states"),
        ("Middle Corridor", "trans-caspian-international-transport-route"),
        ("Kapaz", "dostluk-field"), ("Dostlug", "dostluk-field"),
        ("US", "united-states"), ("KTZ", "kazakhstan-temir-zholy"),
    ]
    assert [pair for pair in expected if pair not in forms] == []


@pytest.mark.parametrize("word,key", [
    ("Kazakh", "kazakhstan"), ("Azeri", "azerbaijan"), ("Azerbaijani", "azerbaijan"),
    ("Turkmen", "turkmenistan"), ("Soviet", "soviet-union"), ("American", "united-states"),
    ("Turkish", "turkey"), ("kazakh", "kazakhstan"),
])
def test_adjectives_map_to_countries(gaz, word, key):
    assert gaz.country_for_adjective(word) == key


def test_unknown_adjective_and_capitals(gaz):
    assert gaz.country_for_adjective("Caspian") is None
    assert gaz.country_for_capital("Nur-Sultan") == "kazakhstan"
    assert gaz.country_for_capital("Ashgabat") == "turkmenistan"
    assert gaz.country_for_capital("Moscow") == "russia"


def test_ambiguous_names_are_flagged(gaz):
    assert gaz.countries["chad"].ambiguous and gaz.countries["georgia"].ambiguous
    assert not gaz.countries["kazakhstan"].ambiguous


def test_holders_by_date(gaz):
    assert [p.key for p in gaz.holders("azerbaijan", "President", "1996-01-01")] == ["heydar-aliyev"]
    assert [p.key for p in gaz.holders("azerbaijan", "President", "2018-01-01")] == ["ilham-aliyev"]
    assert [p.key for p in gaz.holders("kazakhstan", "President", "2019")] == [
        "nursultan-nazarbayev", "kassym-jomart-tokayev"]
    assert [p.key for p in gaz.holders("kazakhstan", "Foreign Minister", "2005-06-01")] == [
        "kassym-jomart-tokayev"]
    assert [p.key for p in gaz.holders("turkmenistan", "President", "2023-01-01")] == [
        "serdar-berdimuhamedov"]
    assert gaz.holders("azerbaijan", "Vice President", "1996-01-01") == []


def test_office_roles_and_holders_are_derived_from_titles(gaz):
    tokayev = gaz.persons["kassym-jomart-tokayev"]
    senate = [o for o in tokayev.offices if o.of == "senate-of-kazakhstan"]
    assert [o.role for o in senate] == ["Chairman", "Chairman"]
    assert [p.key for p in gaz.holders("socar", "President", "2023")] == ["rovshan-najaf"]


def test_malformed_json_line_reports_file_and_line(tmp_path):
    path = _write(tmp_path, "countries.jsonl", [KZ, '{"key": "iran", "name": '])
    with pytest.raises(RecordFileError) as info:
        load_gazetteer_files([path])
    assert str(info.value).startswith(f"{path}:2: invalid JSON")
    assert info.value.line == 2


def test_invalid_entry_reports_file_line_and_field(tmp_path):
    path = _write(tmp_path, "countries.jsonl", [KZ, {"key": "Iran", "name": "Iran"}])
    with pytest.raises(RecordFileError, match=rf"^{re.escape(str(path))}:2: .*key: String should match"):
        load_gazetteer_files([path])


def test_unknown_country_reference_is_an_error(tmp_path):
    countries = _write(tmp_path, "countries.jsonl", [KZ])
    orgs = _write(tmp_path, "organizations.jsonl", [
        {"key": "kmg", "name": "KMG", "country": "kazakhstan", "category": "company"},
        {"key": "nioc", "name": "NIOC", "country": "iran", "category": "company"},
    ])
    with pytest.raises(RecordFileError, match=rf"{re.escape(str(orgs))}:2: 'nioc' refers to country 'iran'"):
        load_gazetteer_files([countries, orgs])


def test_duplicate_key_across_files_is_an_error(tmp_path):
    countries = _write(tmp_path, "countries.jsonl", [KZ])
    extra = _write(tmp_path, "countries-extra.jsonl", [{"key": "kazakhstan", "name": "Qazaqstan"}])
    expected = r"countries-extra.jsonl:1: gazetteer key 'kazakhstan'.*countries.jsonl:1"
    with pytest.raises(RecordFileError, match=expected):
        load_gazetteer_files([countries, extra])


def test_file_of_unknown_kind_is_an_error(tmp_path):
    path = _write(tmp_path, "places.jsonl", [KZ])
    with pytest.raises(RecordFileError, match="cannot tell which gazetteer"):
        load_gazetteer_files([path])


def test_user_files_extend_the_packaged_ones(tmp_path):
    extra = _write(tmp_path, "persons-extra.jsonl", [{
        "key": "test-person", "name": "Test Person", "country": "kazakhstan",
        "offices": [{"title": "Ambassador of Kazakhstan", "start": "2020-05"}]}])
    gaz = load_gazetteer_files([*packaged_files(), extra])
    assert [p.key for p in gaz.holders("kazakhstan", "Ambassador", "2021")] == ["test-person"]


def test_dash_and_article_variants():
    assert dash_variants("Baku–Tbilisi") == [
        "Baku–Tbilisi", "Baku-Tbilisi", "Baku—Tbilisi", "Baku Tbilisi",
        "Baku- Tbilisi", "Baku– Tbilisi", "Baku - Tbilisi", "Baku – Tbilisi"]
    assert surface_variants("the EU") == ["EU", "the EU", "The EU"]
    assert "Turkiye" in surface_variants("Türkiye")
    assert "People’s Republic of China" in surface_variants("People's Republic of China")


def test_span_ruler_finds_names_with_keys(gaz):
    nlp = spacy.blank("en")
    longest = {"@misc": "spacy.first_longest_spans_filter.v1"}
    ruler = nlp.add_pipe("span_ruler", config={"spans_filter": longest})
    ruler.add_patterns(gaz.span_patterns())
    doc = nlp("Officials of the Republic of Kazakhstan and SOCAR discussed the Baku- Tbilisi-Ceyhan "
              "pipeline and Baku-Tbilisi-Ceyhan tariffs with Kassym-Jomart Tokayev.")
    found = [(span.text, span.label_, span.id_) for span in doc.spans["ruler"]]
    assert found == [
        ("the Republic of Kazakhstan", "COUNTRY", "kazakhstan"),
        ("SOCAR", "ORG", "socar"),
        ("the Baku- Tbilisi-Ceyhan pipeline", "PROJECT", "baku-tbilisi-ceyhan-pipeline"),
        ("Baku-Tbilisi-Ceyhan", "PROJECT", "baku-tbilisi-ceyhan-pipeline"),
        ("Kassym-Jomart Tokayev", "PERSON", "kassym-jomart-tokayev"),
    ]


def test_span_patterns_leave_out_adjectives_capitals_and_bare_surnames(gaz):
    forms = {(p["pattern"], p["id"]) for p in gaz.span_patterns()}
    assert ("Kazakh", "kazakhstan") not in forms
    assert ("Astana", "kazakhstan") not in forms
    assert not any(form == "Aliyev" for form, _ in forms)
    assert ("Ilham Aliyev", "ilham-aliyev") in forms
    assert ("Türkiye", "turkey") in forms and ("the Russian Federation", "russia") in forms


def test_an_operator_form_must_be_a_name_of_its_project(tmp_path):
    path = _write(tmp_path, "projects.jsonl", [
        {"key": "cpc-pipeline", "name": "CPC pipeline", "kind": "pipeline", "aliases": ["CPC"],
         "operator": {"key": "cpc", "name": "Caspian Pipeline Consortium", "forms": ["Caspian Pipeline Consortium"]}},
    ])
    with pytest.raises(RecordFileError, match=rf"^{re.escape(str(path))}:1: .*operator forms"):
        load_gazetteer_files([path])


def test_a_long_acronym_is_also_found_capitalized(nlp):
    """Pages write BOTAŞ as "Botas" and SOCAR as "Socar"; "TAP" capitalized is a word."""
    from conftest import checked_records as run
    text = "Equinor sold gas to Botas and Socar in 2007, and Tap water was scarce."
    assert [r.key for r in run(nlp, text) if r.type == "actor"] == ["equinor", "botas", "socar"]


def test_an_operator_key_is_a_key_like_any_other(tmp_path):
    orgs = _write(tmp_path, "organizations.jsonl", [{"key": "cpc", "name": "CPC Company", "country": None, "category": "company"}])
    path = _write(tmp_path, "projects.jsonl", [
        {"key": "cpc-pipeline", "name": "CPC pipeline", "kind": "pipeline", "aliases": ["CPC"],
         "operator": {"key": "cpc", "name": "Caspian Pipeline Consortium", "forms": ["CPC"]}},
    ])
    with pytest.raises(RecordFileError, match="cpc"):
        load_gazetteer_files([orgs, path])


def test_a_project_whose_name_is_also_a_place_is_named_only_with_its_kind_word(nlp):
    from conftest import checked_records
    field = checked_records(nlp, "SOCAR started production at the Absheron gas field on 3 July 2023.", "2024-06-01")
    region = checked_records(nlp, "Masdar builds a wind farm on the Absheron peninsula near Baku.", "2024-06-01")
    assert [r.key for r in field if r.type == "project"] == ["absheron-field"]
    assert [r.key for r in region if r.type == "project"] == []
