"""A project's background audio, mixed at render (it was probed at load by
:func:`generator.load.audio.probe_audio`).

``audio_samples`` decodes just the seconds a video needs, resampled to 48 kHz stereo
float, looped when the track is shorter than the video, with a fade in and a longer fade
out.
"""

from __future__ import annotations

from pathlib import Path

from generator.load.audio import AudioError

SAMPLE_RATE = 48_000
FADE_IN = 0.5
FADE_OUT = 1.5


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
