"""Plan: content x platforms -> render jobs, each keyed by a hash of every input.

``jobs`` (the job contract and its keys), ``looks`` (a card's category look) and
``rotation`` (the order items take turns, shared with the weekly schedule)."""
