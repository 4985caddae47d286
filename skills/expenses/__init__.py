"""Expenses skill."""
