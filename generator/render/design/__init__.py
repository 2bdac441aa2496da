"""The design engine: a loaded design's layers drawn onto a card."""
