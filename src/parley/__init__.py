"""parley: browse and keep negotiation dossiers kept as TOML files."""

__version__ = "0.1.0"
