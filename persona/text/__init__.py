"""The text layer: pure, offset-exact string functions, Arabic first.

* :mod:`persona.text.normalize` — folding (the matching form) and the way back
  to original offsets.
* :mod:`persona.text.matcher` — one-pass multi-term matching with Arabic
  proclitics (:class:`~persona.text.matcher.TermMatcher`).
* :mod:`persona.text.tokens` — links, phone numbers, handles, hashtags, emoji,
  sentences, clauses, words, exclamation marks.
* :mod:`persona.text.links` — links as X makes them (twitter-text's rules, the one
  finder every rule and the X count use), and verification by prefix.
* :mod:`persona.text.xcount` — post length as X (twitter-text v3) and other
  channels count it.

Nothing is imported here: each module is imported where it is needed.
"""
