"""Maintenance skill."""
