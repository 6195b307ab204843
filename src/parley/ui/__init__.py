"""The Textual user interface. Everything under here asks the index; nothing loads files."""
