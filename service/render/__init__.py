"""Rendering of the fiche sujet: export to Word and PDF in the official layout, import of official forms."""
