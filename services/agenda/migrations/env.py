# The calendar's, the minutes' and the notices' tables live on the same Base, in modules of their own.
import services.agenda.calendar.models
import services.agenda.minutes.models
import services.agenda.notices.models  # noqa: F401
from services.agenda.models import Base
from shared.db.alembic_env import run_migrations

run_migrations(Base.metadata)
