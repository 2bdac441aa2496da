"""``selfserve serve``: placeholder until the live preview lands."""
