"""A project's background audio, checked at load through PyAV.

``probe_audio`` reads only the container header (a 2-hour file costs what a 10-second
one does) and refuses a file with no audio stream, so a bad ``video.audio`` is a
located error from ``validate`` rather than a failure halfway through a render.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class AudioError(Exception):
    """The file cannot serve as background audio; the message says why."""


@dataclass(frozen=True)
class AudioInfo:
    codec: str
    seconds: float | None
    sample_rate: int
    channels: int


def probe_audio(path: Path) -> AudioInfo:
    import av

    try:
        with av.open(str(path), metadata_errors="ignore") as c:
            streams = c.streams.audio
            if not streams:
                raise AudioError("has no audio in it; use an MP3, M4A, WAV, OGG or FLAC file")
            s = streams[0]
            seconds = None
            if s.duration is not None and s.time_base is not None:
                seconds = float(s.duration * s.time_base)
            elif c.duration is not None:
                seconds = c.duration / 1_000_000
            return AudioInfo(s.codec_context.name, seconds, s.codec_context.sample_rate or 0,
                             s.codec_context.channels or 0)
    except AudioError:
        raise
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise AudioError("is not an audio file PyAV can read; use an MP3, M4A, WAV, OGG or FLAC "
                         f"file ({type(exc).__name__})") from None
