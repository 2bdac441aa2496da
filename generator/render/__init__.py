"""Render: one job -> bytes in memory (cards, charts, slides, PDFs, video), and the
lint findings about them. Renderers read only their job and its context; writing files
is publish's job."""
