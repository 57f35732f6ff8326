"""Shared test configuration: Hypothesis profiles and paths to the bundled reports."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "examples" / "reports"
DATA = Path(__file__).resolve().parent / "data"

# CI runs the "ci" profile: derandomized, so a run is reproducible from the commit alone.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
