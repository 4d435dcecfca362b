"""The participants' forms: the reflection itself, and asking for a fresh link."""

import copy
import time

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.forms.models import ModelChoiceIterator, model_to_dict
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from core.validators import prohibit_control_characters

from .models import ANSWER_MAX_LENGTH, Reflection

SIGNING_SALT = "reflections.forms.rendered-at"
# The link-request form's scope; each reflection form's is its participant's.
NEW_LINK_SCOPE = "new-link"


def sign_shown_at(scope: str, at: float | None = None) -> str:
    """The signed value that says when a form of ``scope`` was shown: it is good for that form,
    and for a reflection that participant's form, only."""
    return signing.dumps({"at": time.time() if at is None else at, "for": scope}, salt=SIGNING_SALT)


def shown_at(value: str, scope: str) -> float:
    """When the form of ``scope`` carrying ``value`` was shown; BadSignature if ``value`` was
    not signed here, for this form, in the last week."""
    shown = signing.loads(value, salt=SIGNING_SALT, max_age=7 * 24 * 3600)
    if not isinstance(shown, dict) or shown.get("for") != scope:
        raise signing.BadSignature("signed for another form")
    return float(shown["at"])


def reflection_scope(participant) -> str:
    return f"reflection-{participant.pk}"


def count(number: int) -> str:
    """A number of characters as the page's language writes it: "5,000", "5 000", "5.000"."""
    return number_format(number, force_grouping=True)


def limit_note(limit: int) -> str:
    """ "Up to 5,000 characters.", in the page's language."""
    return gettext("Up to %(limit)s characters.") % {"limit": count(limit)}


class AnswerField(forms.CharField):
    """A long answer, up to ``max_length`` characters: a limit the page says and counts down to
    (js/character-count.js), and that refuses a longer text with a message, giving it back
    whole; never a ``maxlength`` that would cut a pasted text short without a word. Line
    breaks count as one character, as the page counts them (browsers send CR LF). Control
    characters are refused. What the live count says is translated when the page is shown.
    """

    def __init__(self, *, max_length, **kwargs):
        self.limit = max_length
        super().__init__(**kwargs)  # no max_length: no maxlength attribute
        self.validators += [self.within_limit, prohibit_control_characters]
        self.widget.attrs.update({"rows": 6, "dir": "auto", **self.count_attributes()})

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")

    def within_limit(self, value):
        if len(value) > self.limit:
            raise forms.ValidationError(
                _(
                    "This answer must be %(limit)s characters or fewer; it has %(count)s. Your "
                    "text is still here: shorten it, then send it again."
                ),
                code="max_length",
                params={"limit": count(self.limit), "count": count(len(value))},
            )

    def count_attributes(self) -> dict:
        """What the live count needs: the limit, and its messages for one and for several
        characters (the script puts the number for "%(count)s")."""
        return {
            "data-character-limit": self.limit,
            "data-count-left-one": ngettext_lazy(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining",
                1,
            ),
            "data-count-left-other": ngettext_lazy(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining",
                2,
            ),
            "data-count-over-one": ngettext_lazy(
                "You have %(count)s character too many", "You have %(count)s characters too many", 1
            ),
            "data-count-over-other": ngettext_lazy(
                "You have %(count)s character too many", "You have %(count)s characters too many", 2
            ),
        }


class ShownAtField(forms.CharField):
    """The signed time the form was shown (``HumanCheckMixin``). A form shown again carries
    the time of that showing, its initial value, never the one it was sent with."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def bound_data(self, data, initial):
        return initial


class HumanCheckMixin(forms.Form):
    """Two quiet checks against robots: a field people never see, and a minimum time to fill in.

    ``website`` is hidden from people (and from screen readers); robots fill it in.
    ``rendered`` is the signed time the form was shown, for this form (``scope``): a form sent
    back faster than a person could is refused with a message that keeps everything typed, and
    a value taken from another form or another participant's link is refused as expired.
    """

    scope = NEW_LINK_SCOPE
    # The field that a problem of the whole form sends the visitor to (the error summary).
    first_field = None

    website = forms.CharField(
        required=False,
        label=_("Leave this field empty."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "form-control"}
        ),
    )
    rendered = ShownAtField()

    def get_initial_for_field(self, field, field_name):
        if field_name == "rendered":  # each showing of the form starts the clock again
            return sign_shown_at(self.scope)
        return super().get_initial_for_field(field, field_name)

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("Please leave the hidden field empty."), code="honeypot")
        return ""

    def error_summary(self) -> list[tuple[str, str]]:
        """(link, message) for each problem, in the order of the form, for the summary at the
        top of the page (includes/error_summary.html): the link leads to the field to correct
        (to the first of a group of boxes; a problem of the whole form to ``first_field``),
        and is "" for the hidden checks against robots, which no field corrects."""
        first = f"#{self[self.first_field].auto_id}" if self.first_field else ""
        problems = [(first, str(error)) for error in self.non_field_errors()]
        for field in self:
            hidden = field.is_hidden or field.name == "website"
            grouped = isinstance(field.field.widget, forms.RadioSelect)  # radios, boxes to tick
            anchor = "" if hidden else f"#{field.auto_id}{'_0' if grouped else ''}"
            problems += [(anchor, str(error)) for error in field.errors]
        return problems

    def clean_rendered(self):
        try:
            rendered = shown_at(self.cleaned_data["rendered"], self.scope)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form has expired. Please check your text and send it again."), code="stale"
            ) from None
        if time.time() - rendered < settings.REFLECTION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your text and send it again."), code="too_fast"
            )
        return ""


def actions_near(participant):
    """The published Actions of the participant's region and of their country."""
    near = Q(region=participant.roundtable.region_id)
    if participant.country:
        near |= Q(countries__contains=participant.country.code)
    return Action.objects.published().filter(near).order_by("title")


class ChoicesReadWhenShown(ModelChoiceIterator):
    """A field's choices that read the field's queryset when they are gone through, not when
    they are made."""

    def __init__(self, field):
        self.field = field

    @property
    def queryset(self):
        return self.field.queryset


class NearbyActionsField(forms.ModelMultipleChoiceField):
    """The Actions a reflection may be about: those near its author (``actions_near``). Their
    query is built when the choices are shown or some were sent, not for the many reflections
    that name none; those have ``[]`` for cleaned value."""

    iterator = ChoicesReadWhenShown
    participant = None  # set by the form

    def __init__(self, **kwargs):
        super().__init__(None, required=False, widget=forms.CheckboxSelectMultiple, **kwargs)

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.widget.choices = copied.choices  # the copy's, not this field's
        return copied

    @property
    def queryset(self):
        if self._queryset is None and self.participant is not None:
            self._queryset = actions_near(self.participant)
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        forms.ModelMultipleChoiceField.queryset.fset(self, queryset)

    def clean(self, value):
        return super().clean(value) if value else []


class SharedFields(dict):
    """A form class's fields, as its forms take them (``FieldsSharedUntilShown``): the same
    fields, not copies."""

    def __deepcopy__(self, memo):
        return dict(self)


class FieldsSharedUntilShown(forms.Form):
    """A form that shares its class's fields until it is shown, rather than copying them.

    Django gives every form copies of its class's fields, in case it changes them. Checking
    what was sent only reads them, and for the reflection form those copies cost a sixth of
    a POST. A form that is shown takes copies of its own then (``own_fields``, called by
    ``helper``), as rendering marks the widgets (crispy adds its classes). Until then nothing
    may change a field in place: a form that needs a field of its own takes a copy first
    (``own_field``).
    """

    def __init__(self, *args, **kwargs):
        self.base_fields = SharedFields(self.base_fields)  # what Django's __init__ copies
        super().__init__(*args, **kwargs)

    def own_field(self, name: str) -> forms.Field:
        """Give the form a copy of its field ``name``, for it alone, and return it."""
        self.fields[name] = copy.deepcopy(self.fields[name])
        self._bound_fields_cache.pop(name, None)  # one made while checking holds the shared one
        return self.fields[name]

    def own_fields(self):
        """Give the form copies of all its fields, for it alone, before it is shown."""
        for name in self.fields:
            self.own_field(name)


def model_field(name: str, **kwargs) -> forms.Field:
    """The form field of the reflection's field ``name``: its label, choices and limits as the
    model defines them, changed by ``kwargs``."""
    return Reflection._meta.get_field(name).formfield(**kwargs)


def answer_field(name: str) -> AnswerField:
    return model_field(name, form_class=AnswerField)


class ReflectionForm(HumanCheckMixin, FieldsSharedUntilShown):
    """The four guiding questions, the related Actions, and how to publish.

    It checks what was sent; ``services.save_reflection`` writes it.
    """

    meaning = answer_field("meaning")
    engagement = answer_field("engagement")
    results = answer_field("results")
    benefits = answer_field("benefits")
    related_actions = NearbyActionsField(label=_("Which Actions are you writing about?"))
    language = model_field("language", label=_("Language of your text"))
    attribution = model_field(
        "attribution", widget=forms.RadioSelect, label=_("How should your reflection be signed?")
    )
    consent = model_field(
        "consent",
        label=_(
            "I agree that this reflection may be published on this site, after review by "
            "the MIEUX team and signed as I chose above."
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    # The reflection's fields first, then the checks against robots and the version seen.
    field_order = [*Reflection.QUESTIONS, "related_actions", "language", "attribution", "consent"]
    first_field = "meaning"  # "Answer at least one of the four questions"
    # What the page says below each field (each answer then says its limit), given to the
    # fields when the form is shown: checking what was sent never reads it.
    help_texts = {
        "meaning": _("In your own words: what has the programme meant to you and your work?"),
        "engagement": _("Why did your institution ask for support, and how did it take part?"),
        "results": _("What changed in your institution and in your country?"),
        "benefits": _("What does your government still gain from it today?"),
        "related_actions": _("Optional. The Actions of your country and region are listed."),
        "attribution": _("Your e-mail address is never shown."),
        "consent": _("Needed to submit your reflection, not to save a draft."),
    }

    def __init__(self, *args, participant, instance=None, submitting=False, **kwargs):
        """``instance``: the reflection to show (a form to change it); ``submitting``: whether
        the form was sent to submit the reflection (which asks more) or to save a draft."""
        self.scope = reflection_scope(participant)
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.submitting = submitting
        if self["related_actions"].data:  # checked against the participant's Actions
            self.own_field("related_actions").participant = participant
        if instance is None:
            self.initial.setdefault("attribution", participant.attribution)
            self.initial.setdefault("language", participant.language)
        else:
            self.initial = {
                **model_to_dict(instance, fields=self.field_order),
                "version": instance.version,
                **self.initial,
            }

    def own_fields(self):
        super().own_fields()
        self.fields["related_actions"].participant = self.participant
        limit = limit_note(ANSWER_MAX_LENGTH)
        for name, text in self.help_texts.items():
            self.fields[name].help_text = (
                f"{text} {limit}" if name in Reflection.QUESTIONS else text
            )

    @cached_property
    def helper(self):
        """The layout, built only when the form is shown (not for a valid submission)."""
        self.own_fields()
        next_steps = _(
            "Save a draft to come back later; submit when you are ready. Until the team has "
            "reviewed it, you can still change or withdraw it."
        )
        helper = FormHelper()
        helper.form_tag = True
        helper.attrs = {"novalidate": "", "data-submit-once": ""}
        helper.layout = Layout(
            Fieldset(_("Your reflection"), "meaning", "engagement", "results", "benefits"),
            Fieldset(_("The Actions"), "related_actions"),
            Fieldset(_("Publication"), "language", "attribution", "consent"),
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            "rendered",
            "version",
            HTML(f'<p class="small text-body-secondary">{escape(next_steps)}</p>'),
            Div(
                StrictButton(_("Submit"), type="submit", name="send", css_class="btn-primary"),
                StrictButton(
                    _("Save draft"), type="submit", name="draft", css_class="btn-outline-primary"
                ),
                css_class="d-flex flex-wrap gap-2",
            ),
        )
        return helper

    def clean(self):
        cleaned = super().clean()
        if self.submitting:
            answers = [cleaned.get(name, "").strip() for name in Reflection.QUESTIONS]
            refused = any(name in self.errors for name in Reflection.QUESTIONS)
            if not any(answers) and not refused:  # said with the other problems, if any
                self.add_error(
                    None,
                    forms.ValidationError(
                        _("Answer at least one of the four questions before you submit."),
                        code="empty",
                    ),
                )
            if not cleaned.get("consent"):
                self.add_error(
                    "consent",
                    forms.ValidationError(
                        _(
                            "To submit, tick the box to agree to publication. You can also "
                            "save a draft."
                        ),
                        code="consent",
                    ),
                )
        return cleaned


class RequestLinkForm(HumanCheckMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address your invitation was sent to."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "email",
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            "rendered",
            Submit("send", _("Send me a new link"), css_class="btn-primary"),
        )
