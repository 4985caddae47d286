from typer.testing import CliRunner

from bot.cli import app


def test_the_scripted_tour_plays_and_exits_0(database, database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("BACKOFFICE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["demo", "--script"])
    assert result.exit_code == 0, result.output
    transcript = result.output
    for expected in (
        "Hi Sam! I'm the back-office assistant.",
        "¡Hola, Javier! Soy el asistente de back office.",
        "I'm not sure what you mean.",
        "Balance after: 19 days",
        "Request sent to Maria Lopez",
        "Maria Lopez> what's waiting for me?",
        "1 request is waiting for your decision (oldest first):",
        "Sam Carter · Leave: Vacation · Dec 21 – 23 (3 days)",
        "✅ Approved by Maria Lopez",
        "was approved by Maria Lopez",
        "Allocated: 22 · Taken: 3 · Pending: 0 · Available: 19",
        "Solicitud enviada a Carlos Martínez",
        "❌ Rechazada por Carlos Martínez",
        "Sam Carter · Dec 21, 2026 – Dec 23, 2026 · Vacation",
        "That message is too long for me",
        "[1] leave.md › Leave types › Vacation",
        "Límite de comidas por día: 50 €",
        "I didn't find this in our policies, and I won't guess.",
        "📨 bot (in #hr-questions): Question for HR #1",
        "Enviado a Sam Carter.",
        "HR answered your question “can I bring my dog to the office?”",
        "[1] HR answer (",
        "Total available: 20 units",
        "Almacén de Madrid: 7 unidades en stock, reservado 0, disponible 7",
        "📨 bot (in #almacen-madrid): Solicitud de material n.º 1",
        "Entregado: 3 paquetes de Papel A4 para Javier Ruiz.",
        "En Almacén de Madrid: 7 → 27 unidades",
        "📨 bot (in #almacen-madrid): Stock bajo: Cartucho de tóner HP 26A en Almacén de Madrid",
        "🛒 Carlos Martínez lo está pidiendo",
        "Stock report · ",
        "The file has every item at every place",
        "expenses.md › Receipts",
        "sent for approval ($45.20), with its receipt.",
        "Sí: 80,00 US$ está dentro del límite de Viajes.",
        "después Finanzas (más de 500,00 €)",
        "Sam Carter claims $45.20 for Travel",
        "✅ Approved by Carlos Martínez (manager)",
        "✅ Approved by Kate Foster (finance)",
        "Team spend by category, Oct 1, 2026 – Dec 31, 2026",
        "Chart saved to",
        "2 approved claims wait for payroll (",
        "Exported 2 claims to payroll-",
        "Marked 2 claims paid (",
        "Paid with payroll: your expense claim",
        "📨 bot (in #facilities-madrid): 🎫 #1 No funciona el aire acondicionado de la sala Goya",
        "Ticket #2 filed and sent to IT support (#it-support)",
        "[1] +1 and follow #2",
        "You now follow #2",
        "Ben Foster took it.",
        "✅ #2 is resolved by Ben Foster: cleared the paper jam",
        "👎 Sam Carter says it is not fixed: reopened",
        "ha consumido la mitad de su plazo",
        "🎫 #3 Clean the filters of the Goya room air conditioning",
        "(end of the tour)",
        "holds the demo company and policy index",
    ):
        assert expected in transcript
    assert "Traceback" not in transcript

    again = CliRunner().invoke(app, ["ask", "--json", "how many vacation days do we get?"])  # the main home is ready
    assert again.exit_code == 0 and '"escalate": false' in again.output
