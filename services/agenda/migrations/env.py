import services.agenda.calendar.models
import services.agenda.minutes.models  # noqa: F401
from services.agenda.models import Base
from shared.db.alembic_env import run_migrations

run_migrations(Base.metadata)
