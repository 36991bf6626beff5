"""The application model: what an application is configured to do, read from the same parsed trees as the rules
(``settings.py``: the app's own settings as data). Configuration rules in ``rules/`` read it, never re-derive it."""
