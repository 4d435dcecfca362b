"""The good-practices compendium: the public findings as a PDF book in each language
(``book``), built once per content version and kept in the cache (``store``), served at
``/good-practices/compendium.pdf`` (``views``) and built again by the worker after content
changes (``tasks``)."""
