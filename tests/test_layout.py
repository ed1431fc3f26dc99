"""benchmarks/ and training/ are packages run as `python -m benchmarks.NAME` from the repository root:
they import each other's public names, never edit sys.path and never reach for another module's private names."""
import importlib
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODULES = sorted(f"{path.parent.name}.{path.stem}" for folder in ("benchmarks", "training")
                 for path in (REPO / folder).glob("*.py") if path.stem != "__init__")
_PRIVATE_IMPORT = re.compile(r"^\s*from (?:benchmarks|training|newsmill)\S* import [^\n]*\b_[A-Za-z]", re.M)


@pytest.mark.parametrize("name", MODULES)
def test_module_imports_as_part_of_its_package(name):
    source = (REPO / (name.replace(".", "/") + ".py")).read_text(encoding="utf-8")
    assert "sys.path.insert" not in source and "sys.path.append" not in source
    assert not _PRIVATE_IMPORT.search(source)
    if name.startswith("training."):
        pytest.importorskip("sklearn")   # the train extra
    importlib.import_module(name)
