"""selfserve: turn support answers into platform-ready visual content.

The package folders follow the pipeline: ``load`` (YAML -> typed content),
``plan`` (content x platforms -> render jobs), ``render`` (job -> bytes) and
``publish`` (bytes -> files, manifest). ``kinds`` registers one asset kind per
module; ``cli`` is the thin click front end.
"""

__version__ = "0.1.0"
