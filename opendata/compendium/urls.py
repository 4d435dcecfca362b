from django.urls import include, path

from .views import CompendiumView

# In each language, beside the good-practices page (pages.urls), which it does not shadow.
urlpatterns = [
    path(
        "good-practices/",
        include(([path("compendium.pdf", CompendiumView.as_view(), name="pdf")], "compendium")),
    ),
]
