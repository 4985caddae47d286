from typing import Any

from bot.slack.safe_text import neutralise, neutralise_blocks


def test_people_s_words_cannot_notify_mention_or_link():
    assert neutralise("hey <!channel> ask <@U123> at <https://evil.example|payroll>") == (
        "hey &lt;!channel> ask &lt;@U123> at &lt;https://evil.example|payroll>"
    )
    assert neutralise("a & b > c") == "a & b > c"  # quotes ("> ") and ampersands keep working


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
