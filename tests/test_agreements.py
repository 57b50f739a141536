"""Agreement records on single sentences: names, kinds, parties, dates, places, status."""

from conftest import checked_records as run

def agreements(records):
    return [r for r in records if r.type == "agreement"]

def one(records):
    found = agreements(records)
    assert len(found) == 1
    return found[0]

def test_corpus_convention_adopted_in_aktau(nlp):
    a = one(run(nlp, "The Convention on the Legal Status of the Caspian Sea was signed in Aktau on 12 August 2018."))
    assert (a.name, a.kind, a.parties) == ("Convention on the Legal Status of the Caspian Sea", "convention", [])
    assert (a.date.value, a.date.granularity, a.place, a.status) == ("2018-08-12", "day", "Aktau", "signed")

def test_corpus_agreement_between_republics_reads_parties_from_name(nlp):
    a = one(run(nlp, "The Agreement between the Republic of Kazakhstan and the Republic of Azerbaijan on the "
                     "delimitation of the Caspian seabed was signed in Moscow on 29 November 2001."))
    assert a.name == ("Agreement between the Republic of Kazakhstan and the Republic of Azerbaijan "
                      "on the delimitation of the Caspian seabed")
    assert (a.kind, a.parties, a.date.value, a.place, a.status) == (
        "agreement", ["kazakhstan", "azerbaijan"], "2001-11-29", "Moscow", "signed")

def test_corpus_termination_sets_status(nlp):
    a = one(run(nlp, "In 2011 the agreement on the Trans-Caspian oil transport system was terminated."))
    assert (a.name, a.kind, a.status, a.parties) == (
        "agreement on the Trans-Caspian oil transport system", "agreement", "terminated", [])

def test_new_signers_are_parties_and_name_stops_before_place(nlp):
    a = one(run(nlp, "On 10 November 2023, Kazakhstan and Uzbekistan signed an Agreement on the Demarcation of "
                     "the Kazakh-Uzbek State Border in Tashkent."))
    assert a.name == "Agreement on the Demarcation of the Kazakh-Uzbek State Border"
    assert (a.kind, a.parties, a.date.value, a.place, a.status) == (
        "agreement", ["kazakhstan", "uzbekistan"], "2023-11-10", "Tashkent", "signed")

def test_new_memorandum_of_understanding(nlp):
    a = one(run(nlp, "Azerbaijan and Turkmenistan signed a memorandum of understanding on the joint exploration "
                     "of the Dostluk field in Ashgabat on 21 January 2021."))
    assert a.name == "memorandum of understanding on the joint exploration of the Dostluk field"
    assert (a.kind, a.parties, a.date.value, a.place, a.status) == (
        "memorandum", ["azerbaijan", "turkmenistan"], "2021-01-21", "Ashgabat", "signed")

def test_new_treaty_between_two_states(nlp):
    a = one(run(nlp, "The two presidents signed the Treaty on Allied Relations between Kazakhstan and Uzbekistan "
                     "on 22 December 2021 in Astana."))
    assert (a.name, a.kind, a.parties) == (
        "Treaty on Allied Relations between Kazakhstan and Uzbekistan", "treaty", ["kazakhstan", "uzbekistan"])
    assert (a.date.value, a.place, a.status) == ("2021-12-22", "Astana", "signed")

def test_new_ratification_keeps_status_signed(nlp):
    a = one(run(nlp, "The Tehran Convention was ratified by Iran in 2006."))
    assert (a.name, a.kind, a.parties, a.status, a.place) == ("Tehran Convention", "convention", ["iran"], "signed", None)

def test_new_planned_treaty_is_not_signed(nlp):
    recs = run(nlp, "The two sides will sign a treaty on strategic partnership next year.")
    a = one(recs)
    assert (a.name, a.kind, a.date, a.place, a.parties) == ("treaty on strategic partnership", "treaty", None, None, [])
    assert a.status != "signed"
    assert [r for r in recs if r.type == "event"] == []

def test_new_keys_are_unique_slugs_within_document(nlp):
    recs = run(nlp, "On 10 November 2023, Kazakhstan and Uzbekistan signed an Agreement on the Demarcation of "
                    "the Kazakh-Uzbek State Border in Tashkent. The Tehran Convention was ratified by Iran in 2006.")
    keys = [a.key for a in agreements(recs)]
    assert keys == ["agreement-on-the-demarcation-of-the-kazakh-uzbek", "tehran-convention"]

def test_an_instrument_name_stops_before_adverbs_and_infinitives(nlp):
    recs = run(nlp, "Until then the 1940 Treaty of Commerce and Navigation between Iran and the Soviet Union therefore "
                    "remains in force, and deputies called for the treaty to be rejected outright.")
    assert [r.name for r in recs if r.type == "agreement"] == [
        "Treaty of Commerce and Navigation between Iran and the Soviet Union"]

def test_an_instrument_not_yet_ratified_exists_but_one_never_agreed_does_not(nlp):
    recs = run(nlp, "Iran has not yet ratified the Convention on the Legal Status of the Caspian Sea, signed in Aktau "
                    "in August 2018. The summit ended without a final declaration.")
    assert [r.name for r in recs if r.type == "agreement"] == ["Convention on the Legal Status of the Caspian Sea"]

def test_an_action_plan_is_an_instrument(nlp):
    recs = run(nlp, "The ministers adopted the Trilateral Sectoral Cooperation Action Plan in Tbilisi on 23 December 2019.")
    assert [(r.name, r.kind) for r in recs if r.type == "agreement"] == [
        ("Trilateral Sectoral Cooperation Action Plan", "other")]


def test_new_a_well_known_short_name_is_the_same_instrument(nlp):
    text = ("Delegates met at COP7 to the Framework Convention for the Protection of the Marine Environment of the "
            "Caspian Sea, with the United Nations Environment Programme. The Tehran Convention was signed in Tehran "
            "on 4 November 2003.")
    agreements = [r for r in run(nlp, text) if r.type == "agreement"]
    assert [(a.key, a.kind, len(a.mentions)) for a in agreements] == [
        ("framework-convention-for-the-protection-of-the-marine", "convention", 2)]


def test_a_purpose_phrase_stays_in_the_instruments_name(nlp):
    """"aimed at" carries the name on; "at" alone ends it ("an agreement at the summit")."""
    text = "Turkey and Kazakhstan signed several agreements aimed at reinforcing bilateral ties in Ankara on 3 May 2023."
    assert [r.name for r in run(nlp, text) if r.type == "agreement"] == ["several agreements aimed at reinforcing bilateral ties"]
    text = "Turkey and Kazakhstan signed an agreement on transit at the summit in Ankara on 3 May 2023."
    assert [r.name for r in run(nlp, text) if r.type == "agreement"] == ["agreement on transit"]


def _parties(records):
    return [(r.name, r.parties) for r in records if r.type == "agreement"]


def test_parties_named_after_with_are_one_side_and_the_signers_the_other(nlp):
    text = "ACWA Power signed an agreement with Azerenerji in Baku on 9 January 2020."
    assert _parties(run(nlp, text)) == [("agreement with Azerenerji", ["azerenerji", "acwa-power"])]


def test_parties_coordinated_after_of_are_the_parties(nlp):
    text = "The presidents adopted the Plan for joint actions of Kazakhstan and Russia for 2007-2008 in Astana on 3 May 2007."
    assert _parties(run(nlp, text)) == [("Plan for joint actions of Kazakhstan and Russia", ["kazakhstan", "russia"])]


def test_a_place_after_of_names_no_party(nlp):
    text = "Azerbaijan and Iran signed the Agreement on the protection of the Caspian Sea on 3 May 2007."
    assert _parties(run(nlp, text)) == [("Agreement on the protection of the Caspian Sea", ["azerbaijan", "iran"])]


def test_a_party_list_with_a_serial_comma_stays_in_the_name(nlp):
    text = "An agreement between SOCAR, TotalEnergies, and ADNOC was signed in Baku on 3 May 2023."
    assert _parties(run(nlp, text)) == [("agreement between SOCAR, TotalEnergies, and ADNOC", ["socar", "totalenergies", "adnoc"])]


def test_a_title_joined_by_and_before_its_kind_is_one_name(nlp):
    text = "The EU and Kazakhstan signed an enhanced Partnership and Cooperation Agreement in Astana on 21 December 2015."
    assert [r.name for r in run(nlp, text) if r.type == "agreement"] == ["Partnership and Cooperation Agreement"]
    text = "Russia and Kazakhstan signed the Treaty on Friendship and Cooperation and the Protocol on Trade in Moscow in 1997."
    assert [r.name for r in run(nlp, text) if r.type == "agreement"] == ["Treaty on Friendship and Cooperation", "Protocol on Trade"]


def test_a_counted_set_spread_over_as_many_fields_is_one_instrument_each(nlp):
    text = ("Kazakhstan and Uzbekistan signed four MoUs in the field of Culture and Art, Disaster Management, "
            "Youth matters and Financial intelligence in Tashkent on 3 May 2023.")
    assert [(r.name, r.kind) for r in run(nlp, text) if r.type == "agreement"] == [
        ("MoU in the field of Culture and Art", "memorandum"), ("MoU in the field of Disaster Management", "memorandum"),
        ("MoU in the field of Youth matters", "memorandum"), ("MoU in the field of Financial intelligence", "memorandum")]


def test_a_count_the_list_does_not_match_keeps_the_set_whole(nlp):
    text = "Kazakhstan and Uzbekistan signed 14 agreements in the fields of trade and energy in Tashkent on 3 May 2023."
    assert len([r for r in run(nlp, text) if r.type == "agreement"]) == 1

def test_a_name_runs_over_a_list_of_fields_and_the_clause_goes_on_after_it(nlp):
    records = run(nlp, "Tokayev and Mirziyoyev signed a Roadmap on expanding trade, economic, and investment "
                       "cooperation for 2024-2025 in Tashkent on 22 December 2023.")
    a = one(records)
    assert a.name == "Roadmap on expanding trade, economic, and investment cooperation"
    [event] = [r for r in records if r.type == "event"]
    assert (event.date.value, event.location) == ("2023-12-22", "Tashkent")  # ", and" inside the list is no clause

def test_a_hyphenated_field_is_listed_and_an_unknown_place_ends_the_name(nlp):
    a = one(run(nlp, "The regions signed a memorandum of cooperation in trade, economic, and cultural-humanitarian "
                     "spheres in Quba on 10 March 2024."))
    assert (a.name, a.place) == ("memorandum of cooperation in trade, economic, and cultural-humanitarian spheres", "Quba")

def test_a_comma_and_a_verb_after_a_name_end_it(nlp):
    a = one(run(nlp, "The presidents signed a declaration on deepening allied interaction, and discussed oil "
                     "transit in Baku on 24 August 2022."))
    assert a.name == "declaration on deepening allied interaction"

def test_an_instrument_named_by_a_compound_is_a_record_when_signed(nlp):
    a = one(run(nlp, "SOCAR and BP signed a production sharing agreement on the Shafag-Asiman block in Baku on "
                     "10 January 2020."))
    assert (a.name, a.parties, a.status) == ("production sharing agreement on the Shafag-Asiman block",
                                             ["socar", "bp"], "signed")

def test_a_compound_told_in_passing_is_no_instrument(nlp):
    records = run(nlp, "Iran wants to expand swap deals and to sign a transit agreement soon.")
    assert agreements(records) == []

def test_a_counted_set_is_not_split_by_its_compound(nlp):
    a = one(run(nlp, "Hassan Rouhani and Gurbanguly Berdimuhamedov signed 13 cooperation agreements in Ashgabat on "
                     "27 March 2018."))
    assert a.name == "13 cooperation agreements"


def test_states_that_entered_into_an_agreement_signed_it(nlp):
    recs = run(nlp, "On 20 December 2007, the Governments of Russia, Kazakhstan and Turkmenistan entered into the "
                    "Agreement on the Caspian Gas Pipeline.")
    (agreement,) = [r for r in recs if r.type == "agreement"]
    assert (agreement.name, agreement.parties) == ("Agreement on the Caspian Gas Pipeline",
                                                   ["russia", "kazakhstan", "turkmenistan"])
    assert [(e.event_type, e.date.value) for e in recs if e.type == "event"] == [("signing", "2007-12-20")]


def test_an_agreement_that_entered_into_force_was_not_signed_then(nlp):
    recs = run(nlp, "The Agreement on the Caspian Gas Pipeline entered into force on 20 December 2007.")
    assert [r.name for r in recs if r.type == "agreement"] == ["Agreement on the Caspian Gas Pipeline"]
    assert [r for r in recs if r.type == "event"] == []


def test_a_country_named_as_a_companys_owner_is_no_party(nlp):
    recs = run(nlp, "Azerbaijan's SOCAR and Britain's BP signed a production sharing agreement on 3 May 2023.")
    (agreement,) = agreements(recs)
    assert agreement.parties == ["socar", "bp"]
    assert [e.participants for e in recs if e.type == "event"] == [["socar", "bp"]]


def test_an_instruments_term_is_part_of_its_name(nlp):
    recs = run(nlp, "Gazprom signed a five-year contract to import gas from Turkmenistan on 3 May 2019.")
    assert [a.name for a in agreements(recs)] == ["five-year contract to import gas from Turkmenistan"]


def test_an_instrument_name_stops_before_a_modal_or_present_verb(nlp):
    recs = run(nlp, "The deal between Gazprom and Turkmengaz gives Russia an edge. An agreement between Azerbaijan "
                    "and Turkmenistan may prove decisive.")
    assert [a.name for a in agreements(recs)] == ["deal between Gazprom and Turkmengaz",
                                                  "agreement between Azerbaijan and Turkmenistan"]
