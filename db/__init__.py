"""Shared database: the declarative Base, engine and sessions, shared tables and migrations."""
