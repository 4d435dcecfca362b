"""Whole public pages cached for anonymous visitors, each refreshed when what it showed changes.

A reusable app: it imports nothing of the project. Views opt in with
``pagecache.decorators.cache_public_page``; models whose rows a public page may show opt in
by inheriting ``pagecache.content.ShownOnPublicPages``. While a page renders, what it reads
is recorded (``recording``, ``queries``); a committed change to a shown row refreshes the
pages that read it (``changes``, ``invalidation``), re-made in the background by the worker
(``tasks``, ``rerender``) so that visitors keep being served from the cache (``middleware``,
``store``).
"""
