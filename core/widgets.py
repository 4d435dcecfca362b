"""Form widgets of the public pages."""

from django import forms
from django.utils.html import format_html, format_html_join

SELECT_CLASS = "form-select form-select-sm"


class Select(forms.Select):
    """Django's drop-down list, written out in Python: the same HTML, without rendering a
    template for each option. The lists' filters offer about a hundred options, and their
    templates cost a list page a third of its rendering."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(iter(self.choices))  # a model's choices: one query (list() counts first)
        if self.allow_multiple_selected or any(isinstance(c[1], (list, tuple)) for c in choices):
            return super().render(name, value, attrs, renderer)  # several values, or groups
        options = [("" if option is None else str(option), label) for option, label in choices]
        chosen = set(self.format_value(value))
        # As Django does: the first option with the value is the one selected.
        selected = next((n for n, (option, _) in enumerate(options) if option in chosen), None)
        html = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',  # as Django's templates write it
            (
                (option, " selected" if n == selected else "", label)
                for n, (option, label) in enumerate(options)
            ),
        )
        attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}\n</select>', name, _attributes(attrs), html)


def _attributes(attrs) -> str:
    """As Django's ``attrs.html``, in their order: ``True`` as a bare name, ``False`` left out."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


def compact_selects(form) -> None:
    """Give each of ``form``'s fields the small drop-down list of the lists' filters: this
    module's where Django's plain one was (another, such as the sort's, reads its value in its
    own way and stays)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget = Select(choices=field.widget.choices)
        field.widget.attrs["class"] = SELECT_CLASS
