"""The compiled build's extensions (tools/build_backend/iacfix_build.py); everything else is in pyproject.toml."""

import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).parent / "tools" / "build_backend"))
from iacfix_build import build_options, extensions

setup(ext_modules=extensions(), options=build_options())
