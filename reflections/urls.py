from django.urls import path

from .views import (
    ReflectionView,
    RequestLinkView,
    WithdrawView,
    limit_link_requests,
    limit_links_per_email,
    limit_posts_per_ip,
    limit_posts_per_link,
    private,
)

app_name = "reflections"


def guarded(view):
    return private(limit_posts_per_ip(limit_posts_per_link(view)))


urlpatterns = [
    path(
        "",
        private(limit_link_requests(limit_links_per_email(RequestLinkView.as_view()))),
        name="request_link",
    ),
    path("<str:token>/", guarded(ReflectionView.as_view()), name="reflect"),
    path("<str:token>/withdraw/", guarded(WithdrawView.as_view()), name="withdraw"),
]
