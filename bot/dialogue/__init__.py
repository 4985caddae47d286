"""Multi-turn dialogue: ask for missing slots, take corrections, and confirm every write before it happens."""
