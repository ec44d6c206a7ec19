"""Who is asking, and what their role lets them do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

ROLES = ("admin", "secretary", "member")


@dataclass(frozen=True)
class Principal:
    role: str
    user_id: uuid.UUID | None = None
    municipality_id: uuid.UUID | None = None
    member_id: uuid.UUID | None = None
    name: str = ""

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def manages(self, municipality_id: uuid.UUID) -> bool:
        """May prepare agendas and change data of this municipality."""
        return self.is_admin or (self.role == "secretary" and self.municipality_id == municipality_id)

    def belongs_to(self, municipality_id: uuid.UUID) -> bool:
        return self.is_admin or (self.is_authenticated and self.municipality_id == municipality_id)


ANONYMOUS = Principal(role="anonymous")

# The system itself acting (demo data, event handlers): may do what an administrator may.
SYSTEM = Principal(role="admin", user_id=uuid.UUID(int=0), name="System")
