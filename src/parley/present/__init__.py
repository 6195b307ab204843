"""Presentation without a terminal: what each pane lists, the new-record form's fields
and checks, the back/forward history.

May import ``parley.dossier`` and ``parley.files``; never ``parley.ui`` or ``textual``.
"""
