"""CLI commands beyond the core five; each module registers itself on ``generator.cli.cli``."""
