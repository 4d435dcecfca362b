"""Whole public pages cached for anonymous visitors, all invalidated at once by one version.

A reusable app: it imports nothing of the project. Views opt in with
``pagecache.decorators.cache_public_page``; models whose rows a public page may show opt in
by inheriting ``pagecache.content.ShownOnPublicPages``, and every save or delete of them (or
change of their many-to-many links) refreshes every cached page.
"""
