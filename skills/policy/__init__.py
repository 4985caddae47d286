"""Policy skill."""
