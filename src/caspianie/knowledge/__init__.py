"""Knowledge as data: loading and validating the pattern files and the gazetteer under ``patterns/``."""
