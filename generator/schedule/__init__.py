"""Schedule: after publish, what to post when. The weekly plan (``week``) and the
files schedulers import (``exports``: Buffer, Hootsuite, ...), read from the manifest."""
