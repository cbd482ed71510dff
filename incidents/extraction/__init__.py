"""Extraction pipeline: plain Python (no Django), text and a gazetteer index in, dataclasses out."""
