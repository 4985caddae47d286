"""The demo company's places: New York, Madrid and Barcelona offices with floors, rooms and warehouses.

Loaded through the same ``locations`` import an operator runs (the CSV below), so the demo exercises the real path.
Stock (warehouses and shelves) and maintenance (floors, rooms, kitchens) refer to these codes.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skills.common.reference import ImportContext, import_text
from skills.core import Actor
from skills.locations.models import Location
from skills.locations.reference import LOCATIONS

PLACES_CSV = """code,name,parent_code,country,alert_channel,timezone,aliases
NY,New York office,,US-NY,#facilities-ny,America/New_York,NYC office;oficina de Nueva York
NY-F2,Floor 2,NY,,,,2nd floor;second floor
NY-F2-KITCHEN,2nd floor kitchen,NY-F2,,,,kitchen on the 2nd floor
NY-F3,Floor 3,NY,,,,3rd floor;third floor
NY-F3-PRINT,3rd floor print room,NY-F3,,,,print room;printer room
NY-LOBBY,Lobby,NY,,,,reception;front desk
NY-WH,New York warehouse,NY,,#warehouse-ny,,NY warehouse;almacén de Nueva York
NY-WH-A,Shelf A,NY-WH,,,,
NY-WH-B,Shelf B,NY-WH,,,,
MAD,Madrid office,,ES-MD,#facilities-madrid,Europe/Madrid,oficina de Madrid;Madrid
MAD-F1,Planta 1,MAD,,,,first floor;primera planta
MAD-GOYA,Sala Goya,MAD-F1,,,,Goya room;sala de reuniones Goya
MAD-SOROLLA,Sala Sorolla,MAD-F1,,,,Sorolla room
MAD-F2,Planta 2,MAD,,,,second floor;segunda planta
MAD-F2-COCINA,Cocina planta 2,MAD-F2,,,,kitchen 2nd floor;cocina
MAD-WH,Almacén de Madrid,MAD,,#almacen-madrid,,Madrid warehouse;almacén
MAD-WH-A,Estantería A,MAD-WH,,,,shelf A
BCN,Barcelona office,,ES-CT,#facilities-bcn,Europe/Madrid,oficina de Barcelona;Barcelona
BCN-STORE,Barcelona storeroom,BCN,,#facilities-bcn,,almacén de Barcelona;trastero de Barcelona
"""


def seed_places(session: Session, now: datetime) -> int:
    """Import the demo places unless some are there already; how many were created."""
    if session.scalar(select(func.count()).select_from(Location)):
        return 0
    context = ImportContext(actor=Actor(None, "cli", now), source="demo places", today=now.date())
    return import_text(session, LOCATIONS, PLACES_CSV, context).created
