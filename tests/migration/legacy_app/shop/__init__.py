"""The shop: its own declarative base and metadata."""
