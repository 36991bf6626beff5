"""Re-exports the order queries, as labs often do with a star import."""

from orderdb import *
