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
        "✅ Approved by Maria Lopez",
        "was approved by Maria Lopez",
        "Allocated: 22 · Taken: 3 · Pending: 0 · Available: 19",
        "Solicitud enviada a Carlos Martínez",
        "❌ Rechazada por Carlos Martínez",
        "Sam Carter · Dec 21, 2026 – Dec 23, 2026 · Vacation",
        "That message is too long for me",
        "(end of the tour)",
    ):
        assert expected in transcript
    assert "Traceback" not in transcript
