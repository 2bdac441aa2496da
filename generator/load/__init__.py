"""Load: the project's files -> typed, validated content (the first stage).

Content (FAQs, issues, stats, hours) from YAML and the other sources in ``sources/``,
the config (``selfserve.yaml``), platform presets (``platforms``), themes, designs
(``design/``), audio and the markup vocabulary. Every problem is a located
:class:`~generator.errors.Problem`; nothing here knows how anything is drawn.
"""
