"""Short vertical video: scenes drawn once as images, composited into frames, encoded.

In: scene images (drawn by the card engine, one per slide or FAQ page) with their
timings. Out: MP4 bytes (H.264, yuv420p, 30 fps, moov first), a WebVTT file and a
cover image. ``timing`` turns text into seconds, ``frames`` turns scenes into
frames, ``encode`` turns frames into bytes through PyAV (its wheels bring FFmpeg and
x264, so no system ffmpeg is needed), ``audio`` reads a project's background track,
``vtt`` writes the captions file.
"""
