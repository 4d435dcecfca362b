"""Submit admin forms as a person would: with the values the page shows, and a few changes."""

from django.forms.formsets import BaseFormSet


def _field_data(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [str(item) for item in value]
        else:
            data[bound.html_name] = str(value)
    return data


def form_data(response, **changes) -> dict:
    """The data of the admin change form in ``response``, inlines included, with ``changes``."""
    context = response.context
    data = _field_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):
        formset: BaseFormSet = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
    data.update(changes)
    return data
