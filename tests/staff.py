"""Staff in the admin: their roles, and the addresses of the admin's pages."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from roundtables.models import Participant

from .factories import ReflectionFactory, UserFactory


def admin_url(label, view="changelist", *args):
    """The admin page ``view`` of the model "app.model" (e.g. "actions.action")."""
    app, model = label.split(".")
    return reverse(f"admin:{app}_{model}_{view}", args=args)


def member_of(client, group):
    """Log ``client`` in as a new staff member of ``group`` (Editors, Moderators, Viewers)."""
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return user


@pytest.fixture
def submitted(demo):
    """A reflection from the Lao delegate at Bangkok, waiting for moderation."""
    participant = Participant.objects.get(email="bangkok-2018.delegate.la@example.org")
    return ReflectionFactory(participant=participant, status="submitted")
