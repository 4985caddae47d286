"""Leave skill."""
