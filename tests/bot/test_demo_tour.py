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
        "I understood that as a leave request",
        "una solicitud de ausencia",
        "That message is too long for me",
        "(end of the tour)",
    ):
        assert expected in transcript
    assert "Traceback" not in transcript
