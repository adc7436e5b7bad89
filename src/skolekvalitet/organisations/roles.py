"""The roles of domain.md and what each may do. The only list of roles in the code."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER_ADMIN = "owner_admin", _("Owner administrator")
    POLITICIAN = "politician", _("Politician")
    PRINCIPAL = "principal", _("Principal")
    SCHOOL_LEADER = "school_leader", _("School leader")
    TEACHER = "teacher", _("Teacher")
    UNION_REP = "union_rep", _("Union or safety representative")
    PUPIL_REP = "pupil_rep", _("Pupil council")
    PARENT_REP = "parent_rep", _("Parent representative")


OWNER_ROLES = frozenset({Role.OWNER_ADMIN, Role.POLITICIAN, Role.UNION_REP})
SCHOOL_ROLES = frozenset(Role) - {Role.OWNER_ADMIN, Role.POLITICIAN}
# Owner-level roles that see every school of the owner (read only for politicians).
OWNER_WIDE_READERS = frozenset({Role.OWNER_ADMIN, Role.POLITICIAN})
SCHOOL_EDITORS = frozenset({Role.PRINCIPAL, Role.SCHOOL_LEADER})
SCHOOL_LEADERSHIP = SCHOOL_EDITORS
# Who works at a school: answers and reads the staff questionnaires.
SCHOOL_STAFF = frozenset({Role.PRINCIPAL, Role.SCHOOL_LEADER, Role.TEACHER, Role.UNION_REP})
