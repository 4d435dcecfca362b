def page(request):
    """The page's canonical address, and the section of the site it belongs to (for the menu).

    The canonical address is the path, with the page number of a paginated list.
    """
    url = request.build_absolute_uri(request.path)
    number = request.GET.get("page")
    if number and number.isdigit() and number != "1":
        url += f"?page={number}"
    match = request.resolver_match
    section = (match.namespace or match.url_name) if match else ""
    return {"canonical_url": url, "section": section}
