"""selfserve: turn support answers into platform-ready visual content.

The package folders follow the pipeline, and imports run one way along it (the
contract in pyproject.toml, checked by tests/test_architecture.py):

- ``load``: the project's files -> typed content, config, presets, designs;
- ``plan``: content x platforms -> render jobs with derived keys;
- ``render``: a job -> bytes in memory;
- ``kinds``: one module per asset kind, joining its planner and renderer;
- ``publish``: bytes -> files, manifest, captions, gallery, in one transaction;
- ``schedule``: the weekly posting plan and scheduler exports, from the manifest;
- ``reply``: the card for a customer's message, through the same build steps;
- ``i18n``: locales, words and formatting, a leaf every stage may use;
- ``cli`` and ``commands``: the click front end.

Below them all sit ``errors`` (the one user-facing error type), ``paths`` (reads confined
to the project), ``environment``, ``icons`` and ``terminal``.
"""

__version__ = "0.1.0"
