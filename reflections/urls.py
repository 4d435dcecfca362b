from django.urls import path

from .views import (
    ReflectionView,
    RequestLinkView,
    WithdrawView,
    limit_form_posts,
    limit_link_requests,
    private,
)

app_name = "reflections"


def guarded(view):
    return private(limit_form_posts(view))


urlpatterns = [
    path(
        "",
        private(limit_link_requests(RequestLinkView.as_view())),
        name="request_link",
    ),
    path("<str:token>/", guarded(ReflectionView.as_view()), name="reflect"),
    path("<str:token>/withdraw/", guarded(WithdrawView.as_view()), name="withdraw"),
]
