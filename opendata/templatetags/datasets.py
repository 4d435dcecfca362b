"""The data dictionary on the downloads page."""

from django import template

from opendata.downloads.datasets import DATASETS

register = template.Library()


@register.simple_tag
def dataset_named(name):
    return DATASETS[name]
