"""Slack transport and composition root: settings, app factory, listeners, middleware, dialogue, CLI."""
