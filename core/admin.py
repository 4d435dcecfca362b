"""Admin helpers shared by the content apps."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext
from django_countries.fields import CountryField
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from modeltranslation.admin import TabbedDjangoJqueryTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from .exports import SafeExportMixin
from .imports import LimitedImportForm, UploadExpired, import_preview, limits
from .resources import SpreadsheetCSV
from .translation import missing_translation, translated_fields


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


class ConstrainedInlineFormSet(BaseInlineFormSet):
    """Checks each row against the model's constraints, its parent included, so that what the
    database would refuse comes back as a message on the row (Django's inline rows leave out
    the constraints that name their parent, and those on expressions, such as a lower-cased
    e-mail address)."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            if not form.has_changed() and form.instance.pk:
                continue
            instance = form.instance
            shown = set(form.fields) | {self.fk.name}
            exclude = {field.name for field in instance._meta.fields if field.name not in shown}
            try:
                instance.validate_constraints(exclude=exclude)
            except ValidationError as error:
                form.add_error(None, error)


class PrefetchedAutocompleteFormSet(ConstrainedInlineFormSet):
    """Looks up the selected objects of every autocomplete column once for all rows."""

    @cached_property
    def forms(self):
        forms = ConstrainedInlineFormSet.forms.func(self)
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


class _MaskedChanges(HistoricalRecordContextHelper):
    """The changes of a version, with the values of ``hidden`` fields masked."""

    hidden: frozenset[str] = frozenset()

    def context_for_delta_changes(self, delta):
        context = super().context_for_delta_changes(delta)
        for change, shown in zip(delta.changes, context, strict=True):
            if change.field in self.hidden:
                shown["old"] = shown["new"] = _("(hidden)")
        return context


class HistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when, field by field; a revert is itself recorded in the history.
    Fields that ``hidden_fields`` names for a user show as changed, without their values."""

    history_list_per_page = 50

    def hidden_fields(self, request) -> frozenset[str]:
        return frozenset()

    def get_historical_record_context_helper(self, request, historical_record):
        helper = super().get_historical_record_context_helper(request, historical_record)
        hidden = self.hidden_fields(request)
        if not hidden:
            return helper
        masked = _MaskedChanges(helper.model, helper.record)
        masked.hidden = hidden
        return masked

    def get_exclude(self, request, obj=None):
        return [*(super().get_exclude(request, obj) or ()), *self.hidden_fields(request)]

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history shows a version to whoever may view it, and saves the form
        # posted back: only those who may change the object (and revert it) may do that.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is None
                or not self.has_change_permission(request, obj)
                or self.revert_disabled(request, obj)
            ):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # On the page of a past version, the object is built from its history record.
        record = to_historic(obj) if obj is not None else None
        if record is None:
            return form
        # The version's own fields come from its record; its many-to-many links are kept
        # beside it, and offered here instead of the current ones.
        links = {
            field.name: list(
                getattr(record, field.name).values_list(field.m2m_reverse_field_name(), flat=True)
            )
            for field in getattr(record, "_history_m2m_fields", ())
            if field.name in form.base_fields
        }

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(links)

        return RevertForm

    def save_model(self, request, obj, form, change):
        record = to_historic(obj)
        if record is not None:
            obj._change_reason = _("Reverted to the version of %(date)s") % {
                "date": date_format(localtime(record.history_date), "DATETIME_FORMAT")
            }
        super().save_model(request, obj, form, change)


class MissingTranslationFilter(admin.SimpleListFilter):
    """Rows whose English text is not yet in French, or in Spanish."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [("fr", _("French missing")), ("es", _("Spanish missing"))]

    def queryset(self, request, queryset):
        if self.value() in {"fr", "es"}:
            return queryset.filter(missing_translation(queryset.model, self.value()))
        return queryset


class TranslatedModelForm(forms.ModelForm):
    """A form of a model with texts in three languages, whose constraints on a text (such as
    "a planned round-table has some date") are checked against its English version and
    reported on it, where the database would otherwise refuse the row with a 500."""

    def _english(self) -> dict[str, str]:
        return {
            name: f"{name}_{settings.LANGUAGE_CODE}"
            for name in translated_fields(self._meta.model)
            if f"{name}_{settings.LANGUAGE_CODE}" in self.fields
        }

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - set(self._english())

    def _update_errors(self, errors):
        english = self._english()
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {
                    english.get(field, field): messages_
                    for field, messages_ in errors.error_dict.items()
                }
            )
        super()._update_errors(errors)


class TranslatedAdmin(TabbedDjangoJqueryTranslationAdmin):
    """Each text in three tabs, English (required), French and Spanish, and a filter for
    what is still untranslated."""

    form = TranslatedModelForm

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]


class ContentAdmin(TranslatedAdmin, HistoryAdmin):
    """Content the public reads: its texts in three languages, and its history."""

    # An address typed without a scheme is taken as https://, as Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class PublishingAdminMixin:
    """Bulk publish and unpublish, and "view on site" that previews drafts for staff."""

    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(
        description=_("Unpublish the selected items (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published):
        changed = 0
        with transaction.atomic():  # all of the selection, or none of it
            for obj in queryset.filter(is_published=not published):
                obj.is_published = published
                obj._change_reason = (
                    pgettext("history", "Published")
                    if published
                    else pgettext("history", "Unpublished")
                )
                obj.save(update_fields=["is_published", "updated_at"])
                changed += 1
        message = (
            ngettext("%(count)d item published.", "%(count)d items published.", changed)
            if published
            else ngettext("%(count)d item unpublished.", "%(count)d items unpublished.", changed)
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    def view_on_site(self, obj):
        """The public page, with drafts shown to staff (the public gets a 404 for a draft)."""
        path, _hash, anchor = obj.get_absolute_url().partition("#")
        return f"{path}?preview=1" + (f"#{anchor}" if anchor else "")


class ImportExportAdmin(SafeExportMixin, ImportExportModelAdmin):
    """CSV (in whatever encoding a spreadsheet saved it) and XLSX import with a dry run that
    shows every row, export of the filtered list (with no formulae: see ``core.exports``),
    and blank templates with an example row and the allowed values. A file over the limits
    of one import is refused at upload (``core.imports``); an import whose rows are refused
    at its confirmation writes nothing."""

    import_template_name = "admin/import_export/import_with_template.html"
    import_formats = [SpreadsheetCSV, base_formats.XLSX]
    import_form_class = LimitedImportForm

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import-template/<str:file_format>/",
                self.admin_site.admin_view(self.blank_template_view),
                name=f"{opts.app_label}_{opts.model_name}_import_template",
            ),
            *super().get_urls(),
        ]

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            resource = self.get_import_resource_classes(request)[0]()
            context["column_guide"] = resource.column_guide()
            context["import_limits"] = limits()
            if context.get("result") is not None:
                context["preview"] = import_preview(context["result"])
                if not context.get("confirm_form"):  # refused: the file will not be confirmed
                    self._remove_upload(context["form"].cleaned_data["import_file"])
        return response

    def get_import_data_kwargs(self, **kwargs):
        # A row refused at the confirmation (the data changed since the dry run) undoes all.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except UploadExpired:
            message = _(
                "The uploaded file has expired or has been imported already: upload it again."
            )
            return self._back_to_upload(request, message)

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            message = _(
                "Nothing has been imported: some rows are refused now, the data having changed "
                "since the preview. Upload the file again to see which."
            )
            return self._back_to_upload(request, message)
        return super().process_result(result, request)

    def _back_to_upload(self, request, message):
        self.message_user(request, message, messages.ERROR)
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_import")
        return HttpResponseRedirect(url)

    def _remove_upload(self, import_file):
        name = getattr(import_file, "tmp_storage_name", None)
        if name:
            self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs()).remove()

    def blank_template_view(self, request, file_format):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise Http404
        book = self.get_import_resource_classes(request)[0]().blank_template()
        if file_format == "csv":
            # One table: the allowed values are on the import page.
            content = "\ufeff" + book.sheets()[0].export("csv")
            content_type = "text/csv; charset=utf-8"
        else:
            content = book.export("xlsx")
            content_type = base_formats.XLSX().get_content_type()
        response = HttpResponse(content, content_type=content_type)
        filename = f"{self.model._meta.model_name}-template.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
