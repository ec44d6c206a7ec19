from services.awards.bootstrap import build_runtime
from services.awards.commands import COMMANDS
from shared.cli import service_main

service_main(build_runtime, commands=COMMANDS)
