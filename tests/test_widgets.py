"""The lists' drop-down filters, written out in Python, render what Django's templates do."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy

from actions.filters import ActionFilter
from actions.models import Region
from core.widgets import Select
from findings.filters import FindingFilter

CHOICES = [
    ("", "All <kinds>"),
    ("a&b", "Research & “training”"),
    (1, gettext_lazy("Country")),
    (None, "none"),
    ("x", "X"),
    ("x", "X again"),  # only the first of two equal values is selected, as in Django
]


@pytest.mark.parametrize("value", [None, "", "a&b", "1", 1, "x", ["x"], "unknown"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_kind", "class": "form-select"}, {"required": True, "lang": False}]
)
def test_the_select_renders_what_djangos_does(value, attrs):
    django = forms.Select(choices=CHOICES).render("kind", value, attrs)
    assert Select(choices=CHOICES).render("kind", value, attrs) == django


def test_groups_and_several_values_are_left_to_django():
    groups = [("Europe", [("fr", "France"), ("es", "Spain")]), ("th", "Thailand")]
    assert Select(choices=groups).render("c", "es") == forms.Select(choices=groups).render(
        "c", "es"
    )
    several = forms.SelectMultiple(choices=CHOICES).render("k", ["x", "1"])
    widget = type("Several", (Select,), {"allow_multiple_selected": True})(choices=CHOICES)
    assert widget.render("k", ["x", "1"]) == several


@pytest.mark.django_db
def test_a_models_choices_are_read_once(demo):
    field = forms.ModelChoiceField(Region.objects.all(), widget=Select, to_field_name="slug")
    with CaptureQueriesContext(connection) as context:
        html = field.widget.render("region", "asia")
    assert len(context.captured_queries) == 1
    assert '<option value="asia" selected>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters, data",
    [
        (ActionFilter, {"region": "asia", "country": "PH", "sort": "title"}),
        (FindingFilter, {"region": "asia", "kind": "good_practice"}),
    ],
)
def test_the_filters_show_what_was_chosen_in_small_drop_down_lists(demo, filters, data):
    form = filters(data, queryset=filters._meta.model.objects.all()).form
    assert form.is_valid(), form.errors
    for name, field in form.fields.items():
        assert isinstance(field.widget, Select) or name == "sort", name
        html = str(form[name])
        assert 'class="form-select form-select-sm"' in html
        if name in data:
            assert f'<option value="{data[name]}" selected>' in html, name
