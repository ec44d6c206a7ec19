# The browser fixture is a plugin, not imported per module: one Playwright per test process,
# however many modules use it (a second sync Playwright in one process fails).
pytest_plugins = ["tests.support.fixtures", "tests.support.browser", "tests.support.smtp"]
