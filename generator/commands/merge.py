"""``selfserve merge``: combine ``build --shard I/N`` outputs from CI runners."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli import CONTEXT, cli
from generator.outcome import emit


@cli.command(context_settings=CONTEXT)
@click.argument("folders", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to merge into.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
def merge(folders: tuple[Path, ...], out_dir: Path, as_json: bool) -> None:
    """Merge shard output folders into one folder with one manifest.

    \b
    Checks that every shard is present once, nothing was rendered twice and every
    file matches its hash. Example (after four CI runners built --shard 1/4..4/4):
      selfserve merge shard-1 shard-2 shard-3 shard-4 --out public/
    """
    from generator.publish.merge import merge as run_merge

    result = run_merge(list(folders), out_dir.resolve())
    if as_json:
        emit("merge", result)
    else:
        click.echo(f"Merged {result['shards']} shards: {result['files']} files in {out_dir}.")
