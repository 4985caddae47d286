"""Slack transport: the Bolt app, its middleware and listeners, and how replies become Slack calls."""
