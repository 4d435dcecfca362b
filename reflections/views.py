"""The participants' pages: a personal link opens their own reflection, and nothing else."""

from functools import wraps

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from . import services, tasks
from .forms import ReflectionForm, RequestLinkForm
from .limits import Limit, limited, visitor_address
from .models import Reflection, answers_of

# What the <title> of a participant's page says it shows, by the state of the reflection: the
# form (none yet, a draft, withdrawn, or a submitted one being changed), or what was sent.
FORM_TITLES = {
    None: gettext_lazy("Your reflection"),
    Reflection.Status.DRAFT: gettext_lazy("Draft saved"),
    Reflection.Status.WITHDRAWN: gettext_lazy("Reflection withdrawn"),
    Reflection.Status.SUBMITTED: gettext_lazy("Change your reflection"),
}
STATUS_TITLES = {
    Reflection.Status.SUBMITTED: gettext_lazy("Reflection sent"),
    Reflection.Status.APPROVED: gettext_lazy("Reflection published"),
    Reflection.Status.REJECTED: gettext_lazy("Reflection not published"),
}


def titled(title, section=None, *, error=False) -> dict:
    """The context that names a participant's page in its <title> (base.html builds it):
    ``title`` – ``section`` (the round-table, or else "Your reflection") – the site, after
    "Error: " where the page refuses what was sent."""
    return {
        "page_title": title,
        "title_section": _("Your reflection") if section is None else section,
        "title_error": error,
    }


# What ``django.utils.cache.add_never_cache_headers`` writes, without working it out on each
# response (which costs a reflection's POST 2%).
NEVER_CACHED = "max-age=0, no-cache, no-store, must-revalidate, private"


def private(view):
    """Never cached anywhere, and the personal link never leaks to other sites by the Referer.

    ("no-referrer" would be stricter, but browsers then send "Origin: null" with the form,
    which CSRF protection rightly refuses.)
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers["Expires"] = http_date()
        response.headers["Cache-Control"] = NEVER_CACHED
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    return wrapped


def _link(request) -> str:
    """The personal link itself (hashed, so that the token is not kept in the cache)."""
    return services.hash_token(request.resolver_match.kwargs.get("token", ""))


def _email(request) -> str:
    """The e-mail address asked for (so that one inbox cannot be flooded)."""
    return services.hash_token(request.POST.get("email", "").strip().lower())


# POSTs per visitor's address and per e-mail address asked for, or per personal link: 429
# beyond either.
limit_link_requests = limited(
    Limit("RATELIMIT_LINK_REQUESTS", visitor_address), Limit("RATELIMIT_LINKS_PER_EMAIL", _email)
)
limit_form_posts = limited(
    Limit("RATELIMIT_FORM_POSTS", visitor_address), Limit("RATELIMIT_TOKEN_POSTS", _link)
)


def unsaved(request) -> list[tuple[str, str]]:
    """What was typed, if the form was sent, to give back when it cannot be saved. (All of it:
    a text too long to be saved is given back whole, never cut.)"""
    return answers_of({name: request.POST.get(name, "") for name in Reflection.QUESTIONS})


class RequestLinkView(View):
    """Ask for a fresh link by e-mail. The answer never says whether the address is known."""

    template_name = "reflections/request_link.html"

    def get(self, request):
        return self.render_form(RequestLinkForm())

    def post(self, request):
        form = RequestLinkForm(request.POST)
        if not form.is_valid():
            return self.render_form(form, status=400)
        email = form.cleaned_data["email"]
        # Whether the address is known or not, the request does the same work (it queues the
        # task) and gives the same page: the worker looks the address up and mails the links.
        tasks.send_new_links.enqueue(email, services.site_url_of(request))
        return render(
            request,
            "reflections/link_sent.html",
            {"email": email, **titled(_("Check your e-mail"))},
        )

    def render_form(self, form, status=200):
        title = titled(_("Ask for a new link"), error=form.is_bound)
        return render(self.request, self.template_name, {"form": form, **title}, status=status)


class ReflectionView(View):
    """The participant's reflection: the form while it is open, what they sent once submitted."""

    def dispatch(self, request, token):
        self.invitation = services.find_invitation(token)
        refused = request.method == "POST"
        if self.invitation is None:  # a link replaced or expired while its form was open
            return render(
                request,
                "reflections/invalid_link.html",
                {
                    "unsaved": unsaved(request),
                    **titled(_("This link does not work"), error=refused),
                },
                status=404,
            )
        self.participant = self.invitation.participant
        roundtable = self.participant.roundtable
        if not roundtable.is_held:  # planned again, or cancelled, since the link was sent
            title = (
                _("This round-table was cancelled")
                if roundtable.is_cancelled
                else _("This round-table has not been held yet")
            )
            return render(
                request,
                "reflections/not_held.html",
                self.context(title, error=refused, unsaved=unsaved(request)),
                status=409 if refused else 200,
            )
        return super().dispatch(request, token)

    @cached_property
    def reflection(self):
        return Reflection.objects.filter(participant=self.participant).first()

    def get(self, request, token):
        reflection = self.reflection
        editing = reflection is None or reflection.status in {
            Reflection.Status.DRAFT,
            Reflection.Status.WITHDRAWN,
        }
        if editing or (reflection.is_open and "edit" in request.GET):
            return self.render_form(
                ReflectionForm(instance=reflection, participant=self.participant),
                title=FORM_TITLES[reflection and reflection.status],
            )
        return self.render_status(reflection)

    def post(self, request, token):
        submitting = "draft" not in request.POST
        # The service reads the reflection itself, locked; the form only checks the input.
        form = ReflectionForm(request.POST, participant=self.participant, submitting=submitting)
        if not form.is_valid():
            return self.render_form(form, status=400)
        try:
            reflection = services.save_reflection(
                self.participant,
                data=form.cleaned_data,
                related_actions=form.cleaned_data["related_actions"],
                submit=submitting,
                version_seen=form.cleaned_data.get("version"),
                by=request.user,
            )
        except services.ReflectionClosed as closed:
            messages.error(
                request,
                _(
                    "The MIEUX team has already reviewed your reflection, so your changes were "
                    "not saved. What you wrote is below, for your records."
                ),
            )
            return self.render_status(
                closed.reflection,
                unsaved=answers_of(form.cleaned_data),
                status=409,
                title=_("Your changes were not saved"),
            )
        except services.EditConflict as conflict:
            messages.warning(
                request,
                _(
                    "Your reflection was changed in another window after you opened this page. "
                    "Check the text below, which is what you typed here, and save it again."
                ),
            )
            form.data = form.data.copy()
            form.data["version"] = conflict.reflection.version
            return self.render_form(form, status=409)
        if reflection.status == Reflection.Status.SUBMITTED:
            message = _("Thank you. Your reflection has been sent to the MIEUX team for review.")
        else:
            message = _("Your draft has been saved. You can come back to it with your link.")
        messages.success(request, message)
        return HttpResponseRedirect(request.path)

    def render_form(self, form, status=200, title=FORM_TITLES[None]):
        """The form; a form sent back (refused, or in conflict) is titled as an error."""
        return render(
            self.request,
            "reflections/reflection_form.html",
            self.context(title, error=form.is_bound, form=form),
            status=status,
        )

    def render_status(self, reflection, unsaved=None, status=200, title=None):
        """What was sent, and where it stands; ``title`` an error, if given."""
        return render(
            self.request,
            "reflections/reflection_status.html",
            self.context(
                title or STATUS_TITLES.get(reflection.status, FORM_TITLES[None]),
                error=title is not None,
                reflection=reflection,
                unsaved=unsaved,
            ),
            status=status,
        )

    def context(self, title, *, error=False, **extra):
        """The page's context: the participant, their round-table, and the page's title, with
        the round-table as the section ("Draft saved – Bangkok, 5–6 March 2018 – ...")."""
        roundtable = self.participant.roundtable
        where = _("%(city)s, %(when)s") % {"city": roundtable.city, "when": roundtable.when}
        return {
            "participant": self.participant,
            "roundtable": roundtable,
            "invitation": self.invitation,
            **titled(title, where, error=error),
            **extra,
        }


class WithdrawView(ReflectionView):
    """Withdraw a reflection before the team has decided on it (asks to confirm first)."""

    def get(self, request, token):
        if self.reflection is None or not self.reflection.is_open:
            return redirect("reflections:reflect", token=token)
        return render(
            request,
            "reflections/withdraw_confirm.html",
            self.context(_("Withdraw your reflection?"), reflection=self.reflection),
        )

    def post(self, request, token):
        if self.reflection is None:
            return redirect("reflections:reflect", token=token)
        try:
            services.withdraw_reflection(self.participant)
        except services.ReflectionClosed:
            messages.error(
                request,
                _("The MIEUX team has already reviewed your reflection; it cannot be withdrawn."),
            )
        else:
            messages.success(
                request,
                _(
                    "Your reflection has been withdrawn. It will not be published. You can "
                    "write it again at any time."
                ),
            )
        return redirect("reflections:reflect", token=token)
