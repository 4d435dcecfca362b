from django.shortcuts import render

RETRY_AFTER_SECONDS = 60


def too_many_requests(request, exception=None):
    """django-ratelimit's answer when a limit is reached: a clear page, status 429."""
    response = render(request, "429.html", {"retry_after": RETRY_AFTER_SECONDS}, status=429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
