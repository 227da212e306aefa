"""Acronyms: the forms a name's initials are written in, the short names that may be one,
the keys blocking compares them on, and when a short name is a long one's initials."""

from __future__ import annotations

from ctgraph.graph.dedupe.features import (
    DedupeRecord,
    acronym_forms,
    acronyms_of,
    initials_of,
    short_form,
    short_keys,
)

PCUZ = "OSCE Project Co-ordinator in Uzbekistan"


def test_acronym_forms_in_capitals() -> None:
    forms = acronym_forms("Inter-agency Anti-Trafficking Commission")
    assert {"IAC", "IATC", "IAATC", "IAAC"} <= forms
    # Cut before a later "of": the place, or the body it belongs to.
    forms = acronym_forms("National Commission on Combating Human Trafficking of Uzbekistan")
    assert {"NCCHT", "NCCHTU"} <= forms


def test_acronym_forms_without_the_parents_acronym() -> None:
    forms = acronym_forms(PCUZ)
    assert {"OPCU", "PCU", "OSCE PCU"} <= forms
    # Two letters without the parent's say too little ("PC" would be every Project
    # Co-ordinator); with it they may.
    assert "PC" not in forms and "OSCE PC" in forms


def test_acronym_forms_in_mixed_case() -> None:
    assert {"PCUz", "OSCE PCUz", "PCiU"} <= acronym_forms(PCUZ)
    assert "POiB" in acronym_forms("OSCE Programme Office in Bishkek")
    assert "KazNU" in acronym_forms("Kazakh National University")
    assert "MoH" in acronym_forms("Ministry of Health")
    assert "DfID" in acronym_forms("Department for International Development")
    # A word's letters after its first are small: no form reads "PCUZ".
    assert "PCUZ" not in acronym_forms(PCUZ)


def test_short_form() -> None:
    assert short_form("PCUz") == "pcuz" and short_form("O.S.C.E.") == "osce"
    # An acronym after its parent's.
    assert short_form("OSCE PCUz") == "osce pcuz" and short_form("OSCE/ODIHR") == "osce odihr"
    assert short_form("UNODC ROCA") == "unodc roca"
    # Two words that are no acronyms.
    assert short_form("IOM Uzbekistan") == "" and short_form("UN Women") == ""
    assert short_form("Council of Europe") == ""


def test_blocking_meets_a_short_name_on_a_key_of_the_long_one() -> None:
    assert short_keys("PCUz") == {"pcuz", "pcu"}
    assert short_keys("OSCE PCUz") == {"osce pcuz", "osce pcu"}
    for short, long in [
        ("PCUz", PCUZ),
        ("OSCE PCUz", PCUZ),
        ("PCiU", PCUZ),
        ("OiC", "UNFPA Office in Cologne"),
        ("MTa", "OSCE Mission in Tashkent"),
        ("KazNU", "Kazakh National University"),
        ("IOM", "International Organization for Migration"),
    ]:
        assert short_keys(short) & acronyms_of(long), (short, long)


def test_acronyms_of_are_few() -> None:
    # Every mixed-case form as a blocking key would pair long names that only share
    # initials: blocking keeps those in capitals and a few more.
    keys = acronyms_of("National Commission on Combating Human Trafficking of Uzbekistan")
    assert keys == {"nccht", "ncchtu", "ncchtuz", "ncchtr", "ncchtou"}


def test_initials_of() -> None:
    assert initials_of("PCUz", PCUZ) and initials_of("OSCE PCUz", PCUZ)
    assert initials_of("PCU", PCUZ) and initials_of("P.C.U.", PCUZ)
    assert initials_of("IOM", "International Organization for Migration")
    # Plain initials in any case; mixed ones in their own.
    assert initials_of("Iom", "International Organization for Migration")
    assert not initials_of("PCUZ", PCUZ) and not initials_of("PcUz", PCUZ)
    # Another parent's acronym, another place.
    assert not initials_of("UNODC PCUz", PCUZ)
    assert not initials_of("PCUk", PCUZ)
    # A word of a name is no acronym of it.
    assert not initials_of("Uzbekistan", PCUZ)


def test_a_person_has_no_acronyms() -> None:
    p = DedupeRecord("person:a", "Person", "Aziz Karimov", aliases=["Karimov"]).prepare()
    assert not p.acronyms and not p.shorts
    o = DedupeRecord("org:p", "Organization", PCUZ, aliases=["PCUz"]).prepare()
    assert "pcu" in o.acronyms and o.shorts == {"pcuz", "pcu"}
