"""The shop's HTTP endpoints, one blueprint per area."""
