"""Terminal front end: the same core as Slack, with buttons shown as numbered choices."""
