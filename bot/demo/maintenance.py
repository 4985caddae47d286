"""The demo company's maintenance: facilities and IT teams with their channels, about 30 assets in the New York and
Madrid offices, and two preventive plans (a fixed one and a meter one).

Loaded through the same ``teams``, ``assets`` and ``plans`` imports an operator runs (the CSVs below).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skills.common.reference import ImportContext, import_text
from skills.core import Actor
from skills.maintenance.models import Team
from skills.maintenance.reference import ASSETS, PLANS, TEAMS

DEMO_TEAMS = {
    "fac_ny_lead": "maria@demo.example",
    "fac_ny_members": "david.walker@demo.example;chloe.price@demo.example",
    "fac_mad_lead": "carlos.molina@demo.example",
    "fac_mad_members": "maria.sanchez@demo.example;javier.molina@demo.example;javier.romero@demo.example",
    "it_lead": "ben.foster@demo.example",
    "it_members": "henry.walker@demo.example",
}
"""Who works each demo team (people of the demo company; Madrid's facilities department is its own team)."""

TEAMS_CSV = """code,name,channel,lead_email,member_emails,categories
FAC-NY,Facilities New York,#facilities-ny,{fac_ny_lead},{fac_ny_members},hvac;plumbing;electrical;appliance;furniture;building;cleaning;other
FAC-MAD,Mantenimiento Madrid,#facilities-madrid,{fac_mad_lead},{fac_mad_members},hvac;plumbing;electrical;appliance;furniture;building;cleaning;other
IT,IT support,#it-support,{it_lead},{it_members},it
"""

ASSETS_CSV = """tag,name,category,location_code,team_code,aliases,meter_unit
PRN-NY-301,3rd floor printer,it,NY-F3-PRINT,IT,printer;impresora,
PRN-NY-201,2nd floor printer,it,NY-F2,IT,printer;impresora,
PROJ-NY-3,3rd floor projector,it,NY-F3,IT,projector;proyector,
WIFI-NY-3,Wi-Fi access point floor 3,it,NY-F3,IT,wifi;wi-fi;internet;red wifi,
AC-NY-2,Air conditioning floor 2,hvac,NY-F2,FAC-NY,AC;air conditioning;aircon;aire acondicionado;el aire,
AC-NY-3,Air conditioning floor 3,hvac,NY-F3,FAC-NY,AC;air conditioning;aircon;aire acondicionado;el aire,
FRIDGE-NY-2,2nd floor kitchen fridge,appliance,NY-F2-KITCHEN,FAC-NY,fridge;refrigerator;nevera;frigorífico,
DISHW-NY-2,2nd floor kitchen dishwasher,appliance,NY-F2-KITCHEN,FAC-NY,dishwasher;lavavajillas,
COFFEE-NY-2,2nd floor kitchen coffee machine,appliance,NY-F2-KITCHEN,FAC-NY,coffee machine;coffee maker;cafetera;máquina de café,
SINK-NY-2,2nd floor kitchen sink,plumbing,NY-F2-KITCHEN,FAC-NY,sink;tap;faucet;fregadero;grifo,
WC-NY-3,3rd floor restrooms,plumbing,NY-F3,FAC-NY,toilet;restroom;bathroom;baño;aseo,
ELEV-NY-1,New York elevator,building,NY-LOBBY,FAC-NY,elevator;lift;ascensor,
DOOR-NY-LOBBY,Main entrance door,building,NY-LOBBY,FAC-NY,front door;main door;entrance door;puerta principal,
BADGE-NY-LOBBY,Main entrance badge reader,building,NY-LOBBY,FAC-NY,badge reader;card reader;lector de tarjetas,
GEN-NY,Backup generator,electrical,NY-WH,FAC-NY,generator;generador,h
DOCK-NY,Loading dock door,building,NY-WH,FAC-NY,loading dock door;dock door;persiana del muelle;muelle de carga,
AC-MAD-GOYA,Aire acondicionado sala Goya,hvac,MAD-GOYA,FAC-MAD,AC;air conditioning;aire acondicionado;el aire,
AC-MAD-SOROLLA,Aire acondicionado sala Sorolla,hvac,MAD-SOROLLA,FAC-MAD,AC;air conditioning;aire acondicionado;el aire,
PROJ-MAD-GOYA,Proyector sala Goya,it,MAD-GOYA,IT,projector;proyector,
TV-MAD-SOROLLA,Pantalla sala Sorolla,it,MAD-SOROLLA,IT,screen;TV;pantalla;televisión,
PRN-MAD-1,Impresora planta 1,it,MAD-F1,IT,printer;impresora,
WIFI-MAD-2,Wi-Fi planta 2,it,MAD-F2,IT,wifi;wi-fi;internet;red wifi,
CAFE-MAD-2,Cafetera cocina planta 2,appliance,MAD-F2-COCINA,FAC-MAD,coffee machine;cafetera;máquina de café,
NEVERA-MAD-2,Nevera cocina planta 2,appliance,MAD-F2-COCINA,FAC-MAD,fridge;nevera;frigorífico,
FREG-MAD-2,Fregadero cocina planta 2,plumbing,MAD-F2-COCINA,FAC-MAD,sink;tap;fregadero;grifo,
MICRO-MAD-2,Microondas cocina planta 2,appliance,MAD-F2-COCINA,FAC-MAD,microwave;microondas,
COMP-MAD-WH,Compresor del almacén,electrical,MAD-WH,FAC-MAD,compressor;compresor,h
PUERTA-MAD-WH,Puerta del almacén,building,MAD-WH,FAC-MAD,warehouse door;puerta del almacén,
ASC-MAD,Ascensor Madrid,building,MAD,FAC-MAD,elevator;lift;ascensor,
CALD-MAD,Caldera Madrid,hvac,MAD,FAC-MAD,boiler;caldera,
"""

PLANS_CSV = """code,asset_tag,task,kind,every,unit,lead_days,next_due,checklist
PM-AC-GOYA,AC-MAD-GOYA,Clean the filters of the Goya room air conditioning,fixed,3,months,7,{next_due},Switch off;Clean filters;Check drain;Test cooling
PM-GEN-NY,GEN-NY,Generator service (oil and filters),meter,250,h,0,,Change oil;Replace filters;Load test
"""


def seed_maintenance(session: Session, now: datetime) -> int:
    """Import the demo teams, assets and plans unless some teams are there already; how many rows were created.

    The Goya air conditioning's filters fall due five days from ``now`` (a week's lead time: the job opens it).
    """
    if session.scalar(select(func.count()).select_from(Team)):
        return 0
    context = ImportContext(actor=Actor(None, "cli", now), source="demo maintenance", today=now.date())
    created = import_text(session, TEAMS, TEAMS_CSV.format(**DEMO_TEAMS), context).created
    created += import_text(session, ASSETS, ASSETS_CSV, context).created
    due = (now + timedelta(days=5)).date().isoformat()
    return created + import_text(session, PLANS, PLANS_CSV.format(next_due=due), context).created
