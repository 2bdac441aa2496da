"""Plan: expand content x designs x platforms into render jobs, each with a cache key."""
