"""Frames to MP4 bytes through PyAV, with settings fixed so the same frames give the
same bytes on every build.

What makes the bytes repeatable: x264 on one thread with every option written down
(no scene-cut keyframes, no B-frames, a keyframe every 2 s), the FFmpeg ``bitexact``
flags (no library version strings), no ``creation_time`` and no edit list (Instagram
refuses edit lists), and the moov atom moved to the front (``faststart``) so a
phone starts playing before the download ends.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from av.audio.stream import AudioStream
    from av.video.stream import VideoStream

FPS = 30


@dataclass(frozen=True)
class EncoderSettings:
    """Everything that shapes the bytes (part of every video's job key)."""

    codec: str = "libx264"
    pix_fmt: str = "yuv420p"
    fps: int = FPS
    crf: int = 20
    preset: str = "superfast"  # 2/3 of veryfast's time for ~6% more bytes on still scenes
    profile: str = "high"
    keyframe_seconds: int = 2
    threads: int = 1
    tune: str = "stillimage"
    audio_codec: str = "aac"
    audio_rate: int = 48_000
    audio_bitrate: int = 128_000

    def x264_params(self) -> str:
        gop = self.fps * self.keyframe_seconds
        return (f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:open-gop=0:"
                f"threads={self.threads}:sliced-threads=0:lookahead-threads=1")


SETTINGS = EncoderSettings()


@lru_cache(maxsize=1)
def library_versions() -> dict[str, str]:
    """PyAV's version names the FFmpeg and x264 it bundles; numpy and Pillow shape the
    frames. All are part of the job key: an upgrade re-encodes."""
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("av", "numpy", "pillow"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = ""
    return out


def rgb_to_yuv(image: Any):  # noqa: ANN401 - PIL image in, numpy array out
    """A PIL RGB image as one yuv420p plane array (BT.709, limited range), the form every
    frame is composited in: a crossfade in YUV is the same blend as in (gamma) RGB."""
    import av
    from av.video.reformatter import ColorRange, Colorspace, Interpolation

    frame = av.VideoFrame.from_image(image.convert("RGB"))
    yuv = frame.reformat(format="yuv420p", dst_colorspace=Colorspace.ITU709,
                         dst_color_range=ColorRange.MPEG,
                         interpolation=Interpolation.BICUBIC | Interpolation.ACCURATE_RND
                         | Interpolation.BITEXACT, threads=1)
    return yuv.to_ndarray()


def encode_mp4(frames: Iterable[Any], audio: Any, settings: EncoderSettings = SETTINGS,
               *, width: int, height: int, title: str = "") -> bytes:
    """``frames``: yuv420p arrays (the same object repeated for a still: it is wrapped
    once). ``audio``: (2, n) float32 samples at ``settings.audio_rate``, or None for no
    audio track. Returns the MP4's bytes."""
    import av

    with tempfile.TemporaryDirectory(prefix="selfserve-video-") as tmp:
        path = Path(tmp) / "video.mp4"
        # faststart rewrites the file after encoding: it needs a real, seekable file.
        with av.open(str(path), "w", format="mp4",
                     options={"movflags": "+faststart", "use_editlist": "0", "fflags": "+bitexact"},
                     container_options={"fflags": "+bitexact"}) as out:
            out.metadata.clear()
            if title:
                out.metadata["title"] = title[:200]
            # add_stream's type is a union of every stream kind; the codec names a video one.
            v = cast("VideoStream", out.add_stream(settings.codec, rate=settings.fps, options={
                "crf": str(settings.crf), "preset": settings.preset, "profile": settings.profile,
                "tune": settings.tune, "x264-params": settings.x264_params(),
                "flags": "+bitexact", "threads": str(settings.threads)}))
            v.width, v.height, v.pix_fmt = width, height, settings.pix_fmt
            v.codec_context.time_base = Fraction(1, settings.fps)
            v.codec_context.colorspace = 1  # BT.709, as the frames were converted
            v.codec_context.color_primaries = 1
            v.codec_context.color_trc = 1
            v.codec_context.color_range = 1  # limited (MPEG)
            v.thread_count = settings.threads
            a = None
            if audio is not None:
                a = cast("AudioStream", out.add_stream(settings.audio_codec, rate=settings.audio_rate,
                                                       options={"flags": "+bitexact"}))
                a.layout = "stereo"
                a.bit_rate = settings.audio_bitrate
            n = 0
            for frame in _video_frames(frames):
                frame.pts = n
                n += 1
                for pkt in v.encode(frame):
                    out.mux(pkt)
            for pkt in v.encode(None):
                out.mux(pkt)
            if a is not None:
                _encode_audio(out, a, audio, settings)
        return path.read_bytes()


def _video_frames(arrays: Iterable[Any]) -> Iterator[Any]:
    import av

    last_id = None
    last = None
    for arr in arrays:
        if arr is not last_id:
            last = av.VideoFrame.from_ndarray(arr, format="yuv420p")
            last.colorspace = 1
            last.color_range = 1
            last_id = arr
        yield last


def _encode_audio(out: Any, stream: Any, samples: Any, settings: EncoderSettings) -> None:
    import av
    import numpy as np

    size = stream.codec_context.frame_size or 1024
    total = samples.shape[1]
    for start in range(0, total, size):
        chunk = np.ascontiguousarray(samples[:, start: start + size])
        frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout="stereo")
        frame.sample_rate = settings.audio_rate
        frame.pts = start
        frame.time_base = Fraction(1, settings.audio_rate)
        for pkt in stream.encode(frame):
            out.mux(pkt)
    for pkt in stream.encode(None):
        out.mux(pkt)


def settings_key(settings: EncoderSettings = SETTINGS) -> dict[str, Any]:
    return {**dataclasses.asdict(settings), "libraries": library_versions()}
