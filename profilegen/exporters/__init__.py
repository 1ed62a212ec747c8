"""Exports of the Profile to other formats."""
