"""Hostile-input tests: hypothesis profiles and shared helpers.

`HYPOTHESIS_PROFILE=fuzz` (make fuzz) runs thousands of cases per property;
the default profile keeps `make test` quick."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
