"""The Web API methods the emulator implements, each answering with the response shape real Slack gives."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from tests.fakes.block_kit_checks import MAX_MESSAGE_BLOCKS, check_blocks, check_view, parse_json_param
from tests.fakes.slack_workspace import SlackApiFailure, SlackWorkspace

Params = dict[str, Any]
Handler = Callable[[SlackWorkspace, Params], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}
MAX_MESSAGE_TEXT = 40_000


def _method(name: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        HANDLERS[name] = handler
        return handler

    return register


def invalid_arguments(*reasons: str) -> SlackApiFailure:
    """Slack's invalid_arguments failure, with its reasons in response_metadata.messages."""
    return SlackApiFailure(
        "invalid_arguments",
        errors=list(reasons),
        response_metadata={"messages": [f"[ERROR] {reason}" for reason in reasons]},
    )


def _text(params: Params, key: str) -> str:
    value = params.get(key)
    return "" if value is None else str(value)


def _flag(params: Params, key: str) -> bool:
    return params.get(key) in (True, 1, "true", "1")


def _blocks(params: Params, *, limit: int = MAX_MESSAGE_BLOCKS) -> list[Any] | None:
    if params.get("blocks") in (None, ""):
        return None
    blocks, errors = parse_json_param(params["blocks"], "blocks")
    errors = errors or check_blocks(blocks, limit=limit)
    if errors:
        raise SlackApiFailure("invalid_blocks", errors=errors)
    return list(blocks)


def _content(params: Params) -> tuple[str, list[Any] | None, Any]:
    """text, blocks and attachments of a chat.* call; no_text when all are missing."""
    text = _text(params, "text")
    blocks = _blocks(params)
    attachments, errors = parse_json_param(params.get("attachments"), "attachments")
    if errors:
        raise SlackApiFailure("invalid_attachments", errors=errors)
    if not text and not blocks and not attachments:
        raise SlackApiFailure("no_text")
    if len(text) > MAX_MESSAGE_TEXT:
        raise SlackApiFailure("msg_too_long")
    return text, blocks, attachments


def _metadata(params: Params) -> dict[str, Any] | None:
    metadata, errors = parse_json_param(params.get("metadata"), "metadata")
    if metadata in (None, ""):
        return None
    if (
        errors
        or not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackApiFailure("invalid_metadata_format")
    return metadata


def _view(params: Params, *, kind: str) -> dict[str, Any]:
    view, _ = parse_json_param(params.get("view"), "view")
    errors = check_view(view)
    if not errors and view["type"] != kind:
        errors = [f"this method takes a {kind} view [json-pointer:/view/type]"]
    if errors:
        raise invalid_arguments(*errors)
    return dict(view)


def _page(params: Params, items: list[dict[str, Any]]) -> dict[str, Any]:
    """One page of `items` by limit and cursor, with Slack's has_more and next_cursor; each message's metadata
    only with include_all_metadata (as Slack documents it, see ../shared/slack/spec-additions.json)."""
    start = int(str(params.get("cursor") or "offset:0").split(":")[-1])
    limit = int(params.get("limit") or 100)
    page = items[start : start + limit]
    if not _flag(params, "include_all_metadata"):
        page = [{key: value for key, value in message.items() if key != "metadata"} for message in page]
    has_more = start + limit < len(items)
    answer: dict[str, Any] = {"messages": copy.deepcopy(page), "has_more": has_more}
    answer["response_metadata"] = {"next_cursor": f"offset:{start + limit}" if has_more else ""}
    return answer


@_method("auth.test")
def auth_test(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Who the token belongs to."""
    return {
        "url": f"https://{ws.team_domain}.slack.com/",
        "team": ws.team_domain,
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


@_method("chat.postMessage")
def chat_post_message(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Post as the bot to a channel, a DM id, a user id (opens the DM) or "#name"."""
    channel = ws.resolve_channel(_text(params, "channel"))
    text, blocks, attachments = _content(params)
    metadata = _metadata(params)
    thread_ts = ws.thread_root(channel, _text(params, "thread_ts")) if params.get("thread_ts") else None
    message = ws.bot_message(text=text, blocks=blocks)
    if attachments:
        message["attachments"] = attachments
    if metadata:
        message["metadata"] = metadata
    if thread_ts:
        message["thread_ts"] = thread_ts
    stored = ws.append_message(channel, message)
    return {"channel": channel, "ts": stored["ts"], "message": stored}


@_method("chat.update")
def chat_update(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Edit a bot message; blocks and attachments not given are kept, as in Slack."""
    channel = ws.channel(_text(params, "channel"))["id"]
    message = ws.message(channel, _text(params, "ts"))
    if message.get("bot_id") != ws.bot_id:
        raise SlackApiFailure("cant_update_message")
    text, blocks, attachments = _content(params)
    metadata = _metadata(params)
    message["text"] = text
    if blocks is not None:
        message["blocks"] = ws.with_ids(blocks)
    if attachments is not None:
        message["attachments"] = attachments
    if metadata:
        message["metadata"] = metadata
    message["edited"] = {"user": ws.bot_user_id, "ts": ws.next_ts()}
    return {"channel": channel, "ts": message["ts"], "text": text, "message": copy.deepcopy(message)}


@_method("chat.delete")
def chat_delete(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Delete a bot message."""
    channel = ws.channel(_text(params, "channel"))["id"]
    message = ws.message(channel, _text(params, "ts"))
    if message.get("bot_id") != ws.bot_id:
        raise SlackApiFailure("cant_delete_message")
    ws.remove_message(channel, message["ts"])
    return {"channel": channel, "ts": message["ts"]}


@_method("chat.postEphemeral")
def chat_post_ephemeral(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Show a message to one user in a conversation."""
    user = ws.user(_text(params, "user"))["id"]
    channel = ws.resolve_channel(_text(params, "channel"))
    text, blocks, attachments = _content(params)
    message = ws.bot_message(text=text, blocks=blocks)
    message.update(channel=channel, is_ephemeral=True)
    if params.get("thread_ts"):
        message["thread_ts"] = _text(params, "thread_ts")
    if attachments:
        message["attachments"] = attachments
    ws.add_ephemeral(user, message)
    return {"message_ts": message["ts"]}


@_method("chat.getPermalink")
def chat_get_permalink(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A link to a message."""
    channel = ws.channel(_text(params, "channel"))["id"]
    message = ws.message(channel, _text(params, "message_ts"))
    link = f"https://{ws.team_domain}.slack.com/archives/{channel}/p{message['ts'].replace('.', '')}"
    if "thread_ts" in message and message["thread_ts"] != message["ts"]:
        link += f"?thread_ts={message['thread_ts']}&cid={channel}"
    return {"channel": channel, "permalink": link}


@_method("reactions.add")
def reactions_add(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Add the bot's emoji reaction to a message."""
    channel = ws.channel(_text(params, "channel"))["id"]
    message = ws.message(channel, _text(params, "timestamp"))
    name = _text(params, "name").strip(":")
    reactions = message.setdefault("reactions", [])
    reaction = next((r for r in reactions if r["name"] == name), None)
    if reaction is None:
        reaction = {"name": name, "users": [], "count": 0}
        reactions.append(reaction)
    if ws.bot_user_id in reaction["users"]:
        raise SlackApiFailure("already_reacted")
    reaction["users"].append(ws.bot_user_id)
    reaction["count"] += 1
    return {}


@_method("conversations.open")
def conversations_open(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Open (or find) the DM with one user; answers a stable "D…" id."""
    if params.get("channel"):
        return {"channel": copy.deepcopy(ws.channel(_text(params, "channel")))}
    users = [u.strip() for u in _text(params, "users").split(",") if u.strip()]
    if not users:
        raise SlackApiFailure("users_list_not_supplied")
    if len(users) > 1:
        raise SlackApiFailure("emulator_not_implemented", detail="group DMs (several users) are not emulated")
    ws.user(users[0])
    channel_id, existed = ws.open_dm(users[0])
    channel = ws.channel(channel_id)
    answer: dict[str, Any] = {"channel": copy.deepcopy(channel) if _flag(params, "return_im") else {"id": channel_id}}
    if existed:
        answer.update(no_op=True, already_open=True)
    return answer


@_method("conversations.info")
def conversations_info(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A channel's or DM's details."""
    return {"channel": copy.deepcopy(ws.channel(_text(params, "channel")))}


@_method("conversations.history")
def conversations_history(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Top-level messages, newest first, filtered by oldest/latest and paged by limit/cursor."""
    channel = ws.channel(_text(params, "channel"))["id"]
    oldest = float(params.get("oldest") or 0)
    latest = float(params.get("latest") or "inf")
    inclusive = _flag(params, "inclusive")
    found = [
        m
        for m in reversed(ws.messages(channel, include_replies=False))
        if (oldest <= float(m["ts"]) <= latest if inclusive else oldest < float(m["ts"]) < latest)
    ]
    return {**_page(params, found), "pin_count": 0}


@_method("conversations.replies")
def conversations_replies(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A thread, parent first."""
    channel = ws.channel(_text(params, "channel"))["id"]
    root = ws.thread_root(channel, _text(params, "ts"))
    return _page(params, ws.thread(channel, root))


@_method("users.info")
def users_info(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A member's profile; locale only with include_locale."""
    user = copy.deepcopy(ws.user(_text(params, "user")))
    if not _flag(params, "include_locale"):
        user.pop("locale", None)
    return {"user": user}


@_method("users.lookupByEmail")
def users_lookup_by_email(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A member found by email."""
    user = copy.deepcopy(ws.user_by_email(_text(params, "email")))
    user.pop("locale", None)
    return {"user": user}


@_method("views.open")
def views_open(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Open a modal for the user whose click or command produced the trigger_id."""
    view = _view(params, kind="modal")
    trigger_id = _text(params, "trigger_id")
    trigger = ws.use_trigger(trigger_id)
    return {"view": ws.store_view(view, user=trigger["user"], trigger_id=trigger_id)}


@_method("views.push")
def views_push(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Push a modal on top of the user's current one."""
    view = _view(params, kind="modal")
    trigger_id = _text(params, "trigger_id")
    trigger = ws.use_trigger(trigger_id)
    current = [
        view_id
        for view_id, record in ws.views.items()
        if record["user"] == trigger["user"] and record["view"]["type"] == "modal"
    ]
    previous = current[-1] if current else None
    stored = ws.store_view(view, user=trigger["user"], trigger_id=trigger_id, previous_view_id=previous)
    return {"view": stored}


@_method("views.update")
def views_update(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Replace a view found by view_id or external_id (hash-checked when a hash is given)."""
    view_id, external_id = _text(params, "view_id"), _text(params, "external_id")
    if not view_id and not external_id:
        raise invalid_arguments("view_id or external_id is required")
    records = ws.views
    matches = [
        r["view"]
        for r in records.values()
        if (view_id and r["view"]["id"] == view_id) or (external_id and r["view"]["external_id"] == external_id)
    ]
    if not matches:
        raise SlackApiFailure("not_found")
    current = matches[-1]
    if params.get("hash") and params["hash"] != current["hash"]:
        raise SlackApiFailure("hash_conflict")
    view = _view(params, kind=current["type"])
    return {"view": ws.store_view(view, user=records[current["id"]]["user"], replacing=current)}


@_method("views.publish")
def views_publish(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Publish a user's Home tab."""
    user = ws.user(_text(params, "user_id"))["id"]
    view = _view(params, kind="home")
    current = ws.home_tab(user)
    if current and params.get("hash") and params["hash"] != current["hash"]:
        raise SlackApiFailure("hash_conflict")
    return {"view": ws.publish_home(user, view)}


# ---- files (tests/fakes/slack_files.py keeps them) ----------------------------------------------------------


@_method("files.info")
def files_info(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """A file's object (``file``), as the bot may see it."""
    return {"file": ws.files.info(_text(params, "file")), "comments": [], "response_metadata": {"next_cursor": ""}}


@_method("files.getUploadURLExternal")
def files_get_upload_url_external(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Step 1 of an upload: where to POST the bytes, and the file's id."""
    return ws.files.start_upload(_text(params, "filename"), _text(params, "length"))


@_method("files.completeUploadExternal")
def files_complete_upload_external(ws: SlackWorkspace, params: Params) -> dict[str, Any]:
    """Step 3: the uploaded files become real files, shared in ``channel_id`` (in ``thread_ts``) when given."""
    done = ws.files.complete(params.get("files"), ws.bot_user_id)
    channel = _text(params, "channel_id")
    if channel:
        channel = ws.resolve_channel(channel)
        message = ws.bot_message(text=_text(params, "initial_comment"), blocks=None)
        message.update(files=done, upload=True)
        if params.get("thread_ts"):
            message["thread_ts"] = ws.thread_root(channel, _text(params, "thread_ts"))
        ws.append_message(channel, message)
    return {"files": [{"id": f["id"], "title": f["title"]} for f in done]}
