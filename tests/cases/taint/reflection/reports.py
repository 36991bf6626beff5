"""Report builders, looked up by name from getattr_untrusted_name.py."""


def monthly():
    return "monthly"
