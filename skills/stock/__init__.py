"""Stock skill."""
