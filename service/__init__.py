"""fichesujet: aide à la rédaction des fiches sujets de l'épreuve E4 du BTS NDRC."""

__version__ = "0.1.0"
