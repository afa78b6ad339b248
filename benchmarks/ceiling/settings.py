"""Production settings, with a URLconf that adds the minimal view (``/bench/ceiling/``)."""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "benchmarks.ceiling.urls"
