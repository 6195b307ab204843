"""The Textual app: the app, its screens and widgets, the action table, messages, rendering.

May import every layer below (``parley.dossier``, ``parley.files``, ``parley.present``)
and ``textual``; nothing below imports it. It asks the index; it never parses files itself.
"""
