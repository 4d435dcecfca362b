"""The participants' forms: the reflection itself, and asking for a fresh link."""

import time

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
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


class AnswerField(forms.CharField):
    """A long answer, up to ``max_length`` characters: a limit the page says and counts down to
    (js/character-count.js), and that refuses a longer text with a message, giving it back
    whole; never a ``maxlength`` that would cut a pasted text short without a word. Line
    breaks count as one character, as the page counts them (browsers send CR LF)."""

    def __init__(self, *, max_length, **kwargs):
        self.limit = max_length
        super().__init__(**kwargs)  # no max_length: no maxlength attribute
        self.validators.append(self.within_limit)

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
        """What the live count needs, in the page's language: the limit, and its messages for
        one and for several characters (the script puts the number for "%(count)s")."""
        return {
            "data-character-limit": self.limit,
            "data-count-left-one": ngettext(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining",
                1,
            ),
            "data-count-left-other": ngettext(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining",
                2,
            ),
            "data-count-over-one": ngettext(
                "You have %(count)s character too many", "You have %(count)s characters too many", 1
            ),
            "data-count-over-other": ngettext(
                "You have %(count)s character too many", "You have %(count)s characters too many", 2
            ),
        }


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

    website = forms.CharField(required=False, label=_("Leave this field empty."))
    rendered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1", "class": "form-control"}
        )
        # Each rendering of the form starts the clock again.
        self.initial["rendered"] = sign_shown_at(self.scope)
        if self.is_bound:
            data = self.data.copy()
            self._submitted_rendered = data.get(self.add_prefix("rendered"), "")
            data[self.add_prefix("rendered")] = self.initial["rendered"]
            self.data = data

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
            rendered = shown_at(self._submitted_rendered, self.scope)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("This form has expired. Please check your text and send it again."), code="stale"
            ) from None
        if time.time() - rendered < settings.REFLECTION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your text and send it again."), code="too_fast"
            )
        return ""


class ReflectionForm(HumanCheckMixin, forms.ModelForm):
    """The four guiding questions, the related Actions, and how to publish."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Reflection
        fields = [
            "meaning",
            "engagement",
            "results",
            "benefits",
            "related_actions",
            "language",
            "attribution",
            "consent",
        ]
        widgets = {
            "related_actions": forms.CheckboxSelectMultiple,
            "attribution": forms.RadioSelect,
        }
        field_classes = dict.fromkeys(Reflection.QUESTIONS, AnswerField)
        help_texts = {
            "meaning": _("In your own words: what has the programme meant to you and your work?"),
            "engagement": _("Why did your institution ask for support, and how did it take part?"),
            "results": _("What changed in your institution and in your country?"),
            "benefits": _("What does your government still gain from it today?"),
            "related_actions": _("Optional. The Actions of your country and region are listed."),
            "attribution": _("Your e-mail address is never shown."),
            "consent": _("Needed to submit your reflection, not to save a draft."),
        }
        labels = {
            "related_actions": _("Which Actions are you writing about?"),
            "language": _("Language of your text"),
            "attribution": _("How should your reflection be signed?"),
            "consent": _(
                "I agree that this reflection may be published on this site, after review by "
                "the MIEUX team and signed as I chose above."
            ),
        }

    first_field = "meaning"  # "Answer at least one of the four questions"

    def __init__(self, *args, participant, submitting=False, **kwargs):
        self.scope = reflection_scope(participant)
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        roundtable = participant.roundtable
        near = Q(region=roundtable.region_id)
        if participant.country:
            near |= Q(countries__contains=participant.country.code)
        self.fields["related_actions"].queryset = (
            Action.objects.published().filter(near).order_by("title")
        )
        if not self.instance.pk:
            self.initial.setdefault("attribution", participant.attribution)
            self.initial.setdefault("language", participant.language)
        self.fields["consent"].required = False
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        limit = gettext("Up to %(limit)s characters.") % {"limit": count(ANSWER_MAX_LENGTH)}
        for name in Reflection.QUESTIONS:
            field = self.fields[name]
            field.help_text = f"{field.help_text} {limit}"
            field.widget.attrs.update({"rows": 6, "dir": "auto", **field.count_attributes()})
            field.validators.append(prohibit_control_characters)

    @cached_property
    def helper(self):
        """The layout, built only when the form is shown (not for a valid submission)."""
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
