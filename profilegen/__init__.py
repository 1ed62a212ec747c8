"""profilegen: a static-site generator for a multilayered professional profile."""

__version__ = "0.1.0"
