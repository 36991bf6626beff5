"""Rules for this pillar (to be written)."""
