"""Participants with their personal links, and the moderation of their reflections."""

from .moderation import ModerationQueueAdmin, ReflectionAdmin
from .participants import ParticipantAdmin

__all__ = ["ModerationQueueAdmin", "ParticipantAdmin", "ReflectionAdmin"]
