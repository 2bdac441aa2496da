"""Designs as data: the layer model (``model``) and the reader of built-in and project
design files (``loader``). Drawing them is :mod:`generator.render.design.engine`'s job."""
