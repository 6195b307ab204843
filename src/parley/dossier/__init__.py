"""The dossier: records, problems, reading a folder, checking, the index, search.

Plain Python: imports only the standard library and third-party data libraries
(pydantic, rtoml, rapidfuzz, anyascii); never ``parley.files``, ``parley.present``,
``parley.ui`` or ``textual``, and it writes nothing.
"""
