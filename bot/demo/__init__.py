"""The embedded demo: a seeded company and a scripted tour."""
