"""The help card's maintenance example names an asset of the asker's own office, so what it suggests reporting is
something facilities know."""

from __future__ import annotations

from sqlalchemy import update

from db.engine import Database
from skills.maintenance import views
from skills.maintenance.models import Asset
from skills.maintenance.queries import example_asset

from .conftest import People, person


def test_the_example_is_an_asset_of_the_askers_office(database: Database, people: People):
    with database.session() as session:
        madrilenian = example_asset(session, people.eva)
        assert madrilenian is not None and madrilenian.name == "Aire acondicionado sala Goya"  # first Madrid tag
        new_yorker = example_asset(session, people.ana)
        assert new_yorker is not None and new_yorker.location is not None
        assert new_yorker.location.lineage()[-1].code == "NY"
        session.execute(update(Asset).where(Asset.tag.like("%-MAD%")).values(active=False))
        assert example_asset(session, people.eva) == new_yorker  # none left in Madrid: the first anywhere
        abroad = person("Gwen", country="GB")
        session.add(abroad)
        assert example_asset(session, abroad) == new_yorker  # no office in the country


def test_the_line_reads_as_a_sentence_in_both_languages():
    assert views.capability("en", "Boiler").example == "the boiler is not working"
    assert views.capability("en", "HVAC unit").example == "the HVAC unit is not working"
    assert views.capability("es", "Caldera Madrid").example == "Caldera Madrid no funciona"
    assert views.capability("es", None).example == "no funciona el aire acondicionado de la segunda planta"


def test_with_no_assets_there_is_no_example_asset(database: Database):
    with database.session() as session:
        nora = person("Nora")
        session.add(nora)
        session.flush()
        assert example_asset(session, nora) is None
