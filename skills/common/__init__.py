"""Helpers shared by every skill: deterministic slot extractors live in ``skills.common.extract``."""
