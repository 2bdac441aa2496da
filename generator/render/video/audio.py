"""A project's background audio, read through PyAV: probed at load, mixed at render.

``probe_audio`` reads only the container header (a 2-hour file costs what a
10-second one does) and refuses a file with no audio stream. ``audio_samples``
decodes just the seconds a video needs, resampled to 48 kHz stereo float, looped
when the track is shorter than the video, with a fade in and a longer fade out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLE_RATE = 48_000
FADE_IN = 0.5
FADE_OUT = 1.5


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


def audio_samples(path: Path, seconds: float, volume: float):  # noqa: ANN201 - numpy array
    """(2, n) float32 samples at 48 kHz for ``seconds``: trimmed (or looped), faded."""
    import av
    import numpy as np

    need = int(round(seconds * SAMPLE_RATE))
    chunks: list[np.ndarray] = []
    have = 0
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=SAMPLE_RATE)
    try:
        with av.open(str(path), metadata_errors="ignore") as c:
            stream = c.streams.audio[0]
            for frame in c.decode(stream):
                for out in resampler.resample(frame):
                    arr = out.to_ndarray()
                    chunks.append(arr)
                    have += arr.shape[1]
                if have >= need:
                    break
            if have < need:
                for out in resampler.resample(None):
                    arr = out.to_ndarray()
                    chunks.append(arr)
                    have += arr.shape[1]
    except (av.error.FFmpegError, OSError, IndexError, ValueError) as exc:
        raise AudioError(f"could not be decoded ({type(exc).__name__})") from None
    if not have:
        raise AudioError("has no audio samples in it")
    track = np.concatenate(chunks, axis=1).astype(np.float32)
    if track.shape[1] < need:  # shorter than the video: play it again
        reps = -(-need // track.shape[1])
        track = np.tile(track, (1, reps))
    track = track[:, :need] * np.float32(volume)
    fade_in = min(need, int(FADE_IN * SAMPLE_RATE))
    fade_out = min(need, int(FADE_OUT * SAMPLE_RATE))
    if fade_in:
        track[:, :fade_in] *= np.linspace(0.0, 1.0, fade_in, dtype=np.float32)
    if fade_out:
        track[:, need - fade_out:] *= np.linspace(1.0, 0.0, fade_out, dtype=np.float32)
    return np.ascontiguousarray(np.clip(track, -1.0, 1.0))
