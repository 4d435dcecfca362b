"""What participants and moderators do with reflections, and the personal links that allow it.

Every change happens in one transaction, with the row locked, and queues its
e-mail in that same transaction: the message goes out only once the change is
committed, and a failing mail server loses nothing (see ``outbox``).
"""

import hashlib
import secrets
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from outbox.services import queue_email
from roundtables.models import Participant, RoundTable

from . import sql
from .models import Invitation, Reflection

# "Last used" tells staff whether a link was opened; it needs no write on every request.
LAST_USED_PRECISION = timedelta(minutes=10)
EDITABLE_FIELDS = (
    "meaning",
    "engagement",
    "results",
    "benefits",
    "language",
    "attribution",
    "consent",
)


class RoundTableNotHeld(Exception):
    """Participants reflect on a round-table once it has been held (not before, nor if it was
    cancelled)."""

    def __init__(self, roundtable):
        super().__init__(f"{roundtable} is {roundtable.status}")
        self.roundtable = roundtable


class ReflectionClosed(Exception):
    """A moderator has decided: the author can no longer change the reflection."""

    def __init__(self, reflection):
        super().__init__(f"Reflection {reflection.pk} is {reflection.status}")
        self.reflection = reflection


class EditConflict(Exception):
    """The reflection changed since the person saving it last saw it."""

    def __init__(self, reflection):
        super().__init__(f"Reflection {reflection.pk} is at version {reflection.version}")
        self.reflection = reflection


class NotAwaitingModeration(Exception):
    """Only a submitted reflection can be approved or rejected."""


class NoConsent(Exception):
    """The author has not agreed to publication: the reflection cannot be approved."""


def check_decidable(reflection: Reflection, *, approve: bool) -> None:
    """Raise why ``reflection`` cannot be approved (or rejected) now, if it cannot."""
    if reflection.status != Reflection.Status.SUBMITTED:
        raise NotAwaitingModeration(reflection.status)
    if approve and not reflection.consent:
        raise NoConsent(reflection)


# --- Personal links --------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def site_url_of(request) -> str:
    """The site's address as the request reached it (the host is one Django accepts): links
    sent by e-mail while answering a request point where the person is."""
    return request.build_absolute_uri("/").rstrip("/")


def reflection_url(token: str, language: str, site_url: str) -> str:
    """The personal link, opening the form in ``language``."""
    with translation.override(language):
        return site_url + reverse("reflections:reflect", kwargs={"token": token})


@transaction.atomic
def send_invitation(
    participant: Participant,
    *,
    site_url: str,
    by=None,
    template="reflections/emails/invitation",
    replace=True,
) -> Invitation:
    """Give ``participant`` a fresh personal link and e-mail it.

    With ``replace`` (staff sending a link), the older links stop at once. Without (the
    participant asking for one), they stop when the new one is first used: whoever knows an
    address cannot cut its owner off by asking for a link.
    """
    if not participant.email:
        raise ValueError(f"{participant} has no e-mail address")
    if not participant.roundtable.is_held:
        raise RoundTableNotHeld(participant.roundtable)
    now = timezone.now()
    if replace:
        participant.invitations.active(now).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        participant=participant,
        token_hash=hash_token(token),
        expires_at=now + timedelta(days=settings.REFLECTION_LINK_DAYS),
        created_by=by,
    )
    queue_email(
        to=participant.email,
        template=template,
        context={
            "participant": participant,
            "roundtable": participant.roundtable,
            "link": reflection_url(token, participant.language, site_url),
            "expires_at": invitation.expires_at,
            "site_url": site_url,
        },
        language=participant.language,
    )
    return invitation


# A participant whose reflection is under review or decided is not invited again.
REFLECTED = [
    Reflection.Status.SUBMITTED,
    Reflection.Status.APPROVED,
    Reflection.Status.REJECTED,
]


def participants_to_invite(participants, *, resend: bool):
    """Of ``participants``, those to invite to reflect: with an e-mail address, at a held
    round-table, whose reflection is not under review or decided; and, unless ``resend``,
    without a link that still works. The admin's action and the command both choose so."""
    chosen = (
        participants.exclude(email="")
        .filter(roundtable__status=RoundTable.Status.HELD)
        .exclude(reflection__status__in=REFLECTED)
    )
    if not resend:
        chosen = chosen.exclude(invitations__in=Invitation.objects.active())
    return chosen.distinct()


def find_invitation(token: str) -> Invitation | None:
    """The active invitation for ``token``, with its participant and round-table, or None
    (unknown, expired or revoked alike).

    The first use of a link stops the participant's older ones.
    """
    if not token or len(token) > 100:
        return None
    now = timezone.now()
    invitation = sql.active_invitation(hash_token(token), now)
    if invitation is None:
        return None
    if invitation.last_used_at is None:
        Invitation.objects.active(now).filter(
            participant=invitation.participant_id, created_at__lt=invitation.created_at
        ).update(revoked_at=now)
    if invitation.last_used_at is None or now - invitation.last_used_at > LAST_USED_PRECISION:
        Invitation.objects.filter(pk=invitation.pk).update(last_used_at=now)
    return invitation


def revoke_invitations(participants) -> int:
    now = timezone.now()
    return (
        Invitation.objects.active(now).filter(participant__in=participants).update(revoked_at=now)
    )


def send_new_links(email: str, *, site_url: str) -> int:
    """E-mail a fresh link for each held round-table the address is registered at. Returns
    how many. Links already sent keep working until the new one is used.

    The caller shows the same answer whether or not the address is known.
    """
    participants = Participant.objects.filter(
        email=email.strip().lower(), roundtable__status=RoundTable.Status.HELD
    ).select_related("roundtable")
    for participant in participants:
        send_invitation(
            participant,
            site_url=site_url,
            template="reflections/emails/new_link",
            replace=False,
        )
    return len(participants)


# --- The author's side -----------------------------------------------------------------------


def save_reflection(
    participant: Participant,
    *,
    data: dict,
    related_actions,
    submit: bool,
    version_seen: int | None,
    by=None,
) -> Reflection:
    """Save the author's text as a draft, or submit it for moderation; ``by`` is the user
    logged in, if any, for the history.

    Raises ReflectionClosed if a moderator has decided meanwhile, and EditConflict if it was
    changed elsewhere since ``version_seen`` (a repeat of the same save is not a conflict).
    The reflection and its history row are written in one statement (``sql``).
    """
    wanted = {action.pk for action in related_actions}
    # Two first saves at once (a double click): the one that finds the row made by the other
    # changes it as a second save would.
    return _create(participant, data, wanted, submit, by) or _change(
        participant, data, wanted, submit, version_seen, by
    )


def _create(participant, data, wanted, submit, by) -> Reflection | None:
    """The participant's first save, or None if they have a reflection already."""
    now = timezone.now()
    written = {
        "participant": participant.pk,
        **{name: data[name] for name in EDITABLE_FIELDS},
        "status": Reflection.Status.SUBMITTED if submit else Reflection.Status.DRAFT,
        "version": 1,
        "submitted_at": now if submit else None,
        "now": now,
    }
    # A single statement is a transaction of its own; links or an e-mail join it in one.
    with transaction.atomic() if wanted or submit else nullcontext():
        reflection = sql.create_with_history(written, by=by)
        if reflection is None:
            return None
        reflection.participant = participant
        if wanted:
            reflection.related_actions.set(wanted)
        if submit:
            _acknowledge(reflection, participant)
    return reflection


@transaction.atomic
def _change(participant, data, wanted, submit, version_seen, by) -> Reflection:
    reflection = Reflection.objects.select_for_update().get(participant=participant)
    target = Reflection.Status.SUBMITTED if submit else Reflection.Status.DRAFT
    if not reflection.is_open:
        raise ReflectionClosed(reflection)
    current_actions = set(reflection.related_actions.values_list("pk", flat=True))
    if _is_repeat(reflection, data, wanted, target, current_actions):
        return reflection
    # A form opened before the reflection existed saw version 0.
    if (version_seen or 0) != reflection.version:
        raise EditConflict(reflection)
    newly_submitted = submit and reflection.status != Reflection.Status.SUBMITTED
    for name in EDITABLE_FIELDS:
        setattr(reflection, name, data[name])
    reflection.status = target
    reflection.version += 1
    reflection.updated_at = timezone.now()
    if newly_submitted:
        reflection.submitted_at = reflection.updated_at
    sql.change_with_history(_written(reflection), by=by)
    if wanted != current_actions:
        reflection.related_actions.set(wanted)
    if newly_submitted:
        _acknowledge(reflection, participant)
    return reflection


def _written(reflection: Reflection) -> dict:
    """What an author's change writes of ``reflection`` (``sql``)."""
    return {
        "id": reflection.pk,
        **{name: getattr(reflection, name) for name in EDITABLE_FIELDS},
        "status": reflection.status,
        "version": reflection.version,
        "submitted_at": reflection.submitted_at,
        "now": reflection.updated_at,
    }


def _acknowledge(reflection: Reflection, participant: Participant) -> None:
    """Tell the author their reflection was received (once it is committed)."""
    queue_email(
        to=participant.email,
        template="reflections/emails/reflection_received",
        context={"participant": participant, "reflection": reflection},
        language=participant.language,
        key=f"reflection-{reflection.pk}-submitted-{reflection.version}",
    )


def _is_repeat(reflection, data, wanted, target, current_actions) -> bool:
    return (
        reflection.status == target
        and all(getattr(reflection, name) == data[name] for name in EDITABLE_FIELDS)
        and current_actions == wanted
    )


@transaction.atomic
def withdraw_reflection(participant: Participant) -> Reflection:
    reflection = Reflection.objects.select_for_update().get(participant=participant)
    if not reflection.is_open:
        raise ReflectionClosed(reflection)
    reflection.status = Reflection.Status.WITHDRAWN
    reflection.version += 1
    reflection.save(update_fields=["status", "version", "updated_at"])
    return reflection


# --- The moderator's side --------------------------------------------------------------------


@transaction.atomic
def decide(
    reflection: Reflection,
    *,
    approve: bool,
    by,
    site_url: str,
    reason: str = "",
    public_texts: dict | None = None,
    version_seen: int | None = None,
) -> Reflection:
    """Approve or reject a submitted reflection, record who and when, and tell the author.

    ``public_texts`` (e.g. {"public_meaning": "..."}) are the moderator's redactions.
    """
    # The e-mail to the author names the round-table: read it in the same query, lock only
    # the reflection.
    locked = (
        Reflection.objects.select_for_update(of=("self",))
        .select_related("participant__roundtable")
        .get(pk=reflection.pk)
    )
    check_decidable(locked, approve=approve)
    if version_seen is not None and version_seen != locked.version:
        raise EditConflict(locked)
    for name, text in (public_texts or {}).items():
        setattr(locked, name, text)
    locked.status = Reflection.Status.APPROVED if approve else Reflection.Status.REJECTED
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.decision_reason = reason
    locked.full_clean(exclude=["participant"])
    locked.save()
    if locked.participant.email:
        queue_email(
            to=locked.participant.email,
            template="reflections/emails/reflection_decided",
            context={
                "participant": locked.participant,
                "reflection": locked,
                "site_url": site_url,
            },
            language=locked.participant.language,
            key=f"reflection-{locked.pk}-decided-{locked.version}-{locked.status}",
        )
    return locked
