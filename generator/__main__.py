"""``python -m generator`` runs the same CLI as the ``selfserve`` command."""

from generator.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
