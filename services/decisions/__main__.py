from services.decisions.bootstrap import build_runtime
from shared.cli import service_main

service_main(build_runtime)
