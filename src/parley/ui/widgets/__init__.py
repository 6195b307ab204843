"""Widgets the screens share: the line-API row list and the key bar."""
