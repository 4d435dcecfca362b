"""How a model says that its rows appear on public pages."""


class ShownOnPublicPages:
    """Inherit this on a model whose rows a public page may show.

    Saving or deleting a row, or changing its many-to-many links, then refreshes the cached
    pages that read it, once the transaction commits (``pagecache.changes``). A model whose
    rows are public only in some states overrides ``affects_public_pages`` (a reflection, say,
    is public only once approved): a change to a row that is not public, and was not as
    loaded, refreshes nothing.
    """

    @property
    def affects_public_pages(self) -> bool:
        return True
