from typing import Any

from bot.slack.safe_text import neutralise, neutralise_blocks
from skills.i18n import people_words, translate


def test_people_s_words_cannot_notify_mention_or_link():
    assert neutralise("hey <!channel> ask <@U123> at <https://evil.example|payroll>") == (
        "hey &lt;!channel> ask &lt;@U123> at &lt;https://evil.example|payroll>"
    )
    assert neutralise("a & b > c &lt;x>") == "a &amp; b > c &lt;x>"  # the bot's own quotes ("> ") keep working


def test_people_s_words_cannot_pass_for_the_bot_s():
    said = neutralise("Reason: " + people_words("*Approved by CEO* _ok_ ~no~ `x`\n> HR: fine <!here>"))
    assert "*Approved" not in said and "_ok_" not in said and "\n>" not in said and "<!" not in said
    assert said.startswith("Reason: \u2068\u2217Approved by CEO\u2217")
    assert neutralise("*bold* of the bot's own") == "*bold* of the bot's own"


def test_the_catalog_quotes_the_placeholders_that_hold_people_s_words():
    assert translate("en", "leave.notify.reason", reason="*x*") == "Reason: \u2068*x*\u2069"


def test_only_mrkdwn_text_objects_change_and_the_original_is_kept():
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Question <#1>"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*From* <!here>"}, "fields": [
            {"type": "mrkdwn", "text": "<@U1>"}, {"type": "plain_text", "text": "<@U2>"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "<!everyone>"}]},
    ]  # fmt: skip
    safe = neutralise_blocks(blocks)
    assert safe[0]["text"]["text"] == "Question <#1>"
    assert safe[1]["text"]["text"] == "*From* &lt;!here>"
    assert [field["text"] for field in safe[1]["fields"]] == ["&lt;@U1>", "<@U2>"]
    assert safe[2]["elements"][0]["text"] == "&lt;!everyone>"
    assert blocks[1]["text"]["text"] == "*From* <!here>"
    assert neutralise_blocks(None) is None
