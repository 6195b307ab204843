"""What leaves parley: citations, briefs and exports in the formats other tools read.

Each format is built with its own encoder (JSON through ``json``, Markdown with
Markdown escaping) and keeps a record's text exact; the terminal's safe-text
function is not for these. May import ``parley.dossier``, ``parley.files`` and
``parley.present``; never ``parley.ui`` or ``textual``.
"""
