from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Pages of 20 rows, or of ``page_size`` rows up to 100: any page costs the same queries."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response_schema(self, schema):
        # In OpenAPI 3.1's words: "null" is a type ("nullable" is OpenAPI 3.0's).
        described = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            described["properties"][link] = {"type": ["string", "null"], "format": "uri"}
        return described
