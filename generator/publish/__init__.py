"""Publish: write rendered bytes atomically, then the report and the manifest."""
