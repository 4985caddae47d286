"""Find the employee behind a Slack user: by Slack id, else by the e-mail Slack reports, then link the two."""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import lazyload

from db.audit import record
from db.engine import Database
from db.models import Employee

log = logging.getLogger(__name__)


NOT_A_MEMBER = frozenset({"user_not_found", "user_not_visible", "users_not_found"})
"""What Slack answers when it has no such person; any other failure means Slack is failing, not the person unknown."""


BY_SLACK_ID = select(Employee).where(Employee.slack_id == bindparam("slack_id")).options(lazyload(Employee.role_rows))
"""The hot path of every request, built once. The roles are left unloaded: the assistant, which gets this employee,
loads them on first use only (most answers never look)."""


class DirectoryUnavailable(Exception):
    """Slack could not say who a user is (an error, a rate limit, a timeout): ask again later, call nobody unknown."""


def _email_from_slack(client: WebClient, slack_user_id: str) -> str | None:
    try:
        response = client.users_info(user=slack_user_id)
    except SlackApiError as error:
        code = error.response.get("error") if isinstance(error.response.data, dict) else None
        if code in NOT_A_MEMBER:
            return None
        raise DirectoryUnavailable(
            f"users.info failed for {slack_user_id}: {code or error.response.status_code}"
        ) from error
    except OSError as error:  # a timeout or a dropped connection
        raise DirectoryUnavailable(f"users.info failed for {slack_user_id}: {error}") from error
    profile = (response.get("user") or {}).get("profile") or {}
    email = profile.get("email")
    return email.strip().lower() if isinstance(email, str) and email.strip() else None


def resolve_employee(database: Database, client: WebClient, slack_user_id: str) -> Employee | None:
    """The directory entry for ``slack_user_id``, linking it by e-mail on first contact; None if unknown.

    Raises ``DirectoryUnavailable`` when Slack cannot tell (the request fails and Slack's retry tries again).

    Returned detached: read its columns, not its roles.
    """
    with database.session() as session:
        employee = session.scalar(BY_SLACK_ID, {"slack_id": slack_user_id})
        if employee is not None:
            return employee
    email = _email_from_slack(client, slack_user_id)
    if email is None:
        return None
    with database.session() as session:
        employee = session.scalar(select(Employee).where(func.lower(Employee.email) == email))
        if employee is None:
            return None
        if employee.slack_id and employee.slack_id != slack_user_id:
            log.warning("employee %s is linked to %s, not %s", employee.id, employee.slack_id, slack_user_id)
            return None
        employee.slack_id = slack_user_id
        record(
            session,
            action="employee.link_slack",
            entity_type="employee",
            entity_id=employee.id,
            before={"slack_id": None},
            after={"slack_id": slack_user_id},
            via="slack",
            actor=employee,
        )
        return employee


def slack_locale(client: WebClient, slack_user_id: str) -> str | None:
    """The locale Slack reports for ``slack_user_id`` (``es-ES``), to speak to someone the directory lacks; None when
    Slack does not say (best effort: whom to contact is worth telling even in the wrong language)."""
    try:
        response = client.users_info(user=slack_user_id, include_locale=True)
    except (SlackApiError, OSError) as error:
        log.info("no locale for %s: %s", slack_user_id, error)
        return None
    locale = (response.get("user") or {}).get("locale")
    return locale if isinstance(locale, str) and locale else None
