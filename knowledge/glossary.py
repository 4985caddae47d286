"""A small bilingual (es/en) glossary of back-office words whose translation word vectors miss or get wrong.

USE-m3 word vectors translate most policy words ("vacaciones"/"vacation"), but not the ones whose HR meaning is
not their everyday one: "baja" (sick leave) lands on "lower", "permiso" (leave) on "permission", "dieta" (per diem)
on nothing, "avería" (breakdown) on nothing, "aprobar" on "trial". Each line below is one meaning: Spanish words on
the left, English words on the right; a word of either side is the same term as every word of the other side.
This is data, not tuning: general back-office vocabulary, not the words of any question set.
"""

from __future__ import annotations

from functools import cache

from knowledge.keywords import fold, stem

_PAIRS = """
permiso permisos licencia : leave
baja bajas : leave sick
enfermedad enfermo enferma enfermos : sick sickness illness ill
vacaciones : vacation vacations annual
dieta dietas : diem allowance
averia averias : breakdown broken fault repair malfunction
roto rota rotos rotas estropeado : broken damaged
cobro cobrar cobro cobras : paid reimbursed receive
aprobar aprobado aprobada aprueba aprobacion : approve approved approval
apagar apago : shut power
reembolso reembolsos reembolsar : reimbursement reimbursed refund
gasto gastos : expense expenses
factura facturas : invoice bill
recibo recibos ticket : receipt receipts
nomina : payroll paycheck
sueldo salario salarios : salary pay
preaviso : notice
dimitir dimision renunciar : resign resignation
despido : dismissal termination
contrato : contract
jornada : workday hours schedule
horario : schedule hours
festivo festivos : holiday holidays
asuntos : personal
antelacion : advance notice
plazo : deadline within
solicitud : request application
formulario : form
jefe jefa responsable : manager supervisor boss
empleado empleados plantilla : employee employees staff
contratista contratistas : contractor contractors
portatil portatiles : laptop laptops
ordenador ordenadores : computer computers
contrasena contrasenas : password passwords
tarjeta : card
coche : car vehicle
kilometraje : mileage
vuelo vuelos volar vuela vuelo : flight flights fly
billete billetes : ticket tickets
alojamiento : lodging hotel accommodation
comida comidas : meal meals lunch
desayuno : breakfast
cena : dinner
aparcamiento garaje : parking garage
multa multas : fine fines
seguro seguros : insurance
medico medica : doctor medical
justificante certificado : note certificate documentation
nacimiento : birth
fallecimiento fallece muere fallecido : death bereavement funeral
boda matrimonio casarme : wedding marriage
jurado : jury
militar militares : military servicemember veteran
formacion curso cursos : training course
presupuesto : budget
compra compras comprar : purchase purchases buy
proveedor proveedores : vendor supplier
material suministros : supplies
simulacro : drill
queja reclamacion : complaint
acoso : harassment
prestaciones beneficios : benefits
subsidio ayuda : subsidy allowance stipend
abono : pass
compensatorio : comp compensatory
acumular acumulo acumulan : accrue accrued carry
caduca caducan caducar : expire expires
saldo : balance
anticipado anticipada adelantado : advance advanced
cliente clientes : client clients customer
regalo regalos : gift gifts
perro mascota : dog pet
idioma idiomas : language languages
guarderia : daycare childcare
nevera neveras frigorifico : fridge fridges refrigerator
bici bicicleta bicicletas : bike bikes bicycle
denunciar denuncia : report police
"""


@cache
def _table() -> dict[str, frozenset[str]]:
    """Each glossary word (folded) -> the stems of the words on the other side of its line."""
    table: dict[str, set[str]] = {}
    for line in _PAIRS.strip().splitlines():
        spanish, english = (side.split() for side in line.split(":"))
        for words, others in ((spanish, english), (english, spanish)):
            for word in words:
                table.setdefault(fold(word), set()).update(stem(fold(other)) for other in others)
    return {word: frozenset(stems) for word, stems in table.items()}


def translations(word: str) -> frozenset[str]:
    """The stems of the glossary's translations of ``word`` (folded; a plural finds its singular), else none."""
    table = _table()
    for candidate in (word, word[:-1], word[:-2]):
        if candidate in table and len(candidate) > 2:
            return table[candidate]
    return frozenset()
