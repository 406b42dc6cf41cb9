"""The formats (fdap/1, fiche-sujet/1), their decoding, and the rules of the domain."""
