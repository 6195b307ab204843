"""Files parley writes or hands on: atomic writes, new records and reports, schemas,
templates, the editor launch, the log.

May import ``parley.dossier``; never ``parley.present``, ``parley.ui`` or ``textual``.
"""
