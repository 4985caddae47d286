"""The shapes of Slack's user and conversation objects, as users.info and conversations.info return them."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo


def user_object(
    user_id: str,
    team_id: str,
    email: str,
    name: str,
    *,
    locale: str,
    tz: str,
    bot_id: str | None = None,
) -> dict[str, Any]:
    """A member (a bot user when `bot_id` is given); `locale` is stored, users.info strips it unless asked."""
    now = datetime.now(ZoneInfo(tz))
    offset = now.utcoffset()
    profile: dict[str, Any] = {
        "real_name": name,
        "real_name_normalized": name,
        "display_name": name,
        "display_name_normalized": name,
        "first_name": name.split(" ")[0],
        "team": team_id,
        "image_48": "",
    }
    if bot_id:
        profile["bot_id"] = bot_id
    else:
        profile["email"] = email
    return {
        "id": user_id,
        "team_id": team_id,
        "name": (email.split("@")[0] if email else name).lower().replace(" ", "."),
        "deleted": False,
        "real_name": name,
        "tz": tz,
        "tz_label": now.tzname(),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": bot_id is not None,
        "is_app_user": False,
        "updated": int(time.time()),
        "locale": locale,
    }


def channel_object(channel_id: str, name: str, *, is_private: bool = False) -> dict[str, Any]:
    """A channel the bot is a member of."""
    return {
        "id": channel_id,
        "name": name,
        "name_normalized": name,
        "is_channel": not is_private,
        "is_group": is_private,
        "is_im": False,
        "is_mpim": False,
        "is_private": is_private,
        "is_archived": False,
        "is_general": False,
        "is_member": True,
        "created": int(time.time()),
        "creator": "",
        "topic": {"value": "", "creator": "", "last_set": 0},
        "purpose": {"value": "", "creator": "", "last_set": 0},
    }


def im_object(channel_id: str, user_id: str) -> dict[str, Any]:
    """The bot's DM with a user."""
    return {
        "id": channel_id,
        "created": int(time.time()),
        "is_im": True,
        "is_org_shared": False,
        "user": user_id,
        "is_user_deleted": False,
        "priority": 0,
    }
