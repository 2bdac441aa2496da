"""``selfserve reply``: find the FAQ or issue that answers a customer's message, and
hand an agent a card, a reply text and alt text for the platform they answer on.

Modules: ``search`` (ranked, typo-tolerant retrieval over the loaded content),
``answer`` (one card from the build output or rendered on demand, the reply text).
"""
