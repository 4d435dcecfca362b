"""Admin helpers shared by the content apps."""

from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property
from django_countries.fields import CountryField


class PrefetchedAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that takes its selected object from a lookup made for the whole formset.

    Django's widget runs one query per rendered row to find the label of the
    selected object; in an inline of fifty rows that is fifty queries.
    """

    prefetched: dict | None = None

    def optgroups(self, name, value, attr=None):
        if self.prefetched is None:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for raw in value:
            obj = self.prefetched.get(str(raw))
            if obj is not None:
                label = self.choices.field.label_from_instance(obj)
                options.append(self.create_option(name, obj.pk, label, True, len(options)))
        return [(None, options, 0)]


class PrefetchedAutocompleteFormSet(BaseInlineFormSet):
    """Looks up the selected objects of every autocomplete column once for all rows."""

    @cached_property
    def forms(self):
        forms = BaseInlineFormSet.forms.func(self)
        columns: dict[str, list] = {}
        for form in forms:
            for name, field in form.fields.items():
                widget = getattr(field.widget, "widget", field.widget)
                if isinstance(widget, PrefetchedAutocompleteSelect):
                    columns.setdefault(name, []).append((form, widget))
        for name, cells in columns.items():
            values = {str(form[name].value()) for form, _ in cells if form[name].value()}
            queryset = cells[0][0].fields[name].queryset
            try:
                found = {str(pk): obj for pk, obj in queryset.in_bulk(values).items()}
            except (ValueError, ValidationError):
                continue  # a tampered value: let each widget look up its own
            for _form, widget in cells:
                widget.prefetched = found
        return forms


class PrefetchedAutocompleteInlineMixin:
    """For inlines with ``autocomplete_fields``: a bounded number of queries whatever the rows."""

    formset = PrefetchedAutocompleteFormSet

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PrefetchedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CountriesAdminMixin:
    """Shows multiple-country fields as a two-pane filtered selector instead of a bare listbox."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, CountryField) and db_field.multiple:
            kwargs["widget"] = FilteredSelectMultiple(db_field.verbose_name, is_stacked=False)
        return super().formfield_for_dbfield(db_field, request, **kwargs)
