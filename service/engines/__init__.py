"""Engines turn an FDAP into proposals of fiches sujets: offline (default) or language model."""
