"""The places tree: imported all-or-nothing, inherited country and alert channel, matched by what people write."""

from __future__ import annotations

import io

import pytest
from sqlalchemy.orm import Session

from skills.common.reference import ImportContext, ImportSummary, ReferenceImportError, export_to, import_source
from skills.core import Actor
from skills.locations.queries import by_code, match_locations, subtree
from skills.locations.reference import LOCATIONS
from tests.pinned import NOW, TODAY

CONTEXT = ImportContext(actor=Actor(None, "cli", NOW), source="places.csv", today=TODAY)
HEADER = "code,name,parent_code,country,alert_channel,timezone,aliases"
TREE = "\n".join(
    [
        HEADER,
        "MAD-GOYA,Sala Goya,MAD-F2,,,,Goya room",
        "MAD,Madrid office,,ES-MD,#facilities-madrid,Europe/Madrid,oficina de Madrid",
        "MAD-F2,Floor 2,MAD,,,,segunda planta;planta 2",
        "MAD-WH,Madrid warehouse,MAD,,#almacen-madrid,,almacén de Madrid",
        "NY,New York office,,US-NY,C0FACILNY,America/New_York,",
    ]
)


def load(session: Session, text: str) -> ImportSummary:
    return import_source(session, LOCATIONS, io.StringIO(text), CONTEXT)


def test_a_tree_imports_in_any_order_and_inherits_from_its_parents(session: Session):
    assert load(session, TREE) == ImportSummary(created=5, updated=0, unchanged=0)
    goya = by_code(session, "mad-goya")
    assert goya is not None
    assert goya.path == "Madrid office › Floor 2 › Sala Goya"
    assert (goya.inherited("country"), goya.inherited("timezone")) == ("ES-MD", "Europe/Madrid")
    assert goya.inherited("alert_channel") == "#facilities-madrid"
    warehouse = by_code(session, "MAD-WH")
    assert warehouse is not None and warehouse.inherited("alert_channel") == "#almacen-madrid"
    madrid = by_code(session, "MAD")
    assert madrid is not None
    assert {place.code for place in subtree(session, madrid)} == {"MAD", "MAD-F2", "MAD-GOYA", "MAD-WH"}


def test_places_are_found_by_name_alias_or_typo_in_either_language(session: Session):
    load(session, TREE)
    assert [m.location.code for m in match_locations(session, "sala goya")][:1] == ["MAD-GOYA"]
    assert [m.location.code for m in match_locations(session, "almacen de madrid")][:1] == ["MAD-WH"]
    assert [m.location.code for m in match_locations(session, "Madrid warehose")][:1] == ["MAD-WH"]
    assert [m.location.code for m in match_locations(session, "NY")][:1] == ["NY"]
    assert match_locations(session, "Lisbon depot") == []


def test_unknown_parents_cycles_and_bad_cells_are_named_and_nothing_is_written(session: Session):
    bad = "\n".join(
        [
            HEADER,
            "A,Site A,B,,,,",
            "B,Site B,A,,,,",
            "C,Site C,ZZ,,general,,",
            "D,,,XX,,Mars/Base,",
        ]
    )
    with pytest.raises(ReferenceImportError) as caught:
        load(session, bad)
    assert [(p.line, p.reason) for p in caught.value.problems] == [
        (2, "a place inside itself: A -> B -> A"),
        (3, "a place inside itself: B -> A -> B"),
        (4, "bad alert_channel 'general': expected a channel id like C012AB3CD or a name like #warehouse"),
        (4, "unknown parent_code ZZ: not in the file or stored"),
        (5, "missing name"),
        (5, "bad country 'XX': expected an ISO 3166-1 alpha-2 code like ES, GB or ES-MD"),
        (5, "unknown timezone 'Mars/Base': expected an IANA name like Europe/Madrid"),
    ]
    assert by_code(session, "A") is None


def test_an_export_lists_parents_first_and_imports_back_unchanged(session: Session):
    load(session, TREE)
    out = io.StringIO()
    assert export_to(session, LOCATIONS, out) == 5
    lines = out.getvalue().splitlines()
    assert lines[0] == HEADER and lines[1].startswith("MAD,") and lines[-1].startswith("MAD-GOYA,")
    assert load(session, out.getvalue()) == ImportSummary(created=0, updated=0, unchanged=5)


def test_a_place_is_not_matched_on_its_kind_alone(session: Session):
    """ "Valencia warehouse" scored 85 against the alias "NY warehouse" (the shared word), so a movement from a
    warehouse nobody has came out of New York; the words saying which place must agree too."""
    load(session, "code,name,parent_code,country,alert_channel,timezone,aliases\n"
                  "NY,New York office,,US-NY,,,\nNY-WH,New York warehouse,NY,,,,NY warehouse\n"
                  "MAD-WH,Almacén de Madrid,,ES,,,almacén\n")  # fmt: skip
    assert match_locations(session, "Valencia warehouse") == []
    assert match_locations(session, "almacén de Valencia") == []
    assert [m.location.code for m in match_locations(session, "NY warehouse")][:1] == ["NY-WH"]
    assert [m.location.code for m in match_locations(session, "almacén")][:1] == ["MAD-WH"]


def test_a_place_is_named_in_either_language_without_aliases(session: Session):
    """DESIGN §3's locations file has no aliases column: "almacén de Barcelona" found nothing in a tree that says
    "Barcelona warehouse" ("almacén de Madrid" only passed on the code MAD inside "madrid")."""
    load(session, "code,name,parent_code,country,alert_channel\n"
                  "BCN,Barcelona office,,ES-CT,\nBCN-WH,Barcelona warehouse,BCN,,\n"
                  "VLC-WH,Almacén de Valencia,,ES-VC,\n")  # fmt: skip
    assert [m.location.code for m in match_locations(session, "almacén de Barcelona")][:1] == ["BCN-WH"]
    assert [m.location.code for m in match_locations(session, "oficina de Barcelona")][:1] == ["BCN"]
    assert [m.location.code for m in match_locations(session, "Valencia warehouse")][:1] == ["VLC-WH"]
    assert match_locations(session, "almacén de Sevilla") == []


def test_a_place_without_a_time_zone_takes_its_countrys_peoples(session: Session):
    """Most active people of the place's country (its region first, then the country), else UTC."""
    from db.models import Employee
    from skills.locations.queries import place_timezone

    load(session, "code,name,parent_code,country,alert_channel\nMAD,Madrid office,,ES-MD,\nMAD-1,Floor 1,MAD,,\n"
                  "LIS,Lisbon office,,PT,\n")  # fmt: skip
    session.add_all([
        Employee(email="a@x.example", name="A", country="ES-MD", timezone="Europe/Madrid"),
        Employee(email="b@x.example", name="B", country="ES-CN", timezone="Atlantic/Canary"),
        Employee(email="c@x.example", name="C", country="ES-CN", timezone="Atlantic/Canary"),
    ])  # fmt: skip
    session.flush()
    assert place_timezone(session, by_code(session, "MAD-1")) == "Europe/Madrid"  # its region's people first
    assert place_timezone(session, by_code(session, "LIS")) == "UTC"
    assert place_timezone(session, None) == "UTC"
