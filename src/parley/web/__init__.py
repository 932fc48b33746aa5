"""The web layer: the only part of Parley that imports FastAPI."""
