from services.agenda.bootstrap import build_runtime
from services.agenda.commands import COMMANDS
from shared.cli import service_main

service_main(build_runtime, commands=COMMANDS)
