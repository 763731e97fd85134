"""The liaison with Chinese authorities: its models live in modules by concern."""

from outreach.difficulty_models import Difficulty, DifficultyAttachment, DifficultyEntry
from outreach.liaison_models import (
    Announcement,
    AuthorityBody,
    Contact,
    FollowUp,
    Interest,
    Level,
    Opportunity,
)

__all__ = [
    "Announcement",
    "AuthorityBody",
    "Contact",
    "Difficulty",
    "DifficultyAttachment",
    "DifficultyEntry",
    "FollowUp",
    "Interest",
    "Level",
    "Opportunity",
]
