from knowledge.types import ALL, EVERYONE, Audience


def test_a_document_for_a_country_reaches_its_people_and_their_regions_only():
    spain_only = {"audience_country": "ES", "audience_department": ALL}
    assert Audience(country="ES").allows(spain_only)
    assert Audience(country="es-md").allows(spain_only)  # a region of Spain, as the directory may hold it
    assert not Audience(country="US").allows(spain_only)
    assert not Audience(country="ESX").allows(spain_only)
    assert EVERYONE.allows(spain_only)


def test_lists_and_departments_narrow_together():
    metadata = {"audience_country": "US, CA", "audience_department": "Warehouse"}
    assert Audience(country="CA", department="warehouse").allows(metadata)
    assert not Audience(country="CA", department="Finance").allows(metadata)
    assert Audience(country="US").allows(metadata)  # no department known: only the country narrows
    assert Audience(country="FR").allows({}) is True  # no audience: everyone
