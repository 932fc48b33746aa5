"""Parley: an open knowledge graph of the 2025 Russia-Ukraine direct talks in Istanbul."""

__version__ = "0.1.0"
