"""The demo company's stock: about 40 items with English and Spanish names and aliases, in the New York and Madrid
warehouses.

Loaded through the same ``items`` import an operator runs (the CSV below), so every opening quantity is an opening
movement in the ledger, exactly as on a real install.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from skills.common.reference import ImportContext, import_text
from skills.core import Actor
from skills.stock.models import Item
from skills.stock.reference import ITEMS

ITEMS_CSV = """sku,name,aliases,unit,location_code,quantity,reorder_level,reorder_qty,name_es,category,serialized
PAP-A4,A4 paper,printer paper;copy paper;folios;papel de impresora;paquete de folios,ream,NY-WH,120,40,100,Papel A4,office,no
PAP-A4,A4 paper,printer paper;copy paper;folios;papel de impresora;paquete de folios,ream,MAD-WH,80,30,100,Papel A4,office,no
PAP-A3,A3 paper,papel A3,ream,MAD-WH,12,4,10,Papel A3,office,no
TON-HP26,HP 26A toner cartridge,toner;HP toner;cartucho de tóner;tóner HP,unit,NY-WH,9,4,12,Cartucho de tóner HP 26A,printing,no
TON-HP26,HP 26A toner cartridge,toner;HP toner;cartucho de tóner;tóner HP,unit,MAD-WH,7,5,12,Cartucho de tóner HP 26A,printing,no
TON-BRO,Brother TN-2420 toner,Brother toner;tóner Brother,unit,MAD-WH,4,2,6,Tóner Brother TN-2420,printing,no
ADP-HDMI,USB-C to HDMI adapter,HDMI adapter;HDMI dongle;adaptador HDMI;adaptador USB-C HDMI,unit,NY-WH,14,5,20,Adaptador USB-C a HDMI,it,no
ADP-HDMI,USB-C to HDMI adapter,HDMI adapter;HDMI dongle;adaptador HDMI;adaptador USB-C HDMI,unit,MAD-WH,6,3,10,Adaptador USB-C a HDMI,it,no
CAB-HDMI,HDMI cable 2 m,HDMI lead;cable HDMI,unit,NY-WH,30,10,30,Cable HDMI 2 m,it,no
CAB-USBC,USB-C cable 1 m,USB C cable;cable USB-C;cable tipo C,unit,NY-WH,40,10,40,Cable USB-C 1 m,it,no
CHG-USBC,USB-C laptop charger 65 W,laptop charger;power adapter;cargador de portátil;cargador USB-C,unit,NY-WH,12,4,10,Cargador USB-C de portátil 65 W,it,no
CHG-USBC,USB-C laptop charger 65 W,laptop charger;power adapter;cargador de portátil;cargador USB-C,unit,MAD-WH,8,4,10,Cargador USB-C de portátil 65 W,it,no
CAB-ETH,Ethernet cable 3 m,network cable;patch cable;LAN cable;cable de red;cable ethernet,unit,MAD-WH,25,10,25,Cable de red 3 m,it,no
LAP-DELL,Dell Latitude 5440 laptop,laptop;notebook computer;Dell Latitude;portátil;ordenador portátil,unit,NY-WH,6,2,4,Portátil Dell Latitude 5440,it,yes
LAP-DELL,Dell Latitude 5440 laptop,laptop;notebook computer;Dell Latitude;portátil;ordenador portátil,unit,MAD-WH,4,2,4,Portátil Dell Latitude 5440,it,yes
MON-24,24-inch monitor,monitor;screen;display;pantalla,unit,NY-WH,10,3,6,Monitor de 24 pulgadas,it,no
MON-24,24-inch monitor,monitor;screen;display;pantalla,unit,MAD-WH,7,3,6,Monitor de 24 pulgadas,it,no
KEY-USB,USB keyboard,keyboard;teclado;teclado USB,unit,NY-WH,18,5,15,Teclado USB,it,no
KEY-USB,USB keyboard,keyboard;teclado;teclado USB,unit,MAD-WH,11,5,15,Teclado USB,it,no
MOU-WL,Wireless mouse,mouse;mice;ratón;ratón inalámbrico,unit,NY-WH,22,6,20,Ratón inalámbrico,it,no
MOU-WL,Wireless mouse,mouse;mice;ratón;ratón inalámbrico,unit,MAD-WH,15,6,20,Ratón inalámbrico,it,no
HDS-USB,USB headset,headset;headphones;auriculares;cascos,unit,NY-WH,16,5,12,Auriculares USB,it,no
HDS-USB,USB headset,headset;headphones;auriculares;cascos,unit,MAD-WH,9,5,12,Auriculares USB,it,no
CAM-WEB,Webcam 1080p,webcam;web camera;cámara web;webcam HD,unit,NY-WH,8,3,6,Cámara web 1080p,it,no
DOCK-USBC,USB-C docking station,docking station;dock;base de conexión;dock USB-C,unit,NY-WH,7,2,5,Base de conexión USB-C,it,no
PRJ-EPS,Epson projector,projector;beamer;proyector,unit,NY-WH,3,1,1,Proyector Epson,it,yes
PRJ-EPS,Epson projector,projector;beamer;proyector,unit,MAD-WH,2,1,1,Proyector Epson,it,yes
PHN-IP15,iPhone 15,phone;mobile phone;cell phone;móvil;teléfono móvil,unit,NY-WH,5,2,4,iPhone 15,it,yes
CHR-ERG,Ergonomic office chair,chair;office chair;desk chair;silla;silla de oficina,unit,NY-WH,12,4,6,Silla de oficina ergonómica,furniture,no
CHR-ERG,Ergonomic office chair,chair;office chair;desk chair;silla;silla de oficina,unit,MAD-WH,15,4,6,Silla de oficina ergonómica,furniture,no
BAT-AA,AA batteries (pack of 4),AA battery;batteries;pilas AA;pilas,pack,NY-WH,30,10,30,Pilas AA (paquete de 4),office,no
BAT-AA,AA batteries (pack of 4),AA battery;batteries;pilas AA;pilas,pack,MAD-WH,20,10,30,Pilas AA (paquete de 4),office,no
BAT-AAA,AAA batteries (pack of 4),AAA battery;pilas AAA,pack,NY-WH,18,6,20,Pilas AAA (paquete de 4),office,no
PEN-BLU,Blue ballpoint pen,pen;biro;ballpoint;bolígrafo;boli,box,NY-WH,25,8,20,Bolígrafo azul,office,no
PEN-BLU,Blue ballpoint pen,pen;biro;ballpoint;bolígrafo;boli,box,MAD-WH,18,8,20,Bolígrafo azul,office,no
MRK-WB,Whiteboard marker,dry-erase marker;marker;rotulador;rotulador de pizarra,pack,NY-WH,14,5,12,Rotulador de pizarra blanca,office,no
MRK-WB,Whiteboard marker,dry-erase marker;marker;rotulador;rotulador de pizarra,pack,MAD-WH,9,5,12,Rotulador de pizarra blanca,office,no
NBK-A5,A5 notebook,notepad;notebook;cuaderno;libreta,unit,MAD-WH,40,10,40,Cuaderno A5,office,no
STA-STD,Stapler,grapadora,unit,MAD-WH,10,3,5,Grapadora,office,no
STA-BOX,Staples (box of 1000),staples;grapas,box,MAD-WH,24,6,20,Grapas (caja de 1000),office,no
NOTE-STK,Sticky notes,post-it;post-its;sticky pad;pósit;notas adhesivas,pack,NY-WH,35,10,30,Notas adhesivas,office,no
ENV-C4,C4 envelopes (box of 250),envelopes;sobres;sobres C4,box,MAD-WH,6,2,5,Sobres C4 (caja de 250),office,no
FLD-A4,A4 document folder,folder;file folder;carpeta;carpetas;archivador,pack,MAD-WH,30,10,20,Carpeta A4,office,no
SCI-OFF,Office scissors,scissors;tijeras,unit,MAD-WH,8,2,5,Tijeras de oficina,office,no
TAPE-PK,Packing tape,parcel tape;sticky tape;cinta de embalar;cinta adhesiva;celo,roll,NY-WH,20,6,24,Cinta de embalar,warehouse,no
BOX-CRD,Cardboard box,moving box;shipping box;caja de cartón;cajas de cartón,unit,NY-WH,50,20,50,Caja de cartón,warehouse,no
COF-POD,Coffee pods (box of 50),coffee;coffee capsules;cápsulas de café;café;cápsulas,box,NY-WH,24,8,24,Cápsulas de café (caja de 50),kitchen,no
COF-POD,Coffee pods (box of 50),coffee;coffee capsules;cápsulas de café;café;cápsulas,box,MAD-WH,12,8,24,Cápsulas de café (caja de 50),kitchen,no
SAN-GEL,Hand sanitizer 500 ml,sanitiser;hand gel;gel hidroalcohólico;gel desinfectante,bottle,NY-WH,20,6,24,Gel hidroalcohólico 500 ml,cleaning,no
SAN-GEL,Hand sanitizer 500 ml,sanitiser;hand gel;gel hidroalcohólico;gel desinfectante,bottle,MAD-WH,14,6,24,Gel hidroalcohólico 500 ml,cleaning,no
WIP-DIS,Disinfectant wipes,cleaning wipes;wipes;toallitas;toallitas desinfectantes,pack,MAD-WH,16,5,20,Toallitas desinfectantes,cleaning,no
TWL-PAP,Paper towels,kitchen roll;paper towel;papel de cocina;rollo de cocina,roll,NY-WH,36,12,36,Papel de cocina,kitchen,no
VST-SAF,Safety vest,hi-vis vest;high visibility vest;chaleco reflectante;chaleco de seguridad,unit,MAD-WH,10,4,6,Chaleco de seguridad,safety,no
HLM-SAF,Safety helmet,hard hat;casco;casco de obra,unit,MAD-WH,6,2,4,Casco de seguridad,safety,no
GLV-WRK,Work gloves,gloves;guantes;guantes de trabajo,pair,MAD-WH,20,6,20,Guantes de trabajo,safety,no
BLB-LED,LED light bulb,light bulb;bulb;bombilla;bombilla LED,unit,NY-WH,24,8,24,Bombilla LED,facilities,no
EXT-4W,4-way extension lead,power strip;extension cord;extension lead;regleta;alargador,unit,NY-WH,9,3,6,Regleta de 4 enchufes,facilities,no
EXT-4W,4-way extension lead,power strip;extension cord;extension lead;regleta;alargador,unit,MAD-WH,5,3,6,Regleta de 4 enchufes,facilities,no
"""


def seed_stock(session: Session, now: datetime) -> int:
    """Import the demo items (and their opening movements) unless some are there already; how many were created."""
    if session.scalar(select(func.count()).select_from(Item)):
        return 0
    context = ImportContext(actor=Actor(None, "cli", now), source="demo items", today=now.date())
    return import_text(session, ITEMS, ITEMS_CSV, context).created
