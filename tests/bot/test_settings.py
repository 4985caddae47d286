from pathlib import Path

import pytest

from bot.settings import Settings


def make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    monkeypatch.chdir(tmp_path)
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "DATABASE_URL", "BACKOFFICE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings()


def test_tokens_never_appear_in_repr_str_or_dump(tmp_path, monkeypatch):
    settings = make(
        tmp_path,
        monkeypatch,
        SLACK_BOT_TOKEN="xoxb-very-secret",
        SLACK_SIGNING_SECRET="sign-secret",
        SLACK_APP_TOKEN="xapp-secret",
    )
    for shown in (repr(settings), str(settings), settings.model_dump_json()):
        assert "very-secret" not in shown
        assert "sign-secret" not in shown
        assert "xapp-secret" not in shown
    assert settings.slack_bot_token is not None
    assert settings.slack_bot_token.get_secret_value() == "xoxb-very-secret"


def test_serve_names_what_is_missing(tmp_path, monkeypatch):
    settings = make(tmp_path, monkeypatch)
    assert settings.missing_for_serve(socket_mode=False) == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
    assert settings.missing_for_serve(socket_mode=True) == ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"]
    ready = make(tmp_path, monkeypatch, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="s")
    assert ready.missing_for_serve(socket_mode=False) == []


def test_database_defaults_to_sqlite_under_home(tmp_path, monkeypatch):
    settings = make(tmp_path, monkeypatch, BACKOFFICE_HOME=str(tmp_path / "state"))
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'state' / 'backoffice.db'}"
    explicit = make(tmp_path, monkeypatch, DATABASE_URL="postgresql+psycopg://u@h/db")
    assert explicit.resolved_database_url == "postgresql+psycopg://u@h/db"


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("SLACK_API_URL=http://127.0.0.1:9/api\nPORT=4100\n")
    settings = make(tmp_path, monkeypatch)
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.port == 4100


def test_routing_decisions_stay_in_their_own_file_not_the_general_log(tmp_path):
    import logging

    from bot.process_setup import configure_logging
    from bot.settings import Settings

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging(Settings(_env_file=None, backoffice_home=tmp_path), to_console=False)
        logging.getLogger("backoffice.routing").warning('{"intent": "help"}')
        logging.getLogger("backoffice.app").warning("a line for the general log")
        for handler in root.handlers:
            handler.flush()
        general = (tmp_path / "logs" / "backoffice.log").read_text(encoding="utf-8")
        assert "a line for the general log" in general and '"intent"' not in general
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)


@pytest.mark.parametrize("scheme", ["postgres", "postgresql"])
def test_a_providers_postgres_url_uses_the_installed_driver(scheme, monkeypatch):
    # Hosting providers hand out postgres://...; SQLAlchemy would look for psycopg2, which is not installed.
    monkeypatch.setenv("DATABASE_URL", f"{scheme}://ops:pw@db:5432/backoffice")
    assert Settings().resolved_database_url == "postgresql+psycopg://ops:pw@db:5432/backoffice"


def test_the_server_log_names_jobs_once_and_warns_only_of_what_an_operator_can_fix(tmp_path, monkeypatch, caplog):
    # Every start logged 26 APScheduler lines naming each job "run_registered_job", two more per job run, and
    # twice Bolt's warning that the token it read from the environment was unused (our client carries it).
    import logging

    from bot.process_setup import configure_logging
    from bot.slack.app import create_app

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    try:
        configure_logging(Settings(_env_file=None, backoffice_home=tmp_path), to_console=False)
        assert not logging.getLogger("apscheduler.scheduler").isEnabledFor(logging.INFO)
        assert logging.getLogger("apscheduler.executors.default").isEnabledFor(logging.WARNING)
        assert logging.getLogger("bot.scheduler").isEnabledFor(logging.INFO)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        logging.getLogger("apscheduler").setLevel(logging.NOTSET)
    from tests.fakes.slack_emulator import SlackEmulator

    with SlackEmulator() as slack:
        monkeypatch.setenv("SLACK_BOT_TOKEN", slack.bot_token)
        settings = Settings(
            _env_file=None, backoffice_home=tmp_path, slack_signing_secret="s", slack_api_url=slack.api_url
        )
        with caplog.at_level(logging.INFO):
            create_app(settings, database=None, assistant=None)  # type: ignore[arg-type]
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
