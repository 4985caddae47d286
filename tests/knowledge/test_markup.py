"""Markdown noise removed before splitting: template tags, link targets, HTML, escapes and emphasis; words kept."""

from __future__ import annotations

from knowledge.markup import clean_markdown


def test_links_keep_their_text_and_lose_their_targets_even_across_lines() -> None:
    text = 'Check [out of office\nexpectations]({% page "travel-and-leave/going-out-of-office/" %}) and [OPM](https://opm.gov/a_(b)).'
    assert clean_markdown(text) == "Check out of office\nexpectations and OPM.\n"


def test_template_tags_go_and_a_slack_channel_becomes_its_name() -> None:
    text = (
        '{% alert %}\n  Use this <a href="https://x.example">leave chart</a>.\n{% endalert %}\n\n'
        '{% include "step-indicator.html"\nsteps: travel-steps.steps\n%}\n\n* {% slack_channel "parents" %}\n'
        '{% image "_img/x.png" "alt" %}\n'
    )
    assert clean_markdown(text) == "Use this leave chart.\n\n* #parents\n"


def test_escapes_emphasis_code_autolinks_and_html_comments_are_unwrapped() -> None:
    text = (
        "<!-- prettier-ignore -->\nExpired leave cannot be recovered \\- **please** check _every_ balance.\\\n"
        "Use `T-TECH TRANSFORMATION SERVICE` or email <mailto:a@b.gov>, 182 \\+ 154 \\= 336.<br/>Done"
    )
    assert clean_markdown(text) == (
        "Expired leave cannot be recovered - please check every balance.\n"
        "Use T-TECH TRANSFORMATION SERVICE or email mailto:a@b.gov, 182 + 154 = 336. Done\n"
    )


def test_headings_bullets_and_table_rows_keep_their_shape() -> None:
    text = "## Reporting [Phishing](https://x)\n\n- **Hotels**, charged to your card\n\n| City | Cap |\n|---|---|\n| [Chicago](/c) | $5 |\n"
    assert clean_markdown(text) == (
        "## Reporting Phishing\n\n- Hotels, charged to your card\n\n| City | Cap |\n|---|---|\n| Chicago | $5 |\n"
    )


def test_snake_case_and_bullet_stars_are_not_emphasis() -> None:
    text = "* one_two_three and a * b * c\n"
    assert clean_markdown(text) == "* one_two_three and a * b * c\n"


def test_a_reference_link_whose_text_wraps_onto_the_next_line_keeps_only_its_text() -> None:
    text = "or, for supervisors, [professional liability\ninsurance][professional-liability-insurance].\n"
    assert clean_markdown(text) == "or, for supervisors, professional liability\ninsurance.\n"
    assert clean_markdown("[one]\n\n[two][x]\n") == "[one]\n\ntwo\n"  # never across a blank line
