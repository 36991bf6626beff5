"""pillarscan: a security code reviewer for Python, reporting pillar by pillar over the CWE-1000 research view."""

__version__ = "0.2.0"
