"""The package version: read by the build (pyproject's [tool.hatch.version]), by
``indoru --version``, and by the glossary cache's fingerprint (an upgrade never serves a
cache built by another version)."""

__version__ = "0.1.0"
