from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
DOSSIERS = ROOT / "dossiers"


@pytest.fixture
def broken() -> Path:
    return FIXTURES / "broken"
