"""Project records on single sentences: keys, kinds, names, aliases, provenance."""

import pytest

from conftest import checked_records as run

def projects(records):
    return {r.key: r for r in records if r.type == "project"}

def summary(records):
    return [(r.key, r.kind, r.name) for r in records if r.type == "project"]

def test_corpus_titr_better_known_as_middle_corridor(nlp):
    text = ("The Trans-Caspian International Transport Route (TITR), better known as the Middle Corridor, "
            "carries containers from China to Europe through Kazakhstan.")
    recs = run(nlp, text)
    assert summary(recs) == [("trans-caspian-international-transport-route", "transport_corridor",
                              "Trans-Caspian International Transport Route")]
    p = projects(recs)["trans-caspian-international-transport-route"]
    assert p.aliases == ["TITR", "Middle Corridor"]
    assert [m.text for m in p.mentions] == ["The Trans-Caspian International Transport Route", "TITR", "the Middle Corridor"]
    assert p.countries == []

def test_corpus_port_of_kuryk(nlp):
    recs = run(nlp, "December 2016 — The ferry complex of the port of Kuryk, on the Kazakh coast south of Aktau, is commissioned.")
    p = projects(recs)
    assert list(p) == ["port-of-kuryk"]
    assert (p["port-of-kuryk"].kind, p["port-of-kuryk"].name) == ("port", "Port of Kuryk")
    assert p["port-of-kuryk"].model_extra["rules"] == ["project-port-of"]

def test_corpus_btk_abbreviation_links_later_mention(nlp):
    text = ("30 October 2017 — The Baku–Tbilisi–Kars (BTK) railway is inaugurated at a ceremony in Alat. "
            "The first block train carrying Kazakh grain travels over the BTK line to Mersin in Turkey.")
    recs = run(nlp, text)
    p = projects(recs)
    assert list(p) == ["baku-tbilisi-kars-railway"]
    btk = p["baku-tbilisi-kars-railway"]
    assert (btk.kind, btk.name) == ("railway", "Baku–Tbilisi–Kars railway")
    assert "BTK" in btk.aliases
    assert [m.text for m in btk.mentions] == ["Baku–Tbilisi–Kars (BTK) railway", "the BTK line"]

def test_new_coordinated_oil_fields_give_two_projects(nlp):
    recs = run(nlp, "Oil from the Tengiz and Kashagan oil fields is exported through the Caspian Pipeline Consortium.")
    assert summary(recs) == [
        ("tengiz-field", "oil_field", "Tengiz"),
        ("kashagan-field", "oil_field", "Kashagan"),
        ("caspian-pipeline-consortium", "pipeline", "Caspian Pipeline Consortium pipeline"),
    ]
    assert projects(recs)["kashagan-field"].model_extra["rules"] == ["project-fields-coordinated"]

def test_new_coordinated_ports(nlp):
    recs = run(nlp, "Cargo is handled by the ports of Aktau and Turkmenbashi.")
    assert summary(recs) == [
        ("port-of-aktau", "port", "Port of Aktau"),
        ("port-of-turkmenbashi", "port", "Port of Turkmenbashi"),
    ]
    assert [m.text for m in projects(recs)["port-of-turkmenbashi"].mentions] == ["Turkmenbashi"]

def test_new_btc_pipeline_abbreviation_alias(nlp):
    recs = run(nlp, "The Baku–Tbilisi–Ceyhan (BTC) pipeline was opened on 13 July 2006 in Ceyhan.")
    assert summary(recs) == [("baku-tbilisi-ceyhan-pipeline", "pipeline", "Baku–Tbilisi–Ceyhan pipeline")]
    assert "BTC" in projects(recs)["baku-tbilisi-ceyhan-pipeline"].aliases

def test_new_gas_field_and_corridor_from_gazetteer(nlp):
    recs = run(nlp, "The Shah Deniz gas field supplies the Southern Gas Corridor.")
    assert summary(recs) == [
        ("shah-deniz-field", "gas_field", "Shah Deniz"),
        ("southern-gas-corridor", "pipeline", "Southern Gas Corridor"),
    ]
    assert projects(recs)["shah-deniz-field"].aliases == ["Shah Deniz gas field"]

def test_new_tapi_key_and_kind(nlp):
    recs = run(nlp, "The Turkmenistan–Afghanistan–Pakistan–India (TAPI) gas pipeline was launched on 13 December 2015.")
    assert summary(recs) == [("tapi", "pipeline", "Turkmenistan–Afghanistan–Pakistan–India gas pipeline")]
    assert "TAPI" in projects(recs)["tapi"].aliases

def test_new_north_south_corridor_variant_name(nlp):
    recs = run(nlp, "The North–South Transport Corridor links Russia with Iran and India.")
    assert summary(recs) == [("international-north-south-transport-corridor", "transport_corridor",
                              "International North–South Transport Corridor")]
    assert projects(recs)["international-north-south-transport-corridor"].aliases == ["North–South Transport Corridor"]
    assert [r.key for r in recs if r.type == "actor"] == ["russia", "iran", "india"]

def test_new_central_asia_china_gas_pipeline(nlp):
    recs = run(nlp, "The Central Asia–China gas pipeline was inaugurated on 14 December 2009.")
    assert summary(recs) == [("central-asia-china-gas-pipeline", "pipeline", "Central Asia–China gas pipeline")]

def test_new_no_project_in_plain_diplomatic_sentence(nlp):
    recs = run(nlp, "Uzbek President Shavkat Mirziyoyev held talks with Turkmen Foreign Minister Rashid Meredov.")
    assert projects(recs) == {}

def test_the_ports_of_a_country_are_no_port(nlp):
    recs = run(nlp, "The corridor links Russia with the ports of Iran and India, and with the port of Anzali.")
    assert summary(recs) == [("port-of-anzali", "port", "Port of Anzali")]

def test_a_line_put_into_operation_is_opened(nlp):
    recs = run(nlp, "In Iran, the Qazvin–Rasht railway was put into operation in 2019.")
    e = [r for r in recs if r.type == "event"]
    assert [(r.event_type, r.date.value, r.location, r.projects) for r in e] == [
        ("opening", "2019", "Iran", ["qazvin-rasht-railway"])]

def test_named_terminals_and_lowercase_transport_corridors(nlp):
    recs = run(nlp, "Crude from the CPC Marine Terminal and cargo on the Lapis Lazuli transport corridor grew, "
                    "while traffic through the South Caucasus corridor did not.")
    assert summary(recs) == [("cpc-marine-terminal", "port", "CPC Marine Terminal"),
                             ("lapis-lazuli-transport-corridor", "transport_corridor", "Lapis Lazuli transport corridor")]


def test_new_a_ferry_complex_at_a_town_is_its_port(nlp):
    projects = [r for r in run(nlp, "The KTZ ferry complex at Kuryk is commissioned.") if r.type == "project"]
    assert [(p.key, p.kind, [m.text for m in p.mentions]) for p in projects] == [
        ("port-of-kuryk", "port", ["ferry complex at Kuryk"])]


def test_new_named_roads_bridges_and_plain_corridors(nlp):
    text = "They laid the stone of the Aghband road bridge on the Aras corridor, part of the Horadiz–Aghband highway."
    assert [(p.key, p.kind) for p in run(nlp, text) if p.type == "project"] == [
        ("aghband-road-bridge", "other"), ("aras-corridor", "transport_corridor"), ("horadiz-aghband-highway", "other")]


@pytest.mark.parametrize("text, key", [
    ("Railway lines linking Iran, Kazakhstan and Turkmenistan were officially opened on 3 December 2014.",
     "kazakhstan-turkmenistan-iran-railway"),
    ("The pipeline between Baku, Tbilisi and Ceyhan was opened on 13 July 2006.", "baku-tbilisi-ceyhan-pipeline"),
])
def test_a_known_project_told_by_the_places_it_links(nlp, text, key) -> None:
    """The kind and the places linked, in any order, name a known project; the countries in
    that description are no participants of its opening."""
    records = run(nlp, text)
    assert list(projects(records)) == [key]
    [opening] = [e for e in records if e.type == "event"]
    assert (opening.event_type, opening.projects, opening.participants) == ("opening", [key], [])


def test_places_linked_by_no_known_project_give_none(nlp) -> None:
    text = "The road linking Aktau and Atyrau was repaired in 2019."
    assert projects(run(nlp, text)) == {}


def test_a_company_named_like_its_pipeline_is_both(nlp):
    """The consortium's own name names the company and its pipeline; "the CPC pipeline" only the pipeline."""
    records = run(nlp, "The Caspian Pipeline Consortium loaded its first tanker in Novorossiysk on 13 October 2001.")
    assert [(r.key, r.kind) for r in records if r.type == "actor"] == [("cpc", "organization")]
    assert list(projects(records)) == ["caspian-pipeline-consortium"]
    records = run(nlp, "The CPC pipeline carried oil from Tengiz to Novorossiysk in 2001.")
    assert [r.key for r in records if r.type == "actor" and r.kind == "organization"] == []


def test_the_operator_of_a_project_can_sign(nlp):
    text = "The Caspian Pipeline Consortium signed a transport contract with KazMunayGas in Atyrau on 3 May 2021."
    [signing] = [r for r in run(nlp, text) if r.type == "event"]
    assert signing.participants == ["cpc", "kazmunaygas"]


def test_a_described_project_ends_at_its_last_place(nlp):
    text = ("Railway lines linking Iran, Kazakhstan and Turkmenistan, built in five years, "
            "were opened on 3 December 2014.")
    [project] = [r for r in run(nlp, text) if r.type == "project"]
    assert [m.text for m in project.mentions] == ["Railway lines linking Iran, Kazakhstan and Turkmenistan"]


@pytest.mark.parametrize("text", [
    "A Russian naval fleet berthed at an Iranian port on the Caspian in 2014.",
    "Turnover at the Commercial Sea Port fell in 2021.",
])
def test_a_nationality_s_port_or_a_bare_port_word_is_no_port(nlp, text):
    assert projects(run(nlp, text)) == {}


@pytest.mark.parametrize("text, name", [
    ("BP signed a production sharing agreement with SOCAR on the Shafag-Asiman block in 2010.", "Shafag-Asiman block"),
    ("SOCAR and BP signed a contract on Block D230 in London in 2018.", "Block D230"),
])
def test_an_exploration_block_is_a_project(nlp, text, name):
    assert [(p.name, p.kind) for p in projects(run(nlp, text)).values()] == [(name, "oil_field")]


def test_kind_words_alone_name_no_field(nlp):
    assert projects(run(nlp, "The company drilled in the Gas Condensate Field in 2023.")) == {}


@pytest.mark.parametrize("text", ["Gas from other Azerbaijani fields will reach Europe.",
                                  "The Kazakh oil fields produced more last year."])
def test_a_countrys_fields_in_general_are_no_project(nlp, text):
    from conftest import checked_records
    assert [r for r in checked_records(nlp, text) if r.type == "project"] == []


@pytest.mark.parametrize("text, expected", [
    ("The Tashauz-Mary power transmission line was commissioned in 2019.",
     [("tashauz-mary-power-transmission-line", "other", "Tashauz-Mary power transmission line")]),
    ("The Gobustan Wind Power Plant was inaugurated in 2025.",
     [("gobustan-wind-power-plant", "other", "Gobustan Wind Power Plant")]),
    ("Officials visited the Shamkir HPP in May 2020.", [("shamkir-hpp", "other", "Shamkir HPP")]),
    ("The 230 MW Shirvan solar PV project was announced in May 2020.",
     [("shirvan-solar-pv-project", "other", "Shirvan solar PV project")]),
])
def test_named_power_lines_and_plants_are_projects(nlp, text, expected):
    assert summary(run(nlp, text)) == expected


def test_a_power_plant_with_no_name_is_no_project(nlp):
    assert summary(run(nlp, "The ministers discussed the new power plant in May 2020.")) == []


@pytest.mark.parametrize("text, key", [
    ("Shah Deniz II gas reached Europe in 2020.", "shah-deniz-stage-2"),
    ("The Nurly Zhol programme was adopted in 2014.", "nurly-zhol"),
])
def test_gazetteer_variants_of_a_field_stage_and_a_programme(nlp, text, key):
    assert list(projects(run(nlp, text))) == [key]


def test_a_quoted_plant_name_is_kept_and_a_kind_alone_names_nothing(nlp):
    text = "The 50 MW “Shamakhi” Solar Power Plant and a Wind Power Plant were opened in May 2020."
    assert [key for key, _, _ in summary(run(nlp, text))] == ["shamakhi-solar-power-plant"]
