"""Offline natural-language understanding: language detection, intent routing, slots and evaluation."""
